/**
 * Camera and microphone, in the `media` project: Chromium's fake devices (a test-pattern
 * camera; a microphone that plays a bundled speech clip) with the permission prompt accepted.
 */
import { expect, test } from './fixtures.ts';

test('the camera starts, a frame is captured and read, and the camera stops', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/text-reader');
  await page.getByTestId('camera-start').click();
  const video = page.getByTestId('camera');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await page.getByTestId('camera-capture').click();
  // The fake camera shows a moving test pattern: whatever it reads, a result comes back.
  await expect(page.getByTestId('no-text').or(page.getByTestId('ocr-line').first())).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('camera-stop').click();
  await expect(video).toHaveCount(0);
});

test('the microphone streams speech into live segments, and stops', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/voice-trigger');
  await page.getByTestId('mic-start').click();
  await expect(page.getByTestId('mic-stop')).toBeVisible();
  await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('mic-stop').click();
  await expect(page.getByTestId('mic-start')).toBeVisible();
});
