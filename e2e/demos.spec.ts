/** Every demo on its bundled samples, through the UI, on WASM (and OCR once on WebGPU). */
import { readFileSync } from 'node:fs';
import recipe from '../models/health-risk/recipe-output.json' with { type: 'json' };
import { editDistance, normalizeForCer } from '../src/tasks/ocr/cer.ts';
import { expect, test } from './fixtures.ts';

interface OcrSample {
  file: string;
  framing: string;
  lines: string[];
}
interface VadSample {
  file: string;
  segments: { startMs: number; endMs: number }[];
}
const ocrSamples = JSON.parse(readFileSync('public/samples/ocr/samples.json', 'utf8')) as OcrSample[];
const vadSamples = (JSON.parse(readFileSync('public/samples/vad/samples.json', 'utf8')) as { samples: VadSample[] }).samples;
const FRAMING_OF: Record<string, string> = { 'meter-reader': 'energy', 'medication-label': 'healthcare', 'road-sign': 'automotive' };
/** Compare text the way a reader would: case and spaces aside. */
const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');

test('the gallery links every demo', async ({ page }) => {
  await page.goto('./?lang=en');
  const ids = await page.locator('[data-demo-id]').evaluateAll((links) => links.map((a) => a.getAttribute('data-demo-id')));
  expect(ids).toEqual(expect.arrayContaining(['meter-reader', 'medication-label', 'road-sign', 'voice-trigger', 'senior-checkin', 'health-risk', 'text-reader']));
  await page.locator('[data-demo-id="meter-reader"]').click();
  await expect(page).toHaveURL(/#\/demo\/meter-reader$/);
  await expect(page.getByTestId('demo')).toHaveAttribute('data-demo', 'meter-reader');
});

for (const [demoId, framing] of Object.entries(FRAMING_OF)) {
  test(`${demoId} reads its first sample on WASM`, async ({ page }) => {
    const sample = ocrSamples.find((s) => s.framing === framing)!;
    await page.goto(`./?backend=wasm&lang=en#/demo/${demoId}`);
    await page.getByTestId('sample').first().click();
    const lines = page.getByTestId('ocr-line');
    await expect(lines.first()).toBeVisible({ timeout: 60_000 });
    // The text alone (the confidence sits in a second span), against every expected line in
    // full: within the character error rate measured in Node (docs/OCR.md), not verbatim,
    // since the model really does misread a letter here and there ("5o0mg").
    const read = normalizeForCer((await lines.locator('span:first-child').allTextContents()).join('').toLowerCase());
    const truth = normalizeForCer(sample.lines.join('').toLowerCase());
    expect(editDistance(read, truth) / truth.length, `read "${read}"`).toBeLessThan(0.1);
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    expect(Number(await page.getByTestId('latency-ms').textContent())).toBeGreaterThan(0);
  });
}

test('OCR on WebGPU (SwiftShader) reads the same text as on WASM, on a small picture', async ({ page }) => {
  // SwiftShader compiles every shader of both recognizers on the CPU: minutes on a loaded
  // 2-core machine, so the wait is long (this checks results, not speed).
  test.setTimeout(300_000);
  // Small on purpose: SwiftShader compiles every shader on the CPU, once per input shape.
  const picture = { name: 'exit.png', mimeType: 'image/png', buffer: readFileSync('bench/ocr-eval/20-road.png') };
  const read = async (backend: string) => {
    await page.goto(`./?backend=${backend}#/demo/road-sign`);
    await page.getByTestId('input-file').setInputFiles(picture);
    await expect(page.getByTestId('backend')).toHaveText(backend, { timeout: 240_000 });
    return page.getByTestId('ocr-line').locator('span:first-child').allTextContents();
  };
  const onWasm = await read('wasm');
  expect(squash(onWasm.join(''))).toContain('exit73');
  expect(await read('webgpu')).toEqual(onWasm);
});

test('an unreadable file gets a clear message and the page keeps working', async ({ page }) => {
  await page.goto('./?lang=en#/demo/text-reader');
  await page.getByTestId('input-file').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
  await expect(page.getByTestId('input-problem')).toContainText('cannot be read as a picture');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
});

// The voice page (senior-checkin) on two of its samples; voice-trigger is the wake-word demo now.
for (const [demoId, index] of [['senior-checkin', 0], ['senior-checkin', 1]] as const) {
  test(`${demoId}, sample ${index}: speech segments match the known gaps`, async ({ page }) => {
    const known = vadSamples[index]!.segments;
    await page.goto(`./?backend=wasm&lang=en#/demo/${demoId}`);
    await page.getByTestId('sample').nth(index).click();
    const segments = page.getByTestId('speech-segment');
    await expect(segments).toHaveCount(known.length, { timeout: 60_000 });
    const found = await segments.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-start-ms')), Number(e.getAttribute('data-end-ms'))]));
    found.forEach(([start, end], i) => {
      expect(Math.abs(start! - known[i]!.startMs), `segment ${i} start`).toBeLessThan(300);
      expect(Math.abs(end! - known[i]!.endMs), `segment ${i} end`).toBeLessThan(400);
    });
  });
}

test('health risk: a probability for typical values, a clear message for an impossible one', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/health-risk');
  await expect(page.getByTestId('not-advice')).toBeVisible();
  await page.getByTestId('run').click();
  const score = page.getByTestId('risk-score');
  await expect(score).toHaveText(/^\d{1,3}%$/);
  await expect(score).toHaveAttribute('data-level', /low|moderate|high/);
  await expect(page.getByTestId('model-quality')).toContainText('%');
  await page.getByTestId('field-bmi').fill('400');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('input-problem')).toHaveAttribute('data-field', 'bmi');
  await expect(page.getByTestId('input-problem')).toContainText('Body mass index must be between 18 and 42.2');
  await expect(page.getByTestId('field-bmi')).toHaveAttribute('aria-invalid', 'true');
  // The same refusal in Korean: the message is built from the field, not from English text.
  await page.getByTestId('lang-ko').click();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('input-problem')).toContainText('체질량지수 값은 18–42.2');
  // A held-out patient from the recipe fills every field and gets the recipe's own probability.
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('input-problem')).toHaveCount(0);
  await expect(page.getByTestId('field-bmi')).toHaveValue('33.8');
  await expect(score).toHaveText(`${Math.round(recipe.rows[0]!.sklearnProbability * 100)}%`);
});

test('health risk and voice on the datacenter: the same answers as this device, and no on-device claim', async ({ page }) => {
  const risk = async (backend: string) => {
    await page.goto(`./?backend=${backend}&consent=granted&lang=en#/demo/health-risk`);
    await page.getByTestId('sample').nth(1).click();
    await expect(page.getByTestId('backend')).toHaveText(backend);
    return page.getByTestId('risk-score').textContent();
  };
  expect(await risk('datacenter')).toBe(await risk('wasm'));

  // Silero's int64 sample rate and its carried state cross the wire on every chunk.
  const segments = async (backend: string) => {
    await page.goto(`./?backend=${backend}&consent=granted&lang=en#/demo/senior-checkin`);
    await page.getByTestId('sample').first().click();
    await expect(page.getByTestId('backend')).toHaveText(backend, { timeout: 60_000 });
    await expect(page.getByTestId('speech-segment')).toHaveCount(vadSamples[0]!.segments.length, { timeout: 60_000 });
    return page.getByTestId('speech-segment').evaluateAll((els) => els.map((e) => [e.getAttribute('data-start-ms'), e.getAttribute('data-end-ms')]));
  };
  const remote = await segments('datacenter');
  await expect(page.getByTestId('on-device')).toHaveCount(0);
  expect(remote).toEqual(await segments('wasm'));
  await expect(page.getByTestId('on-device')).toBeVisible();
});
