/**
 * The other ways a visitor hands over a picture or a sound, and what goes wrong with them:
 * drag and drop, paste, a photo far bigger than the screen with nothing written on it, and
 * a sound file that is not sound. All through the real pages on WASM.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures.ts';

const roadSign = readFileSync('bench/ocr-eval/20-road.png').toString('base64');

/** Builds a File inside the page from base64 bytes and hands it over as drop or paste. */
async function handOver(page: Page, how: 'drop' | 'paste', base64: string) {
  // The demo's view loads with its route: its drop zone and paste listener exist once it shows.
  await expect(page.locator('.dropzone')).toBeVisible();
  await page.evaluate(
    ({ how, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'photo.png', { type: 'image/png' }));
      if (how === 'drop') {
        const zone = document.querySelector('.dropzone')!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      } else {
        window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      }
    },
    { how, base64 },
  );
}

for (const how of ['drop', 'paste'] as const) {
  test(`a picture given by ${how} is read`, async ({ page }) => {
    await page.goto('./?backend=wasm&lang=en#/demo/road-sign');
    await handOver(page, how, roadSign);
    await expect(page.getByTestId('ocr-picture')).toBeVisible();
    const lines = page.getByTestId('ocr-line').locator('span:first-child');
    await expect(lines.first()).toBeVisible({ timeout: 60_000 });
    expect((await lines.allTextContents()).join('').toLowerCase().replace(/\s+/g, '')).toContain('exit73');
  });
}

test('a 5000×5000 photo with nothing written on it: scaled down, and "no text" said plainly', async ({ page }) => {
  const blank = new PNG({ width: 5000, height: 5000 });
  blank.data.fill(255);
  await page.goto('./?backend=wasm&lang=en#/demo/text-reader');
  await page.getByTestId('input-file').setInputFiles({ name: 'wall.png', mimeType: 'image/png', buffer: PNG.sync.write(blank) });
  await expect(page.getByTestId('no-text')).toBeVisible({ timeout: 60_000 });
  const size = await page.getByTestId('ocr-picture').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
  expect(size).toEqual([1920, 1920]);
});

test('a sound file that is not sound gets a clear message, and a sample still works', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=ko#/demo/senior-checkin');
  await page.getByTestId('input-file').setInputFiles({ name: 'clip.wav', mimeType: 'audio/wav', buffer: Buffer.from('RIFF but not really a wave file') });
  await expect(page.getByRole('alert')).toContainText('소리로 읽을 수 없습니다');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('speech-segment').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('input-problem')).toHaveCount(0);
});
