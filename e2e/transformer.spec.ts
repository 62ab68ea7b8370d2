/**
 * The datacenter as KServe deploys it, from the browser: the app talks to our server acting
 * as a transformer (it holds no model, only the OCR dictionary), which runs the OCR
 * pipeline and sends every model call to a second server acting as the predictor (standing
 * in for Triton). The visitor's photo goes to the transformer; the predictor sees tensors.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { editDistance } from '../src/tasks/ocr/cer.ts';
import { RECOGNIZERS } from '../src/tasks/ocr/recognizers.ts';
import { startEndpoint } from './endpoint-process.ts';
import { expect, test } from './fixtures.ts';

const calls = async (url: string, model: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`nv_inference_request_success\\{model="${model}",version="1"\\} (\\d+)`).exec(text)?.[1] ?? 0);
};

test('an OCR job through a transformer in front of a predictor reads the same text as this device', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const repository = mkdtempSync(join(tmpdir(), 'ax-transformer-'));
  for (const { dictionaryPath } of RECOGNIZERS) {
    mkdirSync(join(repository, dirname(dictionaryPath)), { recursive: true });
    cpSync(join('models', dictionaryPath), join(repository, dictionaryPath));
  }
  const predictor = await startEndpoint(origin);
  const transformer = await startEndpoint(origin, { MODEL_REPOSITORY: repository, PREDICTOR_URL: predictor.url });
  try {
    const photo = readFileSync('public/samples/ocr/automotive-plate.png');
    const read = async (query: string) => {
      await page.goto(`./?${query}&lang=en#/demo/road-sign`);
      await page.getByTestId('input-file').setInputFiles({ name: 'plate.png', mimeType: 'image/png', buffer: photo });
      await expect(page.getByTestId('decision')).toHaveAttribute('data-actual-ms', /\d+/, { timeout: 90_000 });
      return (await page.getByTestId('ocr-line').locator('span:first-child').allTextContents()).join('|');
    };
    const before = await calls(predictor.url, 'ppocr-det');
    const remote = await read(`backend=datacenter&consent=granted&endpoint=${encodeURIComponent(transformer.url)}`);
    await expect(page.getByTestId('decision')).toHaveAttribute('data-backend', 'datacenter');
    // The predictor ran the models: the transformer has none of its own.
    expect(await calls(predictor.url, 'ppocr-det')).toBe(before + 1);
    expect(await calls(predictor.url, 'ppocr-rec')).toBeGreaterThan(0);
    // Decoded by the server instead of the browser: within half a character per hundred.
    const local = await read('backend=wasm');
    expect(editDistance(remote, local) / local.length).toBeLessThanOrEqual(0.005);
  } finally {
    await transformer.stop();
    await predictor.stop();
    rmSync(repository, { recursive: true });
  }
});
