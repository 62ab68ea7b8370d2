/**
 * Live camera reading (issue 14), with Chromium's fake camera showing a real electricity
 * meter sample (the `camera` project): the reading holds the meter's digits, frames keep
 * being read, and the camera stops with Stop, on leaving the page and on a kiosk's idle reset.
 */
import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    cameraStreams: MediaStream[];
  }
}

/** Keeps every stream the page opens, to check that its tracks were stopped. */
async function recordStreams(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.cameraStreams = [];
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      window.cameraStreams.push(stream);
      return stream;
    };
  });
}

const liveTracks = (page: Page) =>
  page.evaluate(() => window.cameraStreams.flatMap((s) => s.getVideoTracks()).filter((t) => t.readyState === 'live').length);

test('reads the meter continuously from the camera, with the frame rate, and Stop turns the camera off', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await recordStreams(page);
  await page.goto('./?backend=wasm&lang=en#/demo/meter-reader');
  await page.getByTestId('live-start').click();
  await expect(page.getByTestId('live-reading')).toContainText('04721', { timeout: 120_000 });
  const fps = page.getByTestId('live-fps');
  // A new frame whenever the last is read: at least two frames, at a rate above zero.
  await expect.poll(async () => Number(await fps.getAttribute('data-frames')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => Number(await fps.getAttribute('data-fps'))).toBeGreaterThan(0);
  // The measured rate, kept in the report (a number of this machine, not a target).
  testInfo.annotations.push({ type: 'live frames per second', description: `${await fps.getAttribute('data-fps')} after ${await fps.getAttribute('data-frames')} frames` });
  // The frame read is drawn with its boxes in the result area, like any picture, and stays
  // shown while the next frame is read.
  await expect(page.getByTestId('ocr-line').first()).toBeVisible();
  // Scrolled down to that result, the camera's own picture is out of view, and frames are
  // still read (from the camera, not from a video the browser may stop painting).
  await page.getByTestId('ocr-picture').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByTestId('live-video')).not.toBeInViewport();
  const before = Number(await fps.getAttribute('data-frames'));
  await expect.poll(async () => Number(await fps.getAttribute('data-frames')), { timeout: 60_000 }).toBeGreaterThanOrEqual(before + 2);
  await expect(page.getByTestId('live-reading')).toContainText('04721');
  expect(await liveTracks(page)).toBe(1);
  await page.getByTestId('live-stop').click();
  await expect(page.getByTestId('live-camera')).toHaveCount(0);
  expect(await liveTracks(page)).toBe(0);
  // Leaving the page (another demo) stops it too.
  await page.getByTestId('live-start').click();
  await expect.poll(() => liveTracks(page)).toBe(1);
  await page.goto('./?backend=wasm&lang=en#/demo/voice-trigger');
  await expect.poll(() => liveTracks(page)).toBe(0);
});

test('kiosk: a visitor reads live, walks away, and the idle reset stops the camera', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await recordStreams(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('./?kiosk=1&idle=8&backend=wasm&lang=en');
  await page.getByTestId('kiosk-start').click();
  await page.locator('[data-demo-id="meter-reader"]').click();
  await page.getByTestId('live-start').click();
  await expect(page.getByTestId('live-camera')).toHaveAttribute('data-running', 'true');
  await expect.poll(() => liveTracks(page)).toBe(1);
  // The live reading and the result are on screen together in the booth layout.
  await expect(page.getByTestId('live-reading')).toBeInViewport();
  await testInfo.attach('kiosk-live-camera-1920x1080', { body: await page.screenshot(), contentType: 'image/png' });
  await expect(page.getByTestId('kiosk')).toHaveAttribute('data-mode', 'attract', { timeout: 60_000 });
  await expect.poll(() => liveTracks(page)).toBe(0);
});
