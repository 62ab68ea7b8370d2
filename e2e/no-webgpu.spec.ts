import { expect, ortBuildsFetched, test } from './fixtures.ts';

// Runs in the `no-webgpu` project: Chromium launched without the WebGPU flags.
test('without WebGPU the ladder lands on WASM and shows why', async ({ page }) => {
  await page.goto('./?lang=en#/device');
  await expect(page.getByTestId('webgpu-status')).toHaveText('unavailable');
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  const reason = page.getByTestId('fallback-reason').locator('li').first();
  await expect(reason).toHaveAttribute('data-backend', 'webgpu');
  expect(['no-navigator-gpu', 'no-adapter']).toContain(await reason.getAttribute('data-reason'));
});

test('forcing WebGPU without WebGPU still answers, on WASM, with the reason, and fetches no GPU build', async ({ page, context }) => {
  const builds = ortBuildsFetched(context);
  await page.goto('./?backend=webgpu&lang=en#/device');
  await page.getByTestId('selftest-run').click();
  await expect(page.getByTestId('selftest-verdict')).toHaveAttribute('data-pass', 'true');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('fallback-reason')).toBeVisible();
  // A device without WebGPU downloads the 14 MB WASM-only build, never a 17–27 MB GPU build.
  expect([...builds]).toEqual(['wasm']);
});
