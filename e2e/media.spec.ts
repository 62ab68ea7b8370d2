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
  await page.goto('./?backend=wasm&lang=en#/demo/senior-checkin');
  await page.getByTestId('mic-start').click();
  await expect(page.getByTestId('mic-stop')).toBeVisible();
  await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('mic-stop').click();
  await expect(page.getByTestId('mic-start')).toBeVisible();
});

test('kiosk idle reset stops the camera and clears what the visitor left', async ({ page }) => {
  // Record every stream the page opens, to check its tracks have ended after the reset.
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    Object.assign(window, { openedStreams: streams });
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      streams.push(stream);
      return stream;
    };
  });
  await page.goto('./?kiosk=1&idle=3&attract=600&backend=wasm&lang=en');
  await page.getByTestId('kiosk-start').click();
  await page.locator('[data-demo-id="road-sign"]').click();
  await page.getByTestId('camera-start').click();
  await expect(page.getByTestId('camera')).toBeVisible();
  const live = () => page.evaluate(() => (window as unknown as { openedStreams: MediaStream[] }).openedStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);
  expect(await live()).toBeGreaterThan(0);
  // The visitor captures a frame and waits for the reading, touching a key now and then so
  // the 3 s idle timer does not fire while the model loads.
  await expect.poll(() => page.getByTestId('camera').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await page.getByTestId('camera-capture').click();
  const result = page.getByTestId('no-text').or(page.getByTestId('ocr-line').first());
  await expect(async () => {
    await page.keyboard.press('Shift');
    await expect(result).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('ocr-picture')).toBeVisible();
  // Nobody touches the screen for 3 s: back to the attract loop, camera off.
  await expect(page.getByTestId('kiosk')).toHaveAttribute('data-mode', 'attract', { timeout: 10_000 });
  await expect(page.getByTestId('camera')).toHaveCount(0);
  expect(await live()).toBe(0);
  // The next visitor opening the same demo finds nothing of the last one.
  await page.getByTestId('kiosk-start').click();
  await page.locator('[data-demo-id="road-sign"]').click();
  await expect(page.getByTestId('demo')).toHaveAttribute('data-demo', 'road-sign');
  await expect(page.getByTestId('ocr-picture')).toHaveCount(0);
  await expect(result).toHaveCount(0);
});
