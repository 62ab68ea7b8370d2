import { expect, test } from './fixtures.ts';

test('device page reports SwiftShader WebGPU, isolation and WASM threads', async ({ page }) => {
  await page.goto('./#/device');
  await expect(page.getByTestId('webgpu-status')).toHaveText('software');
  await expect(page.getByTestId('gpu-architecture')).toHaveText(/swiftshader/i);
  await expect(page.getByTestId('isolated')).toHaveText('true');
  const threads = Number(await page.getByTestId('wasm-threads').textContent());
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(threads).toBe(Math.min(cores, 4));
  // Auto would skip the software adapter; the page says so before anything runs.
  await expect(page.getByTestId('default-backend')).toHaveText('wasm');
  await expect(page.getByTestId('default-skipped').locator('li')).toHaveAttribute('data-reason', 'software-adapter');
});

test('Korean by default, English one click away, and ?lang=en', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('분야별 AI 체험');
  for (const sector of ['automotive', 'healthcare', 'energy', 'citizen']) {
    await expect(page.getByTestId(`sector-${sector}`)).toBeVisible();
  }
  await page.getByTestId('lang-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Try AI by sector');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('./?lang=en#/device');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What this device can do');
});

test('the backend setting persists and changes the plan', async ({ page }) => {
  await page.goto('./?lang=en#/device');
  await page.getByTestId('backend-preference').selectOption('webgpu');
  await expect(page.getByTestId('default-backend')).toHaveText('webgpu');
  await page.reload();
  await expect(page.getByTestId('backend-preference')).toHaveValue('webgpu');
  await expect(page.getByTestId('default-backend')).toHaveText('webgpu');
});
