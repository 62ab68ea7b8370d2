/**
 * Tiny repository models run in the server's own thread (issue 13, item 5), against the real
 * server and real onnxruntime-node: health-risk (the catalog says ~0.02 ms a run) answers
 * from the inline host with onnxruntime-node's own outputs; a request past the inline
 * element limit, a model the catalog calls slow, `INLINE_MAX_MS=0` and an uploaded model
 * (even one named like a tiny catalog model) all run in worker threads or processes. Where a
 * run happened is read from `ax_inference_inline_exec_count`; nothing here asserts a speed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeLoadRequest } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { INLINE_MAX_ELEMENTS, inlineModelNames, requestElements } from './inline-models.ts';
import { MODELS, metricOf, readInferResponse, repositoryWith, startTestServer, type TestServer } from './test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const HEALTH = join(MODELS, 'health-risk/1/model.onnx');

/** `rows` check-ups of 10 features, different for each seed. */
const checkups = (rows: number, seed: number): NamedTensors => ({
  features: { type: 'float32', dims: [rows, 10], data: Float32Array.from({ length: rows * 10 }, (_, k) => Math.sin(seed * 7 + k) * 2) },
});

let reference: ort.InferenceSession;
beforeAll(async () => {
  reference = await ort.InferenceSession.create(HEALTH);
});
afterAll(async () => {
  await reference.release();
});

async function expected(inputs: NamedTensors): Promise<Float32Array> {
  const f = inputs['features']!;
  const result = await reference.run({ features: new ort.Tensor('float32', f.data as Float32Array, f.dims) });
  return result['risk']!.data as Float32Array;
}

async function risk(server: TestServer, inputs: NamedTensors): Promise<Float32Array> {
  const response = await server.infer('health-risk', inputs, { binary: true });
  expect(response.status).toBe(200);
  return (await readInferResponse(response)).outputs['risk']!.data as Float32Array;
}

const counts = async (server: TestServer, model: string) => ({
  runs: await metricOf(server, 'nv_inference_exec_count', model),
  inline: await metricOf(server, 'ax_inference_inline_exec_count', model),
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('which models run inline', () => {
  it('takes the catalog\'s tiny models only, and none without a catalog or with INLINE_MAX_MS=0', async () => {
    const names = await inlineModelNames(MODELS, 0.1, () => undefined);
    expect(names.has('health-risk')).toBe(true);
    expect(names.has('selftest-mlp')).toBe(true);
    for (const slow of ['ppocr-det', 'ppocr-rec', 'silero-vad', 'oww-embedding']) expect(names.has(slow)).toBe(false);
    expect((await inlineModelNames(MODELS, 0, () => undefined)).size).toBe(0);
    expect((await inlineModelNames(mkdtempSync(join(tmpdir(), 'ax-no-catalog-')), 0.1, () => undefined)).size).toBe(0);
  });

  it('says why a catalog that does not validate is not used', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ax-bad-catalog-'));
    writeFileSync(join(root, 'catalog.json'), JSON.stringify({ version: 1, models: [{ id: 'health-risk', hints: { cpuMsPerRun: 0.01 } }] }));
    const warnings: string[] = [];
    expect((await inlineModelNames(root, 0.1, (m) => warnings.push(m))).size).toBe(0);
    expect(warnings.join()).toMatch(/catalog\.json not used/);
  });

  it('counts numeric elements and BYTES bytes', () => {
    expect(requestElements(checkups(3, 1))).toBe(30);
    expect(requestElements({ t: { type: 'bytes', dims: [2], data: { bytes: new Uint8Array(7), offsets: Uint32Array.of(0, 3, 7) } } })).toBe(7);
  });
});

describe('a tiny repository model in the server thread', () => {
  it('answers small requests inline with onnxruntime-node\'s outputs, also many at once', async () => {
    server = await startTestServer({ MODEL_REPOSITORY: repositoryWith(['health-risk', 'catalog.json']) });
    expect(await risk(server, checkups(3, 1))).toEqual(await expected(checkups(3, 1)));
    const first = await counts(server, 'health-risk');
    expect(first).toEqual({ runs: 1, inline: 1 });
    // Requests that arrive while the inline host runs share a run (dynamic batching); each gets its own rows.
    const sizes = Array.from({ length: 24 }, (_, i) => 1 + (i % 5));
    const answers = await Promise.all(sizes.map((rows, i) => risk(server!, checkups(rows, i))));
    for (const [i, rows] of sizes.entries()) expect(answers[i]).toEqual(await expected(checkups(rows, i)));
    const after = await counts(server, 'health-risk');
    expect(after.inline).toBe(after.runs);
    expect(await metricOf(server, 'nv_inference_request_success', 'health-risk')).toBe(25);
  });

  it('sends a request past the inline element limit to a worker thread, with the same outputs', async () => {
    server = await startTestServer({ MODEL_REPOSITORY: repositoryWith(['health-risk', 'catalog.json']) });
    const rows = Math.floor(INLINE_MAX_ELEMENTS / 10) + 1;
    const [big, small] = await Promise.all([risk(server, checkups(rows, 2)), risk(server, checkups(1, 3))]);
    expect(big).toEqual(await expected(checkups(rows, 2)));
    expect(small).toEqual(await expected(checkups(1, 3)));
    const { runs, inline } = await counts(server, 'health-risk');
    // The small one may have joined the big one's batch on the worker, or run inline alone.
    expect(runs - inline).toBe(1);
  });

  it('keeps models the catalog calls slow, and every model with INLINE_MAX_MS=0, on worker threads', async () => {
    server = await startTestServer({ MODEL_REPOSITORY: repositoryWith(['health-risk', 'catalog.json']), INLINE_MAX_MS: '0' });
    expect(await risk(server, checkups(2, 4))).toEqual(await expected(checkups(2, 4)));
    expect(await counts(server, 'health-risk')).toEqual({ runs: 1, inline: 0 });
    await server.close();
    // The same model, with a catalog that measured it at 5 ms a run.
    const root = repositoryWith(['health-risk', 'catalog.json']);
    const catalog = JSON.parse(readFileSync(join(root, 'catalog.json'), 'utf8')) as { models: Array<{ id: string; hints: { cpuMsPerRun: number } }> };
    catalog.models.find((m) => m.id === 'health-risk')!.hints.cpuMsPerRun = 5;
    writeFileSync(join(root, 'catalog.json'), JSON.stringify(catalog));
    server = await startTestServer({ MODEL_REPOSITORY: root });
    expect(await risk(server, checkups(2, 5))).toEqual(await expected(checkups(2, 5)));
    expect(await counts(server, 'health-risk')).toEqual({ runs: 1, inline: 0 });
  });

  it('never runs an uploaded model inline, even one named like a tiny catalog model', async () => {
    // A repository whose catalog lists health-risk as tiny but which does not hold it: the name is free to upload.
    const root = repositoryWith(['selftest-mlp', 'catalog.json']);
    server = await startTestServer({ MODEL_REPOSITORY: root, LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'ax-inline-upload-')) });
    const { body } = encodeLoadRequest({ config: JSON.stringify({ name: 'health-risk', backend: 'onnxruntime' }), files: { '1/model.onnx': new Uint8Array(readFileSync(HEALTH)) } });
    const loaded = await fetch(`${server.url}/v2/repository/models/health-risk/load`, { method: 'POST', body: Buffer.from(body), headers: { 'Content-Type': 'application/json' } });
    expect(loaded.status, await loaded.text()).toBe(200);
    expect(await risk(server, checkups(2, 6))).toEqual(await expected(checkups(2, 6)));
    expect(await counts(server, 'health-risk')).toEqual({ runs: 1, inline: 0 });
  });
});
