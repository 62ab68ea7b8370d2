/** Without the fake-UI flag, Chromium refuses camera and microphone prompts: the page says so plainly. */
import { expect, test } from './fixtures.ts';

test('a denied camera gets a clear message and the samples still work', async ({ page }) => {
  await page.goto('./?lang=en#/demo/road-sign');
  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('input-problem')).toContainText(/denied|No camera/);
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
});

test('a denied microphone gets a clear message and the samples still work', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/senior-checkin');
  await page.getByTestId('mic-start').click();
  await expect(page.getByTestId('input-problem')).toContainText(/Microphone access was denied|No microphone/);
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 60_000 });
});
