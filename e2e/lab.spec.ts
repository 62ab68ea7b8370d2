/**
 * The Model Lab end to end, in real Chromium against the real server: each tiny model is
 * uploaded, inspected, run on WASM and WebGPU, and the values the page exports are checked
 * against onnxruntime-node run here on the same inputs; every bad input gets its message;
 * models and history survive a reload; the exported JSON matches its schema.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { deflateSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import * as ort from 'onnxruntime-node';
import { fromHalf, makeTensor } from '../src/lab/inputs.ts';
import type { LabReport } from '../src/lab/report.ts';
import type { NumericTensorType } from '../src/shared/tensor.ts';
import { expect, test } from './fixtures.ts';
import { validate } from './json-schema.ts';
import type { Page } from '@playwright/test';

const FIXTURES = 'e2e/fixtures/lab';
const schema = JSON.parse(readFileSync('docs/lab-report.schema.json', 'utf8')) as Record<string, unknown>;

async function openLab(page: Page, query = '') {
  await page.goto(`./?lang=en${query}#/lab`);
  await expect(page.getByTestId('lab')).toHaveAttribute('data-ready', 'true');
}

async function upload(page: Page, ...names: string[]) {
  await page.getByTestId('lab-file').setInputFiles(names.map((n) => `${FIXTURES}/${n}`));
}

async function exportReport(page: Page): Promise<LabReport> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lab-export-json').click()]);
  const report = JSON.parse(await readFile((await download.path())!, 'utf8')) as LabReport;
  expect(validate(schema, report)).toEqual([]);
  return report;
}

/** The page's report inputs rebuilt here (same seeded generator) and run on onnxruntime-node. */
async function expectedOutputs(model: string, report: LabReport): Promise<Record<string, number[]>> {
  const session = await ort.InferenceSession.create(`${FIXTURES}/${model}`);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of report.inputs) {
    expect(input.source).toBe('random');
    const t = makeTensor(input.dtype as NumericTensorType, input.dims, { kind: 'random', seed: input.seed! });
    feeds[input.name] = new ort.Tensor(t.type as 'float32', t.data as Float32Array, t.dims);
  }
  const results = await session.run(feeds);
  const out: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(results)) {
    const data = tensor.data as ArrayLike<number | bigint | boolean>;
    out[name] = tensor.type === 'float16' ? Array.from(data as Uint16Array, (b) => fromHalf(b)) : Array.from(data, Number);
  }
  await session.release();
  return out;
}

function expectValues(actual: number[], expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((a, i) => Math.abs(a - expected[i]!)));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

const MODELS: { files: string[]; inputs: string[]; outputs: string[] }[] = [
  { files: ['classifier.onnx'], inputs: ['image'], outputs: ['probs'] },
  { files: ['multi-io.onnx'], inputs: ['a', 'b'], outputs: ['sum', 'prod'] },
  { files: ['fp16.onnx'], inputs: ['x'], outputs: ['y', 'z'] },
  { files: ['int64-gather.onnx'], inputs: ['ids'], outputs: ['vectors', 'next_ids'] },
  { files: ['bool-uint8.onnx'], inputs: ['pixels', 'mask'], outputs: ['scaled', 'inverted'] },
  { files: ['external-data.onnx', 'external-data.onnx.data'], inputs: ['x'], outputs: ['y'] },
];

test.describe('Model Lab', () => {
  test('each tiny model: inspected, run on WASM and WebGPU, values match onnxruntime-node, report matches its schema', async ({ page }) => {
    test.setTimeout(240_000);
    await openLab(page, '&backend=webgpu');
    for (const model of MODELS) {
      const name = model.files[0]!.replace('.onnx', '');
      await upload(page, ...model.files);
      await expect(page.getByTestId('lab-selected')).toHaveAttribute('data-name', name);
      await expect(page.getByTestId('lab-input')).toHaveCount(model.inputs.length);
      for (const input of model.inputs) await expect(page.locator(`[data-testid="lab-input"][data-name="${input}"]`)).toBeVisible();
      await expect(page.getByTestId('lab-output')).toHaveCount(model.outputs.length);
      await page.getByTestId('lab-warm-runs').fill('3');
      await page.getByTestId('lab-run-wasm').click();
      await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-max-abs-diff', '0');
      await page.getByTestId('lab-run-webgpu').click();
      const webgpu = page.locator('[data-testid="lab-compare"][data-backend="webgpu"]');
      await expect(webgpu).toBeVisible({ timeout: 90_000 });
      await expect(page.getByTestId('lab-running')).toHaveCount(0, { timeout: 90_000 });

      const report = await exportReport(page);
      expect(report.model.name).toBe(name);
      expect(report.results.map((r) => r.backend)).toEqual(['webgpu', 'wasm']);
      // float16 kernels need shader-f16, which SwiftShader lacks: the Lab warns before and names the failure after.
      const f16Refused = name === 'fp16' && !report.environment.shaderF16;
      if (f16Refused) {
        await expect(page.getByTestId('lab-f16')).toBeVisible();
        await expect(webgpu).toHaveAttribute('data-ok', 'false');
        expect(report.results[0]!.error?.kind).toBe('UnsupportedOpError');
        await expect(page.getByRole('alert')).toContainText('operator that is not supported');
      } else {
        await expect(webgpu).toHaveAttribute('data-ok', 'true');
        expect(Number(await webgpu.getAttribute('data-max-abs-diff'))).toBeLessThan(1e-3);
      }
      const expected = await expectedOutputs(model.files[0]!, report);
      for (const result of report.results.filter((r) => !(f16Refused && r.backend === 'webgpu'))) {
        expect(result.ok).toBe(true);
        expect(result.warm?.n).toBe(3);
        for (const output of result.outputs!) {
          expect(output.truncated).toBe(false);
          expectValues(output.values, expected[output.name]!, result.backend === 'wasm' ? 1e-6 : 1e-3);
        }
      }
    }
  });
});

const problem = (page: Page, code: string) => page.locator(`[data-testid="lab-problem"][data-code="${code}"]`);

test.describe('Model Lab: bad input', () => {
  test('bad files are refused with a message and the Lab keeps working', async ({ page }) => {
    await openLab(page);
    const file = page.getByTestId('lab-file');
    await file.setInputFiles({ name: 'photo.onnx', mimeType: 'application/octet-stream', buffer: readFileSync('public/icons/icon-192.png') });
    await expect(problem(page, 'not-onnx')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('not an ONNX model');
    await file.setInputFiles({ name: 'empty.onnx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await expect(problem(page, 'empty')).toBeVisible();
    await file.setInputFiles({ name: 'cut.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(`${FIXTURES}/classifier.onnx`).subarray(0, 500) });
    await expect(problem(page, 'truncated')).toBeVisible();
    // Over 2 GB, dropped: one 1 MiB Blob referenced 2049 times, so nothing of that size is allocated;
    // the Lab must refuse it from File.size before reading a byte.
    await page.getByTestId('lab-dropzone').evaluate((zone) => {
      const mib = new Blob([new Uint8Array(2 ** 20)]);
      const big = new File(Array.from({ length: 2049 }, () => mib), 'huge.onnx');
      const transfer = new DataTransfer();
      transfer.items.add(big);
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await expect(problem(page, 'too-large')).toBeVisible();
    await expect(page.getByTestId('lab-model')).toHaveCount(0);
    // Still working: a good model goes in.
    await upload(page, 'classifier.onnx');
    await expect(page.getByTestId('lab-selected')).toHaveAttribute('data-name', 'classifier');
    await expect(page.getByTestId('lab-params')).toHaveAttribute('data-value', '137');
    await expect(page.getByTestId('lab-problem')).toHaveCount(0);
  });

  test('the schema check itself refuses broken reports (so its passing means something)', async ({ page }) => {
    await openLab(page);
    await upload(page, 'classifier.onnx');
    await page.getByTestId('lab-warm-runs').fill('1');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-ok', 'true');
    const report = (await exportReport(page)) as unknown as Record<string, unknown>;
    const noEnvironment = { ...report };
    delete noEnvironment['environment'];
    expect(validate(schema, noEnvironment).length).toBeGreaterThan(0);
    expect(validate(schema, { ...report, surprise: 1 }).length).toBeGreaterThan(0);
    expect(validate(schema, { ...report, results: 'none' }).length).toBeGreaterThan(0);
  });

  test('in Korean: a renamed picture, an empty file and a cut file each say what is wrong', async ({ page }) => {
    await page.goto('./?lang=ko#/lab');
    await expect(page.getByTestId('lab')).toHaveAttribute('data-ready', 'true');
    const file = page.getByTestId('lab-file');
    await file.setInputFiles({ name: 'photo.onnx', mimeType: 'application/octet-stream', buffer: readFileSync('public/icons/icon-192.png') });
    await expect(page.getByRole('alert')).toContainText('ONNX 모델 파일이 아닙니다');
    await file.setInputFiles({ name: 'empty.onnx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await expect(page.getByRole('alert')).toContainText('파일이 비어 있습니다');
    await file.setInputFiles({ name: 'cut.onnx', mimeType: 'application/octet-stream', buffer: readFileSync(`${FIXTURES}/classifier.onnx`).subarray(0, 500) });
    await expect(page.getByRole('alert')).toContainText('중간에 잘려 있습니다');
  });

  test('models that cannot run: over 4 GB of WASM memory, an op no backend has, an error at run time', async ({ page }) => {
    await openLab(page);
    await upload(page, 'huge-external.onnx');
    await expect(page.getByTestId('lab-params')).toHaveAttribute('data-value', '1200000000');
    await page.getByTestId('lab-run-wasm').click();
    await expect(problem(page, 'wasm-memory')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('datacenter');

    await upload(page, 'unsupported-op.onnx');
    await expect(page.locator('[data-testid="lab-op"][data-op="Frobnicate"]')).toHaveAttribute('data-support', 'none');
    await expect(problem(page, 'unsupported-op')).toBeVisible();
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-ok', 'false');

    await upload(page, 'runtime-error.onnx');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="error"][data-kind="RunError"]')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('failed while running');
    // With n = 15 the Reshape to [3, 5] is possible: the same model then runs.
    await page.locator('[data-testid="lab-dim"][data-name="n"]').fill('15');
    await page.locator('[data-testid="lab-dim"][data-name="n"]').dispatchEvent('change');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-max-abs-diff', '0');
  });

  test('inputs of the wrong shape or type', async ({ page }) => {
    await openLab(page);
    await upload(page, 'multi-io.onnx');
    const a = page.locator('[data-testid="lab-input"][data-name="a"]');
    await a.getByTestId('lab-input-source').selectOption('file');
    await a.getByTestId('lab-input-file').setInputFiles({ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from('[[1, 2], [3, 4]]') });
    await expect(a).toHaveAttribute('data-dims', '[2,2]');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="error"][data-kind="InvalidInputError"]')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('shape or data type does not match');

    await upload(page, 'classifier.onnx');
    const image = page.locator('[data-testid="lab-input"][data-name="image"]');
    await image.getByTestId('lab-input-source').selectOption('file');
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3, 8, 8), }";
    const padded = header.padEnd(128 - 10 - 1, ' ') + '\n';
    const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, padded.length, 0]), Buffer.from(padded), Buffer.alloc(192 * 8)]);
    await image.getByTestId('lab-input-file').setInputFiles({ name: 'image.npy', mimeType: 'application/octet-stream', buffer: npy });
    await expect(problem(page, 'npy-dtype')).toBeVisible();
  });

  test('addresses that 404 or are blocked by CORS', async ({ page }) => {
    const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(readFileSync(`${FIXTURES}/classifier.onnx`)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await openLab(page);
      await page.getByTestId('lab-url').fill(new URL('models/no-such-model.onnx', page.url()).href);
      await page.getByTestId('lab-url-add').click();
      await expect(problem(page, 'url-not-found')).toBeVisible();
      // A server that sends no Access-Control-Allow-Origin: the browser refuses the response.
      await page.getByTestId('lab-url').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}/classifier.onnx`);
      await page.getByTestId('lab-url-add').click();
      await expect(problem(page, 'url-blocked')).toBeVisible();
      // The same model from this origin works.
      await page.getByTestId('lab-url').fill(new URL('models/selftest-mlp/1/model.onnx', page.url()).href);
      await page.getByTestId('lab-url-add').click();
      await expect(page.getByTestId('lab-selected')).toHaveAttribute('data-name', 'model');
    } finally {
      server.close();
    }
  });
});

test.describe('Model Lab: storage', () => {
  test('a reload keeps the models and the run history; rename and delete', async ({ page }) => {
    await openLab(page);
    await upload(page, 'multi-io.onnx');
    await page.getByTestId('lab-warm-runs').fill('2');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('lab-history')).toHaveCount(1);
    await page.reload();
    await expect(page.getByTestId('lab')).toHaveAttribute('data-ready', 'true');
    const row = page.locator('[data-testid="lab-model"][data-name="multi-io"]');
    await expect(row).toBeVisible();
    await row.getByTestId('lab-select').click();
    await expect(page.getByTestId('lab-history')).toHaveCount(1);
    await expect(page.getByTestId('lab-history')).toHaveAttribute('data-backends', 'wasm');
    await row.getByTestId('lab-rename').click();
    await page.getByTestId('lab-rename-input').fill('adder');
    await page.getByTestId('lab-rename-save').click();
    await expect(page.locator('[data-testid="lab-model"][data-name="adder"]')).toBeVisible();
    await page.reload();
    const renamed = page.locator('[data-testid="lab-model"][data-name="adder"]');
    await expect(renamed).toBeVisible();
    await renamed.getByTestId('lab-delete').click();
    await expect(page.getByTestId('lab-model')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('lab')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('lab-model')).toHaveCount(0);
  });
});

test.describe('Model Lab: datacenter', () => {
  test('after consent the model is uploaded under its content hash and compared with WASM; declining sends nothing', async ({ page, context }) => {
    await openLab(page);
    await upload(page, 'classifier.onnx');
    await page.getByTestId('lab-warm-runs').fill('2');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-ok', 'true');
    await page.getByTestId('lab-run-datacenter').click();
    // Its own question: the whole file goes, and stays on the server.
    await expect(page.getByTestId('consent-upload')).toContainText('the whole model file');
    await page.getByTestId('consent-allow').click();
    const row = page.locator('[data-testid="lab-compare"][data-backend="datacenter"]');
    await expect(row).toHaveAttribute('data-ok', 'true');
    expect(Number(await row.getAttribute('data-max-abs-diff'))).toBeLessThan(1e-5);
    const report = await exportReport(page);
    const dc = report.results.find((r) => r.backend === 'datacenter')!;
    expect(dc.datacenterModel).toEqual({ name: expect.stringMatching(/^lab-[0-9a-f]{16}$/), uploaded: true });
    expect(dc.createMs).toBeGreaterThan(0);
    expect(dc.agreement?.argmaxAgreement).toBe(1);
    // The server really has it, under that name.
    expect((await page.request.get(`v2/models/${dc.datacenterModel!.name}/ready`)).status()).toBe(200);

    const other = await context.newPage();
    await openLab(other);
    await other.locator('[data-testid="lab-model"][data-name="classifier"]').getByTestId('lab-select').click();
    const uploads: string[] = [];
    other.on('request', (r) => {
      if (r.url().includes('/v2/repository/')) uploads.push(r.url());
    });
    await other.getByTestId('lab-run-datacenter').click();
    await other.getByTestId('consent-deny').click();
    await expect(other.locator('[data-testid="lab-compare"][data-backend="datacenter"]')).toHaveAttribute('data-ok', 'false');
    await expect(other.getByRole('alert')).toBeVisible();
    expect(uploads).toEqual([]);
  });
});

/** An 8-bit RGB PNG (no colour chunks, filter 0), enough for a known picture. */
function png(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows.set(rgb(x, y), y * (1 + width * 3) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

test.describe('Model Lab: picture input and Markdown', () => {
  test('a picture fills an NCHW input (scaled to 0–1) and the result matches onnxruntime-node; Markdown export', async ({ page }) => {
    const colour = (x: number, y: number): [number, number, number] => [x * 32, y * 32, (x + y) * 16];
    await openLab(page);
    await upload(page, 'classifier.onnx');
    const image = page.locator('[data-testid="lab-input"][data-name="image"]');
    await image.getByTestId('lab-input-source').selectOption('image');
    await image.getByTestId('lab-input-image').setInputFiles({ name: 'gradient.png', mimeType: 'image/png', buffer: png(8, 8, colour) });
    await expect(image.getByTestId('lab-input-loaded')).toContainText('NCHW');
    await page.getByTestId('lab-run-wasm').click();
    await expect(page.locator('[data-testid="lab-compare"][data-backend="wasm"]')).toHaveAttribute('data-ok', 'true');
    const report = await exportReport(page);
    expect(report.inputs).toEqual([{ name: 'image', dtype: 'float32', dims: [1, 3, 8, 8], source: 'image' }]);
    const pixels = new Float32Array(192);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) pixels[c * 64 + y * 8 + x] = colour(x, y)[c]! / 255;
    const session = await ort.InferenceSession.create(`${FIXTURES}/classifier.onnx`);
    const expected = Array.from((await session.run({ image: new ort.Tensor('float32', pixels, [1, 3, 8, 8]) }))['probs']!.data as Float32Array);
    expectValues(report.results[0]!.outputs![0]!.values, expected, 1e-6);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lab-export-md').click()]);
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain('# Model Lab report: classifier');
    expect(markdown).toMatch(/\| wasm \| ok \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(markdown).toContain('`image` float32 [1, 3, 8, 8]: image');
  });
});
