/** Without the fake-UI flag, Chromium refuses the permission prompt: the page says so plainly. */
import { expect, test } from './fixtures.ts';

test('a denied camera gets a clear message and the samples still work', async ({ page }) => {
  await page.goto('./?lang=en#/demo/road-sign');
  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('input-problem')).toContainText(/denied|No camera/);
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
});
