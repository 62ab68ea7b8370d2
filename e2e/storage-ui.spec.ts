/** The Storage section as a visitor or exhibitor uses it, on the real app and its model repository. */
import catalogJson from '../models/catalog.json' with { type: 'json' };
import { expect, test } from './fixtures.ts';

/** Every model, and every file beside one (the dictionary): all of it is stored for offline use. */
const everyId = catalogJson.models.flatMap((m) => [m.id, ...m.files.filter((f) => f.path !== '1/model.onnx').map((f) => `${m.id}/${f.path}`)]).sort();

test('download all for offline, see every model with its size, delete one, delete all', async ({ page }) => {
  await page.goto('./?lang=en#/device');
  await expect(page.getByTestId('storage-empty')).toBeVisible();
  // Record what the progress bar shows: downloads are fast on loopback, so watch every change.
  await page.evaluate(() => {
    const seen: number[] = [];
    Object.assign(window, { progressSeen: seen });
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      if (bar) seen.push(Number(bar.getAttribute('aria-valuenow')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  await page.getByTestId('download-all').click();
  await expect(page.getByTestId('cache-entry')).toHaveCount(everyId.length, { timeout: 60_000 });
  const ids = await page.getByTestId('cache-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model-id')));
  expect(ids.sort()).toEqual(everyId);
  await expect(page.locator('[data-testid="cache-entry"][data-model-id="ppocr-rec"]')).toContainText('10 MB');
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((v) => v >= 0 && v <= 100)).toBe(true);

  await expect(page.getByTestId('cache-entry').filter({ hasText: 'ppocr_keys_v1.txt' })).toContainText('Text recognition (PP-OCRv4 rec)');
  await page.getByRole('button', { name: 'Delete: Text recognition (PP-OCRv4 rec)', exact: true }).click();
  await expect(page.getByTestId('cache-entry')).toHaveCount(everyId.length - 1);
  await expect(page.locator('[data-model-id="ppocr-rec"]')).toHaveCount(0);
  await page.getByTestId('delete-all').click();
  await expect(page.getByTestId('storage-empty')).toBeVisible();
});

test('the self-test result says where the model came from, in Korean too', async ({ page }) => {
  await page.goto('./?backend=wasm#/device');
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('model-source')).toHaveAttribute('data-from', 'network');
  // The Storage list follows: the self-test model is now cached.
  await expect(page.locator('[data-testid="cache-entry"][data-model-id="selftest-mlp"]')).toBeVisible();
  await expect(page.getByTestId('model-source')).toContainText('네트워크에서 받음');
  // Once the result is shown the progress bar is gone, even if a late progress message arrives.
  await page.waitForTimeout(300);
  await expect(page.getByTestId('selftest').getByTestId('model-progress')).toHaveCount(0);
  await page.reload();
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('model-source')).toHaveAttribute('data-from', 'cache');
});
