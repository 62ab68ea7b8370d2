import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeLoadRequest, encodeLoadRequest } from '../shared/kserve-v2.ts';
import { TEST_REPOSITORY, readInferResponse, startTestServer, type TestServer } from './test-server.ts';

// Servers start real workers (and, with uploads on, a session process): slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
const lab = (name: string) => new Uint8Array(readFileSync(`e2e/fixtures/lab/${name}`));
const onnxConfig = (name: string) => JSON.stringify({ name, backend: 'onnxruntime' });

function load(server: TestServer, name: string, body: Uint8Array | string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/v2/repository/models/${name}/load`, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers: { 'Content-Type': 'application/json', ...headers } });
}

const upload = (server: TestServer, name: string, files: Record<string, Uint8Array>, config = onnxConfig(name), headers: Record<string, string> = {}) =>
  load(server, name, encodeLoadRequest({ config, files }).body, headers);

describe('load request codec', () => {
  it('round-trips files as base64 and the config as text', () => {
    const files = { '1/model.onnx': lab('classifier.onnx'), '1/w.bin': new Uint8Array(70_000).map((_, i) => i % 251) };
    const decoded = decodeLoadRequest(encodeLoadRequest({ config: '{"backend":"onnxruntime"}', files }).body);
    expect(decoded.config).toBe('{"backend":"onnxruntime"}');
    expect(decoded.files).toEqual(files);
    expect(decodeLoadRequest(new Uint8Array(0))).toEqual({});
    expect(() => decodeLoadRequest(new TextEncoder().encode('{"parameters": {"file:1/model.onnx": 5}}'))).toThrow(/base64/);
    expect(() => decodeLoadRequest(new TextEncoder().encode('{"parameters": {"file:1/model.onnx": "%%%"}}'))).toThrow(/not valid base64/);
  });
});

describe('model uploads (repository load with files)', () => {
  let server: TestServer;
  let scratch: string;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'ax-lab-test-'));
    server = await startTestServer({ LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: scratch, LAB_UPLOAD_MAX_BYTES: '100000', LAB_UPLOAD_MAX_MODELS: '2' });
  });
  afterAll(() => server.close());

  it('loads an uploaded model, answers infer like onnxruntime-node, and unloads it', async () => {
    expect((await upload(server, 'lab-classifier', { '1/model.onnx': lab('classifier.onnx') })).status).toBe(200);
    expect((await fetch(`${server.url}/v2/models/lab-classifier/ready`)).status).toBe(200);
    const image = new Float32Array(192).map((_, i) => (i % 7) / 7);
    const response = await server.infer('lab-classifier', { image: { type: 'float32', dims: [1, 3, 8, 8], data: image } }, { binary: true });
    expect(response.status).toBe(200);
    const remote = (await readInferResponse(response)).outputs['probs']!.data as Float32Array;
    const local = await ort.InferenceSession.create(lab('classifier.onnx'));
    const expected = (await local.run({ image: new ort.Tensor('float32', image, [1, 3, 8, 8]) }))['probs']!.data as Float32Array;
    expect(Array.from(remote)).toEqual(Array.from(expected));
    const index = (await (await fetch(`${server.url}/v2/repository/index`, { method: 'POST' })).json()) as { name: string; state: string }[];
    expect(index.find((m) => m.name === 'lab-classifier')).toMatchObject({ state: 'READY' });
    expect(readdirSync(scratch)).toContain('lab-classifier');

    expect((await fetch(`${server.url}/v2/repository/models/lab-classifier/unload`, { method: 'POST' })).status).toBe(200);
    expect((await fetch(`${server.url}/v2/models/lab-classifier/ready`)).status).toBe(404);
    expect(readdirSync(scratch)).not.toContain('lab-classifier');
  });

  it('loads a model with its external data file next to it', async () => {
    const status = (await upload(server, 'lab-external', { '1/model.onnx': lab('external-data.onnx'), '1/external-data.onnx.data': lab('external-data.onnx.data') })).status;
    expect(status).toBe(200);
    const response = await server.infer('lab-external', { x: { type: 'float32', dims: [1, 4], data: Float32Array.from([1, 1, 1, 1]) } }, { binary: false });
    // W = [[1, .5], [-1, .25], [.5, 2], [0, -.5]]: column sums.
    expect(Array.from((await readInferResponse(response)).outputs['y']!.data as Float32Array)).toEqual([0.5, 2.25]);
  });

  it('refuses what it must: repository names, bad names and paths, no config, too large, not ONNX, unknown unload', async () => {
    const classifier = { '1/model.onnx': lab('classifier.onnx') };
    const refusal = async (response: Response) => [response.status, ((await response.json()) as { error: string }).error] as const;
    const [s1, e1] = await refusal(await upload(server, 'selftest-mlp', classifier));
    expect([s1, e1]).toEqual([409, "model 'selftest-mlp' is served from the model repository; an upload cannot replace it"]);
    expect((await upload(server, '.hidden', classifier)).status).toBe(400);
    expect(await refusal(await upload(server, 'lab-x', { '1/../../escape.onnx': lab('classifier.onnx'), ...classifier }))).toEqual([400, "failed to load 'lab-x': file '1/../../escape.onnx' must be 1/<name> (version 1, no folders)"]);
    expect((await upload(server, 'lab-x', { '2/model.onnx': lab('classifier.onnx') })).status).toBe(400);
    const noConfig = encodeLoadRequest({ config: '', files: classifier });
    expect((await load(server, 'lab-x', new TextDecoder().decode(noConfig.body).replace('"config":"",', ''))).status).toBe(400);
    expect((await upload(server, 'lab-x', classifier, JSON.stringify({ backend: 'pytorch' }))).status).toBe(400);
    expect((await upload(server, 'lab-x', { '1/model.onnx': new Uint8Array(100_001) })).status).toBe(413);
    const [s2, e2] = await refusal(await upload(server, 'lab-x', { '1/model.onnx': new TextEncoder().encode('not a model') }));
    expect(s2).toBe(400);
    expect(e2).toMatch(/^failed to load 'lab-x': /);
    expect((await fetch(`${server.url}/v2/models/lab-x/ready`)).status).toBe(404);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
    expect((await fetch(`${server.url}/v2/repository/models/selftest-mlp/unload`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${server.url}/v2/repository/models/nope/unload`, { method: 'POST' })).status).toBe(404);
    // A plain load of a served model only checks it.
    expect((await load(server, 'selftest-mlp', '')).status).toBe(200);
  });

  it('keeps at most LAB_UPLOAD_MAX_MODELS uploads, dropping the oldest', async () => {
    for (const name of ['lab-a', 'lab-b', 'lab-c']) expect((await upload(server, name, { '1/model.onnx': lab('multi-io.onnx') })).status).toBe(200);
    const ready = async (name: string) => (await fetch(`${server.url}/v2/models/${name}/ready`)).status;
    expect([await ready('lab-a'), await ready('lab-b'), await ready('lab-c')]).toEqual([404, 200, 200]);
  });
});

describe('uploads off, or behind an API key', () => {
  it('a lab-<sha256> name must be the sha256 of its model: other bytes are refused with 409', async () => {
    const bytes = lab('classifier.onnx');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const server = await startTestServer({ LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'ax-lab-name-')) });
    try {
      const planted = await upload(server, `lab-${'0'.repeat(16)}`, { '1/model.onnx': bytes });
      expect(planted.status).toBe(409);
      expect(((await planted.json()) as { error: string }).error).toMatch(/does not have the sha256 its name states/);
      expect((await upload(server, `lab-${sha.slice(0, 16)}`, { '1/model.onnx': bytes })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses an upload folder that overlaps the repository or holds files not its own', async () => {
    await expect(startTestServer({ LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: join(TEST_REPOSITORY, 'x') })).rejects.toThrow(/must not overlap/);
    const foreign = mkdtempSync(join(tmpdir(), 'ax-lab-foreign-'));
    writeFileSync(join(foreign, 'precious.txt'), 'keep me');
    await expect(startTestServer({ LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: foreign })).rejects.toThrow(/did not put there/);
    expect(readFileSync(join(foreign, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('uploads are off unless LAB_UPLOADS=on, even on loopback: 403', async () => {
    const server = await startTestServer({});
    try {
      const response = await upload(server, 'lab-y', { '1/model.onnx': lab('classifier.onnx') });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'model uploads are off on this server (LAB_UPLOADS=off)' });
    } finally {
      await server.close();
    }
  });

  it('needs the key when API_KEYS is set', async () => {
    const server = await startTestServer({ API_KEYS: 'k1', LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'ax-lab-key-')) });
    try {
      expect((await upload(server, 'lab-z', { '1/model.onnx': lab('classifier.onnx') })).status).toBe(401);
      expect((await upload(server, 'lab-z', { '1/model.onnx': lab('classifier.onnx') }, undefined, { Authorization: 'Bearer k1' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
