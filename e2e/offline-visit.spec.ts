/**
 * Offline after one ordinary visit, as a visitor meets it: no "prepare" step. Whatever ran
 * once (the OCR models and the recognizer's dictionary, Silero VAD) is in the verified store,
 * the app shell in the service worker's precache, so with the network gone a reload still
 * reads a sign and hears a clip. The page says when it is ready (`offline-ready`) and the
 * test waits for that, as a visitor would, before the network goes.
 */
import { expect, test, underServiceWorker } from './fixtures.ts';

test('one ordinary visit, then offline: the OCR and voice demos that ran run again', async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto('./?backend=wasm&lang=en#/demo/road-sign');
  await underServiceWorker(page);
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
  await page.goto('./?backend=wasm&lang=en#/demo/senior-checkin');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 60_000 });
  // The page says when it is ready: the precache complete and both demos' models stored;
  // what is still not available offline is named (the datacenter, the risk demo never run).
  const ready = page.getByTestId('offline-ready');
  await expect(ready).toBeVisible({ timeout: 30_000 });
  await expect(ready.getByTestId('offline-missing')).toContainText('the datacenter');
  await expect(ready.getByTestId('offline-missing')).toContainText('Diabetes progression risk');
  await expect(ready.getByTestId('offline-missing')).not.toContainText('Road sign');

  await context.setOffline(true);
  try {
    await page.reload();
    await page.goto('./?backend=wasm&lang=en#/demo/road-sign');
    await page.getByTestId('sample').first().click();
    await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('model-source')).toHaveAttribute('data-from', 'cache');
    await page.goto('./?backend=wasm&lang=en#/demo/senior-checkin');
    await page.getByTestId('sample').first().click();
    await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 60_000 });
    // The document reader's sample and pdf.js's worker come from the precache too.
    await page.goto('./?backend=wasm&lang=en#/demo/document-reader');
    await page.getByTestId('sample').click();
    await expect(page.getByRole('progressbar', { name: 'Pages read' })).toHaveAttribute('aria-valuenow', '3', { timeout: 90_000 });
  } finally {
    await context.setOffline(false);
  }
});

test('the very first visit, before the service worker controls the page, still leaves the runtime it used stored', async ({ page, context }) => {
  test.setTimeout(180_000);
  // No reload under the service worker: this page's (and its workers') fetches pass it by.
  await page.goto('./?backend=wasm&lang=en#/demo/road-sign');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  // The WASM rung's build is in the offline cache; no GPU build was fetched or stored.
  const stored = await page.evaluate(async () => (await (await caches.open('ax-ort-builds')).keys()).map((r) => new URL(r.url).pathname));
  expect(stored).toEqual([expect.stringMatching(/\/ort-wasm-simd-threaded-[\w-]+\.wasm$/)]);
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(false);

  await context.setOffline(true);
  try {
    await page.reload();
    await page.getByTestId('sample').first().click();
    await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('model-source')).toHaveAttribute('data-from', 'cache');
  } finally {
    await context.setOffline(false);
  }
});
