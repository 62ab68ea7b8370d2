import { expect, test } from './fixtures.ts';

// Runs in the `no-webgpu` project (the file name matches it): Chromium without WebGPU.
test('the Lab without WebGPU: its column is off with the reason, WASM still runs', async ({ page }) => {
  await page.goto('./?lang=en#/lab');
  await expect(page.getByTestId('lab')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('lab-file').setInputFiles('e2e/fixtures/lab/multi-io.onnx');
  await expect(page.getByTestId('lab-selected')).toHaveAttribute('data-name', 'multi-io');
  await expect(page.getByTestId('lab-run-webgpu')).toBeDisabled();
  await expect(page.locator('[data-testid="lab-unavailable"][data-backend="webgpu"]')).toBeVisible();
  await page.getByTestId('lab-warm-runs').fill('2');
  await page.getByTestId('lab-run-wasm').click();
  await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-max-abs-diff', '0');
});
