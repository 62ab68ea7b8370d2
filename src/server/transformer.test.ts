/**
 * Transformer mode with two instances of our own server on loopback: A serves the models
 * (the predictor), B has only the OCR dictionary and `PREDICTOR_URL` = A, so B runs the
 * pipelines and A runs every model call. Then the ways a predictor can fail: not
 * listening, refusing B's key.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import recipe from '../../models/health-risk/recipe-output.json' with { type: 'json' };
import { taskOf } from '../tasks/registry.ts';
import { healthValuesOf } from '../tasks/tabular/health-fields.ts';
import { RECOGNIZERS } from '../tasks/ocr/recognizers.ts';
import { loadConfig } from './config.ts';
import { predictorInfer } from './predictor-client.ts';
import { MODELS, metricOf, readInferResponse, repositoryWith, startTestServer, type TestServer } from './test-server.ts';
import { packBytes } from '../shared/tensor.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const plate = new Uint8Array(readFileSync('public/samples/ocr/automotive-plate.png'));
const values = healthValuesOf(recipe.rows[0]!.features);
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
const ocrJob = () => taskOf('ocr').wire.encodeInput({ image: plate });
const form = () => taskOf('health-risk-form').wire.encodeInput(values);

/** A loopback URL nothing listens on: a port the OS just gave out and took back. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const scratch: string[] = [];
/** B's repository: no model at all, only the files the OCR task reads beside its models. */
const dictionaryOnly = () => {
  const root = repositoryWith(RECOGNIZERS.map((r) => r.dictionaryPath));
  scratch.push(root);
  return root;
};
const servers: TestServer[] = [];
const start = async (env: Record<string, string>) => {
  const server = await startTestServer(env);
  servers.push(server);
  return server;
};
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const root of scratch) rmSync(root, { recursive: true });
});

describe('our server as a KServe transformer in front of our server as the predictor', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await start({ MODEL_REPOSITORY: MODELS });
    b = await start({ MODEL_REPOSITORY: dictionaryOnly(), PREDICTOR_URL: `${a.url}/` });
  });

  it('B serves the pipelines, ready because A serves their models', async () => {
    expect((await fetch(`${b.url}/v2/models/ocr`)).status).toBe(200);
    expect((await fetch(`${b.url}/v2/models/ocr/ready`)).status).toBe(200);
    expect((await fetch(`${b.url}/v2/health/ready`)).status).toBe(200);
    expect((await fetch(`${b.url}/v2/models/ppocr-det`)).status).toBe(404);
  });

  it('ocr on B gives the answer A gives, and A ran the model calls', async () => {
    const detBefore = await metricOf(a, 'nv_inference_request_success', 'ppocr-det');
    const recBefore = await metricOf(a, 'nv_inference_request_success', 'ppocr-rec');
    const viaB = await b.infer('ocr', ocrJob(), { binary: true });
    expect(viaB.status, await viaB.clone().text()).toBe(200);
    expect(viaB.headers.get('server-timing')).toMatch(/^queue;dur=[\d.]+, compute;dur=[\d.]+, infer;dur=[\d.]+$/);
    const fromB = taskOf('ocr').wire.decodeResult((await readInferResponse(viaB)).outputs);
    expect(await metricOf(a, 'nv_inference_request_success', 'ppocr-det')).toBe(detBefore + 1);
    expect(await metricOf(a, 'nv_inference_request_success', 'ppocr-rec')).toBeGreaterThan(recBefore);
    const direct = await a.infer('ocr', ocrJob(), { binary: true });
    const fromA = taskOf('ocr').wire.decodeResult((await readInferResponse(direct)).outputs);
    expect(fromB.lines.length).toBeGreaterThan(0);
    expect(fromB.lines.map((l) => [l.text, l.box])).toEqual(fromA.lines.map((l) => [l.text, l.box]));
    expect(await metricOf(b, 'nv_inference_request_success', 'ocr')).toBe(1);
  });

  it("a bad job is B's own 400; the predictor's 400 stays a 400, a model it lacks is a 503", async () => {
    const text = new TextEncoder().encode('no picture here, only words');
    const notPicture = await b.infer('ocr', { image: { type: 'bytes', dims: [1], data: packBytes([text]) } }, { binary: true });
    expect(notPicture.status).toBe(400);
    expect(await errorOf(notPicture)).toMatch(/not a PNG or JPEG picture/);
    const call = (model: string, dims: number[]) =>
      predictorInfer({ url: a.url }, model, { x: { type: 'float32', dims, data: new Float32Array(dims[0]! * dims[1]!) } }, { signal: new AbortController().signal, timeoutMs: 30_000 });
    await expect(call('selftest-mlp', [1, 4])).resolves.toMatchObject({ outputs: { y: { dims: [1, 3] } } });
    await expect(call('selftest-mlp', [2, 8])).rejects.toMatchObject({ status: 400, message: "unexpected shape for input 'x' for model 'selftest-mlp'. Expected [-1,4], got [2,8]" });
    await expect(call('no-such-model', [1, 4])).rejects.toMatchObject({ status: 503, message: "model 'no-such-model' is not served by the predictor" });
  });
});

describe('configuration', () => {
  it('PREDICTOR_URL must be an http(s) URL; a trailing slash is dropped; PIPELINE_TIMEOUT_MS defaults to 120 s', () => {
    expect(loadConfig({ PREDICTOR_URL: 'http://triton:8000/' })).toMatchObject({ predictorUrl: 'http://triton:8000', pipelineTimeoutMs: 120_000 });
    expect(loadConfig({})).not.toHaveProperty('predictorUrl');
    expect(() => loadConfig({ PREDICTOR_URL: 'triton:8000' })).toThrow(/PREDICTOR_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ PREDICTOR_URL: 'ftp://triton' })).toThrow(/PREDICTOR_URL/);
    expect(() => loadConfig({ PIPELINE_TIMEOUT_MS: '0' })).toThrow(/PIPELINE_TIMEOUT_MS must be a positive integer/);
  });
});

describe('a predictor that fails', () => {
  it('not listening: 503 with Retry-After that says so; the pipeline is not ready', async () => {
    const b = await start({ MODEL_REPOSITORY: dictionaryOnly(), PREDICTOR_URL: await deadUrl() });
    const response = await b.infer('ocr', ocrJob(), { binary: true });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await errorOf(response)).toMatch(/^the predictor is unreachable \(ECONNREFUSED\); check PREDICTOR_URL/);
    const ready = await fetch(`${b.url}/v2/models/ocr/ready`);
    expect(ready.status).toBe(400);
    expect(await errorOf(ready)).toMatch(/not ready: the predictor is unreachable/);
    expect((await fetch(`${b.url}/v2/health/ready`)).status).toBe(503);
  });

  it('with API keys: B sends PREDICTOR_API_KEY; without it the predictor refuses and B says which setting', async () => {
    const repository = repositoryWith(['health-risk']);
    scratch.push(repository);
    const predictor = await start({ MODEL_REPOSITORY: repository, API_KEYS: 'predictor-key' });
    const keyed = await start({ MODEL_REPOSITORY: dictionaryOnly(), PREDICTOR_URL: predictor.url, PREDICTOR_API_KEY: 'predictor-key' });
    const ok = await keyed.infer('health-risk-form', form(), { binary: false });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(taskOf('health-risk-form').wire.decodeResult((await readInferResponse(ok)).outputs).probability).toBeCloseTo(recipe.rows[0]!.sklearnProbability, 4);
    const keyless = await start({ MODEL_REPOSITORY: dictionaryOnly(), PREDICTOR_URL: predictor.url });
    const refused = await keyless.infer('health-risk-form', form(), { binary: false });
    expect(refused.status).toBe(502);
    expect(await errorOf(refused)).toMatch(/PREDICTOR_API_KEY/);
    expect((await fetch(`${keyless.url}/v2/models/health-risk-form/ready`)).status).toBe(400);
  });
});
