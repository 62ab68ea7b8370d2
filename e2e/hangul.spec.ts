/**
 * Hangul is read (issue 16): the Hangul recognizer trained here gives onnxruntime-node's
 * probabilities on WASM and on WebGPU for a line the product itself cropped, and a Korean
 * notice reads the same on this device and whole in the datacenter, with the measured
 * Hangul error rate shown beside it.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { nodeRunner } from '../scripts/lib/node-runner.ts';
import evaluation from '../bench/results/ocr-cer.json' with { type: 'json' };
import recipe from '../scripts/recipes/hangul_rec/state/recipe-output.json' with { type: 'json' };
import { ctcCharset, ctcGreedyDecode } from '../src/tasks/ocr/ctc.ts';
import { loadRecognizers, runOcr } from '../src/tasks/ocr/index.ts';
import { decodePng } from '../src/tasks/ocr/png.ts';
import type { WireTensorOf } from '../src/shared/tensor.ts';
import { expect, test } from './fixtures.ts';

const HANGUL_REC = { id: 'hangul-rec', url: 'models/hangul-rec/1/model.onnx' };
const readModelText = (path: string) => readFileSync(`models/${path}`, 'utf8');

/**
 * The Hangul recognizer's input and output when the product's pipeline (onnxruntime-node)
 * reads `picture`: a real crop, resized and normalized by the code the page runs.
 */
async function productCrop(picture: string): Promise<{ x: WireTensorOf<'float32'>; probs: Float32Array; dims: number[] }> {
  const runner = nodeRunner();
  let seen: { x: WireTensorOf<'float32'>; probs: Float32Array; dims: number[] } | undefined;
  try {
    const recognizers = await loadRecognizers(readModelText);
    await runOcr(decodePng(readFileSync(picture), (d) => inflateSync(d)), async (model, inputs, signal) => {
      const outputs = await runner.run(model, inputs, signal);
      if (model === HANGUL_REC.id && !seen) {
        const probs = Object.values(outputs)[0]!;
        seen = { x: inputs['x'] as WireTensorOf<'float32'>, probs: probs.data as Float32Array, dims: probs.dims };
      }
      return outputs;
    }, { recognizers });
  } finally {
    await runner.release();
  }
  if (!seen) throw new Error(`the pipeline never ran ${HANGUL_REC.id} on ${picture}`);
  return seen;
}

const dictionary = (await loadRecognizers(readModelText)).find((r) => r.model === HANGUL_REC.id)!.dictionary;
const decode = (probs: ArrayLike<number>, dims: number[]) => ctcGreedyDecode(probs, dims[1]!, dims[2]!, ctcCharset(dictionary)).text;

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`the Hangul recognizer on ${backend} matches onnxruntime-node on a line the product cropped`, async ({ debug }) => {
    test.setTimeout(300_000); // SwiftShader compiles every shader on the CPU
    const reference = await productCrop('bench/ocr-eval-ko/19-road.png');
    // The reference itself reads the sign: the comparison covers a real reading.
    expect(decode(reference.probs, reference.dims)).toBe('화순 11km');
    await debug.open(`backend=${backend}`);
    const result = await debug.run({ model: HANGUL_REC, inputs: { x: { dims: reference.x.dims, values: [...reference.x.data] } } });
    if (!result.ok) throw new Error(`${result.name}: ${result.message}`);
    expect(result.backend).toBe(backend);
    const output = result.outputs['probs']!;
    expect(output.dims).toEqual(reference.dims);
    let maxAbsDiff = 0;
    output.data.forEach((v, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - reference.probs[i]!))));
    expect(maxAbsDiff).toBeLessThan(1e-3);
    expect(decode(output.data, output.dims)).toBe('화순 11km');
  });
}

/** The lines of the Korean notice sample, read on `backend` in the notice reader. */
async function readNotice(page: Page, backend: string): Promise<{ text: string; recognizer: string | null }[]> {
  await page.goto(`./?backend=${backend}&consent=granted&lang=ko#/demo/text-reader`);
  await page.locator('[data-testid="sample"]:has(img[src$="citizen-notice-ko.png"])').click();
  await expect(page.getByTestId('result')).toHaveAttribute('data-completed', '1', { timeout: 120_000 });
  await expect(page.getByTestId('decision')).toHaveAttribute('data-backend', backend);
  return page.getByTestId('ocr-line').evaluateAll((lines) => lines.map((l) => ({ text: l.querySelector('span')!.textContent!, recognizer: l.getAttribute('data-recognizer') })));
}

test('a Korean notice is read in Hangul, the same on this device and in the datacenter, its error rate shown', async ({ page }) => {
  test.setTimeout(240_000);
  const here = await readNotice(page, 'wasm');
  const hangulLines = here.filter((l) => /[가-힣]/u.test(l.text));
  expect(hangulLines.length).toBeGreaterThanOrEqual(2);
  expect(hangulLines.every((l) => l.recognizer === 'hangul-rec')).toBe(true);
  const joined = here.map((l) => l.text.replace(/\s/g, '')).join('|');
  expect(joined).toContain('민원실운영시간');
  expect(joined).toContain('점심시간12:00~13:00');
  // The measured Hangul error rates, not "not read", are what the page says: on the
  // evaluation's pictures and on the recipe's degraded lines, both in held-out fonts.
  const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
  await expect(page.getByTestId('hangul-note')).toContainText(percent(evaluation.byScript.hangul.cer));
  await expect(page.getByTestId('hangul-note')).toContainText(percent(recipe.heldOutCer.hangul.cer));
  await expect(page.getByTestId('ocr-quality')).toContainText(percent(evaluation.byScript.hangul.cer));

  const there = await readNotice(page, 'datacenter');
  expect(there).toEqual(here);
});
