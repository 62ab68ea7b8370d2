/** Exhibitions: QR codes, the attract loop, the booth counter, and running offline. */
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { DEMOS } from '../src/demos/demos.ts';
import { expect, test, underServiceWorker } from './fixtures.ts';

test('each demo shows a QR code that decodes to its own address', async ({ page }) => {
  for (const demo of DEMOS) {
    await page.goto(`./?lang=en#/demo/${demo.id}`);
    const qr = page.getByTestId('qr');
    await expect(qr).toHaveAttribute('data-url', new RegExp(`/\\?lang=en#/demo/${demo.id}$`));
    // Read the picture itself, as a phone would: PNG decoded and QR located by jsQR in Node.
    const src = (await qr.locator('img').getAttribute('src'))!;
    const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data, demo.id).toBe(await qr.getAttribute('data-url'));
  }
});

test('kiosk timings set on the Device page apply to #/kiosk, which has no way out to the site', async ({ page }) => {
  await page.goto('./?lang=en#/device');
  await page.getByTestId('kiosk-idle').fill('2');
  await page.getByTestId('kiosk-attract').fill('600');
  await expect(page.getByTestId('kiosk-open')).toHaveAttribute('href', /idle=2&attract=600/);
  await page.goto('./?lang=en#/kiosk');
  await page.getByTestId('kiosk-start').click();
  await page.locator('[data-demo-id="health-risk"]').click();
  await expect(page.getByTestId('demo')).toBeVisible();
  await expect(page.locator('.crumbs')).toHaveCount(0);
  await expect(page.getByTestId('kiosk')).toHaveAttribute('data-mode', 'attract', { timeout: 10_000 });
});

test('kiosk mode: the attract loop plays the demos in turn until someone touches', async ({ page }) => {
  await page.goto('./?kiosk=1&attract=2&lang=en');
  const kiosk = page.getByTestId('kiosk');
  await expect(kiosk).toHaveAttribute('data-mode', 'attract');
  const first = await kiosk.getAttribute('data-demo');
  // It moves on once the demo's own run has finished (model download and warm-up included).
  await expect(kiosk).not.toHaveAttribute('data-demo', first!, { timeout: 60_000 });
  // The first demo plays on its own sample.
  await page.getByTestId('kiosk-start').click();
  await expect(kiosk).toHaveAttribute('data-mode', 'visitor');
  await page.locator('[data-demo-id="health-risk"]').click();
  await expect(kiosk).toHaveAttribute('data-demo', 'health-risk');
  await expect(page.getByTestId('lang-ko')).toBeVisible();
});

test('the booth counter counts visitor runs, survives a reload and exports CSV', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/health-risk');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('risk-score')).toBeVisible();
  await page.getByTestId('run').click();
  await page.goto('./?lang=en#/device');
  await page.reload();
  const row = page.getByTestId('booth-counter').locator('[data-demo-id="health-risk"]');
  await expect(row.getByTestId('booth-count')).toHaveText('2');
  const download = page.waitForEvent('download');
  await page.getByTestId('booth-export').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain('demo,runs');
  expect(csv).toContain('"health-risk",2');
  expect(csv).toContain('"meter-reader",0');
});

test('prepared once online, the kiosk runs two demos offline after a reload', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto('./?backend=wasm&lang=en#/device');
  await underServiceWorker(page);
  await page.getByTestId('kiosk-prepare').click();
  await expect(page.getByTestId('kiosk-prepared')).toBeVisible({ timeout: 120_000 });

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.goto('./?backend=wasm&lang=en#/demo/meter-reader');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('model-source')).toHaveAttribute('data-from', 'cache');
  await page.goto('./?backend=wasm&lang=en#/demo/senior-checkin');
  await page.getByTestId('sample').nth(1).click();
  await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 60_000 });
  await context.setOffline(false);
});

test.describe('without a service worker (a first visit)', () => {
  test.use({ serviceWorkers: 'block' });

  test('preparing with no room left for the runtime says so, not "the connection dropped"; with room, it prepares', async ({ page }) => {
    test.setTimeout(180_000);
    // The browser's own refusal, as a full quota gives it: the page stores the builds itself.
    await page.addInitScript(() => {
      const add = Cache.prototype.add;
      Cache.prototype.add = function (request: RequestInfo | URL) {
        if ((window as unknown as { full?: boolean }).full !== false && String(request instanceof Request ? request.url : request).includes('ort-wasm')) {
          return Promise.reject(new DOMException('quota exceeded', 'QuotaExceededError'));
        }
        return add.call(this, request);
      };
    });
    await page.goto('./?backend=wasm&lang=ko#/device');
    await page.getByTestId('kiosk-prepare').click();
    const error = page.getByTestId('kiosk-admin').getByTestId('error');
    await expect(error).toHaveAttribute('data-kind', 'StorageFullError', { timeout: 120_000 });
    await expect(error).toContainText('저장할 공간이 없습니다');
    await expect(page.getByTestId('kiosk-prepared')).toHaveCount(0);
    await page.evaluate(() => ((window as unknown as { full?: boolean }).full = false));
    await error.getByTestId('retry').click();
    await expect(page.getByTestId('kiosk-prepared')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('kiosk-admin').getByTestId('error')).toHaveCount(0);
  });
});
