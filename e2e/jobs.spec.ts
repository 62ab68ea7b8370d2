/**
 * Jobs, not tensors, from outside: a whole OCR job crosses into the worker once and the main
 * thread stays free; every result shows where it ran, both predictions and the actual time,
 * and the backend of every model; the same job in the datacenter reads the same text.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { editDistance } from '../src/tasks/ocr/cer.ts';
import { decodeWav, encodeWav, toPcm16 } from '../src/tasks/vad/wav.ts';
import { expect, test } from './fixtures.ts';

const OCR_MODELS = ['ppocr-det', 'ppocr-cls', 'ppocr-rec', 'hangul-rec'];

/** A sample picture blown up 3× (nearest neighbour): a phone-sized photo with the sample's text. */
function bigPhoto(file: string): Buffer {
  const small = PNG.sync.read(readFileSync(file));
  const big = new PNG({ width: small.width * 3, height: small.height * 3 });
  for (let y = 0; y < big.height; y++) {
    for (let x = 0; x < big.width; x++) small.data.copy(big.data, (y * big.width + x) * 4, (((y / 3) | 0) * small.width + ((x / 3) | 0)) * 4, (((y / 3) | 0) * small.width + ((x / 3) | 0)) * 4 + 4);
  }
  return PNG.sync.write(big);
}

async function readLines(page: Page): Promise<string> {
  const lines = page.getByTestId('ocr-line').locator('span:first-child');
  await expect(lines.first()).toBeVisible({ timeout: 90_000 });
  return (await lines.allTextContents()).join('').replace(/\s+/g, '').toLowerCase();
}

test('the gallery names the sector of every demo', async ({ page }) => {
  await page.goto('./?lang=en');
  const cards = await page.locator('[data-demo-id]').evaluateAll((links) => links.map((a) => [a.getAttribute('data-demo-id'), a.getAttribute('data-sector')]));
  expect(cards.length).toBeGreaterThanOrEqual(7);
  for (const [, sector] of cards) expect(['automotive', 'healthcare', 'energy', 'citizen']).toContain(sector);
  expect(cards).toContainEqual(['meter-reader', 'energy']);
  expect(cards).toContainEqual(['text-reader', 'citizen']);
});

test('an OCR job on this device: no main-thread long task over 100 ms, the decision and every model shown', async ({ page }) => {
  await page.addInitScript(() => {
    const seen: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof seen }).longTasks = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('./?backend=wasm&lang=en#/demo/meter-reader');
  // Load the models first (a cold start compiles WASM and reads IndexedDB), then time a job.
  await page.getByTestId('sample').first().click();
  await readLines(page);
  const photo = bigPhoto('public/samples/ocr/energy-electricity-meter.png');
  await expect(page.getByTestId('result')).toHaveAttribute('data-completed', '1');
  const from = await page.evaluate(() => performance.now());
  await page.getByTestId('input-file').setInputFiles({ name: 'meter.png', mimeType: 'image/png', buffer: photo });
  // The second job, not the first one's lines still on screen.
  await expect(page.getByTestId('result')).toHaveAttribute('data-completed', '2', { timeout: 90_000 });
  const read = await readLines(page);
  const to = await page.evaluate(() => performance.now());
  expect(read).toContain('kwh');
  const long = await page.evaluate(([a, b]) => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter((t) => t.start >= a! && t.start <= b!), [from, to]);
  expect(long.filter((t) => t.duration > 100), JSON.stringify(long)).toEqual([]);

  const decision = page.getByTestId('decision');
  await expect(decision).toHaveAttribute('data-backend', 'wasm');
  await expect(decision).toHaveAttribute('data-reason', 'forced');
  expect(Number(await decision.getAttribute('data-predicted-local-ms'))).toBeGreaterThan(0);
  // The test server is a live datacenter: its prediction is shown too.
  expect(Number(await decision.getAttribute('data-predicted-datacenter-ms'))).toBeGreaterThan(0);
  expect(Number(await decision.getAttribute('data-actual-ms'))).toBeGreaterThan(0);
  const models = await page.getByTestId('model-backend').evaluateAll((els) => els.map((e) => [e.getAttribute('data-model-id'), e.getAttribute('data-backend')]));
  expect(models.map(([id]) => id).sort()).toEqual([...OCR_MODELS].sort());
  expect(models.every(([, backend]) => backend === 'wasm')).toBe(true);
});

test('the same OCR job whole in the datacenter: the photo goes up, the same text comes back', async ({ page }) => {
  const photo = readFileSync('public/samples/ocr/automotive-plate.png');
  const run = async (backend: string) => {
    await page.goto(`./?backend=${backend}&consent=granted&lang=en#/demo/road-sign`);
    await page.getByTestId('input-file').setInputFiles({ name: 'plate.png', mimeType: 'image/png', buffer: photo });
    const text = await readLines(page);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-backend', backend);
    return text;
  };
  const uploads: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/v2/models/ocr/infer')) uploads.push(request.postDataBuffer()?.length ?? 0);
  });
  const remote = await run('datacenter');
  // One request, carrying the photo itself: no float tensors, at most 1.5× the file.
  expect(uploads).toHaveLength(1);
  expect(uploads[0]).toBeLessThanOrEqual(photo.length * 1.5);
  const models = await page.getByTestId('model-backend').evaluateAll((els) => els.map((e) => e.getAttribute('data-backend')));
  expect(models).toEqual(OCR_MODELS.map(() => 'datacenter'));
  await expect(page.getByTestId('server-ms')).toContainText('ms');
  const local = await run('wasm');
  // Decoded and scaled by the server instead of the browser: within half a character per hundred.
  expect(editDistance(remote, local) / local.length).toBeLessThanOrEqual(0.005);
});

test('a job whose datacenter stops answering runs here, and says why', async ({ page }) => {
  await page.goto('./?backend=datacenter&consent=granted&lang=en&endpoint=http%3A%2F%2F127.0.0.1%3A9#/demo/health-risk');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('risk-score')).toHaveText(/^\d{1,3}%$/, { timeout: 60_000 });
  await expect(page.getByTestId('decision')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('decision')).toHaveAttribute('data-predicted-datacenter-ms', '');
});

test('a ten-minute recording is one job: the timeline fills as it goes, every repeat of the speech is found', async ({ page }) => {
  test.setTimeout(400_000);
  const clip = decodeWav(readFileSync('public/samples/vad/ko-senior-checkin.wav'));
  const known = (JSON.parse(readFileSync('public/samples/vad/samples.json', 'utf8')) as { samples: { segments: unknown[] }[] }).samples[0]!.segments.length;
  // The clip, then two seconds of silence, over and over for ten minutes.
  const period = clip.samples.length + 2 * clip.sampleRate;
  const repeats = Math.floor((600 * clip.sampleRate) / period);
  const pcm = new Int16Array(600 * clip.sampleRate);
  for (let r = 0; r < repeats; r++) pcm.set(toPcm16(clip.samples), r * period);
  await page.goto('./?backend=wasm&lang=en#/demo/senior-checkin');
  await page.getByTestId('input-file').setInputFiles({ name: 'ten-minutes.wav', mimeType: 'audio/wav', buffer: Buffer.from(encodeWav(pcm, clip.sampleRate)) });
  const bar = page.getByRole('progressbar', { name: 'Progress of the job' });
  await expect(bar).toHaveAttribute('aria-valuemax', '600', { timeout: 60_000 });
  // Part of the way through, the timeline already shows what was heard.
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThan(0);
  const drawn = await page.locator('svg.timeline polyline').getAttribute('points');
  expect((drawn ?? '').split(' ').length).toBeGreaterThan(10);
  await expect(page.getByTestId('decision')).toHaveAttribute('data-backend', 'wasm', { timeout: 300_000 });
  // Every repeat of the clip holds speech. (A repeat can split or join a pause differently
  // from the clip alone: the model's state runs on from the repeat before it.)
  const starts = await page.getByTestId('speech-segment').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-ms'))));
  const periodMs = (period / clip.sampleRate) * 1000;
  for (let r = 0; r < repeats; r++) expect(starts.some((s) => s >= r * periodMs - 300 && s < (r + 1) * periodMs), `repeat ${r}`).toBe(true);
  expect(starts.length).toBeGreaterThanOrEqual(repeats * known * 0.95);
  expect(starts.length).toBeLessThanOrEqual(repeats * (known + 1));
  expect(Number(await page.getByTestId('decision').getAttribute('data-actual-ms'))).toBeGreaterThan(0);
});
