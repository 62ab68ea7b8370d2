/**
 * KServe v2 conformance against the real server, mirroring the cases of Triton's
 * qa/L0_http, L0_input_validation, L0_large_payload, L0_infer_zero, L0_nan_inf and KServe's
 * test_server.py (KSERVE-V2.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_LENGTH } from '../shared/kserve-v2.ts';
import type { NamedTensors, WireTensor } from '../shared/tensor.ts';
import { readInferResponse, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_BODY_BYTES: String(1024 * 1024) });
});
afterAll(async () => server.close());

const post = (path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  fetch(`${server.url}${path}`, { method: 'POST', body, headers });
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
const x = (data: number[], dims: number[]): NamedTensors => ({ x: { type: 'float32', dims, data: Float32Array.from(data) } });

describe('health and metadata', () => {
  it('live, ready, server metadata listing binary_tensor_data', async () => {
    expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/v2`)).json()).toMatchObject({ name: 'ax-playground', extensions: ['binary_tensor_data', 'model_repository'] });
  });
  it('model metadata derived from the graph (symbolic dims are -1)', async () => {
    expect(await (await fetch(`${server.url}/v2/models/selftest-mlp`)).json()).toEqual({
      name: 'selftest-mlp',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 3] }],
    });
  });
  it('model metadata from config.pbtxt with max_batch_size (leading -1)', async () => {
    const meta = (await (await fetch(`${server.url}/v2/models/identity-fp32/versions/1`)).json()) as { inputs: unknown[] };
    expect(meta.inputs).toEqual([{ name: 'x', datatype: 'FP32', shape: [-1, -1] }]);
  });
  it('model ready per version; unknown model and version are 404 with Triton words', async () => {
    expect((await fetch(`${server.url}/v2/models/selftest-mlp/ready`)).status).toBe(200);
    expect((await fetch(`${server.url}/v2/models/selftest-mlp/versions/1/ready`)).status).toBe(200);
    const unknown = await fetch(`${server.url}/v2/models/no-such-model`);
    expect(unknown.status).toBe(404);
    expect(await errorOf(unknown)).toBe("Request for unknown model: 'no-such-model' is not found");
    expect((await fetch(`${server.url}/v2/models/selftest-mlp/versions/2/ready`)).status).toBe(404);
  });
  it('wrong methods are 405 with Allow', async () => {
    const r = await fetch(`${server.url}/v2/models/selftest-mlp/infer`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect((await fetch(`${server.url}/v2/health/live`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('inference', () => {
  it("selftest-mlp gives its hand-worked answer, JSON and binary, echoing the id", async () => {
    for (const binary of [false, true]) {
      const r = await server.infer('selftest-mlp', x([1, 2, 3, 4, -1, 0.5, 2, 0], [2, 4]), { binary, id: `run-${binary}` });
      expect(r.status).toBe(200);
      const result = await readInferResponse(r);
      expect(result).toMatchObject({ modelName: 'selftest-mlp', modelVersion: '1', id: `run-${binary}` });
      expect(result.outputs['y']).toEqual({ type: 'float32', dims: [2, 3], data: Float32Array.from([0.5, 0, 1.25, 1.5, 0, 0.75]) });
      // The browser splits its latency with this: queue, compute and the whole server time.
      expect(r.headers.get('server-timing')).toMatch(/^queue;dur=[\d.]+, compute;dur=[\d.]+, infer;dur=[\d.]+$/);
    }
  });

  const samples: Record<string, WireTensor> = {
    bool: { type: 'bool', dims: [1, 3], data: Uint8Array.from([1, 0, 1]) },
    uint8: { type: 'uint8', dims: [1, 2], data: Uint8Array.from([0, 255]) },
    uint16: { type: 'uint16', dims: [1, 2], data: Uint16Array.from([1, 65535]) },
    uint32: { type: 'uint32', dims: [2, 2], data: Uint32Array.from([1, 2, 3, 0xffffffff]) },
    uint64: { type: 'uint64', dims: [1, 2], data: BigUint64Array.from([0n, 2n ** 53n - 1n]) },
    int8: { type: 'int8', dims: [1, 2], data: Int8Array.from([-128, 127]) },
    int16: { type: 'int16', dims: [1, 2], data: Int16Array.from([-32768, 32767]) },
    int32: { type: 'int32', dims: [1, 2], data: Int32Array.from([-(2 ** 31), 2 ** 31 - 1]) },
    int64: { type: 'int64', dims: [1, 2], data: BigInt64Array.from([-(2n ** 53n) + 1n, 2n ** 53n - 1n]) },
    fp16: { type: 'float16', dims: [1, 3], data: Uint16Array.from([0x3c00, 0x7e00, 0xfc00]) },
    fp32: { type: 'float32', dims: [2, 2], data: Float32Array.from([1.5, NaN, Infinity, -Infinity]) },
    fp64: { type: 'float64', dims: [1, 2], data: Float64Array.from([Math.PI, -0.25]) },
    bytes: { type: 'string', dims: [1, 3], data: ['', 'abc', '안녕 🌏'] },
  };
  it.each(Object.entries(samples))('%s round-trips through its identity model, JSON and binary', async (name, tensor) => {
    for (const binary of name === 'fp16' ? [true] : [false, true]) {
      const r = await server.infer(`identity-${name}`, { x: tensor }, { binary });
      expect(r.status, await r.clone().text()).toBe(200);
      expect((await readInferResponse(r)).outputs['y']).toEqual(tensor);
    }
  });

  it('zero-size dims run and come back empty', async () => {
    const r = await server.infer('selftest-mlp', x([], [0, 4]), { binary: true });
    expect((await readInferResponse(r)).outputs['y']).toEqual({ type: 'float32', dims: [0, 3], data: new Float32Array(0) });
  });

  it('binary_data on an output wins over binary_data_output', async () => {
    const json = JSON.stringify({
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }],
      parameters: { binary_data_output: true },
      outputs: [{ name: 'y', parameters: { binary_data: false } }],
    });
    const r = await post('/v2/models/selftest-mlp/infer', json);
    expect(r.headers.get(HEADER_LENGTH)).toBeNull();
    expect(await r.json()).toMatchObject({ outputs: [{ name: 'y', data: [0.5, 0, 1.25] }] });
    const all = await post('/v2/models/selftest-mlp/infer', json.replace('"binary_data":false', '"binary_data":true'));
    const length = Number(all.headers.get(HEADER_LENGTH));
    expect(length).toBeGreaterThan(0);
    expect((await all.arrayBuffer()).byteLength).toBe(length + 12);
  });
  it('FP16 outputs cannot go back as JSON', async () => {
    const r = await server.infer('identity-fp16', { x: samples.fp16! }, { binary: true, binaryOutputs: false });
    expect(r.status).toBe(400);
    expect(await errorOf(r)).toMatch(/FP16 data via JSON is not supported/);
  });
});

describe('input validation (400 with Triton words)', () => {
  const expect400 = async (r: Response, message: string | RegExp) => {
    expect(r.status).toBe(400);
    expect(await errorOf(r)).toMatch(message);
  };
  it('wrong datatype', async () => {
    await expect400(
      await server.infer('selftest-mlp', { x: { type: 'uint8', dims: [1, 4], data: new Uint8Array(4) } }, { binary: true }),
      "inference input 'x' data-type is 'UINT8', but model 'selftest-mlp' expects 'FP32'",
    );
  });
  it('wrong shape', async () => {
    await expect400(await server.infer('selftest-mlp', x(new Array(16).fill(0), [2, 8]), { binary: false }), "unexpected shape for input 'x' for model 'selftest-mlp'. Expected [-1,4], got [2,8]");
  });
  it('batch larger than max_batch_size', async () => {
    await expect400(await server.infer('identity-fp32', x(new Array(9).fill(0), [9, 1]), { binary: true }), /batch-size must be <= 8/);
  });
  it('byte size mismatch', async () => {
    const json = '{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":12}}]}';
    const body = new Uint8Array([...new TextEncoder().encode(json), ...new Uint8Array(12)]);
    await expect400(await post('/v2/models/selftest-mlp/infer', body, { [HEADER_LENGTH]: String(json.length) }), "input byte size mismatch for input 'x' for model 'selftest-mlp'. Expected 16, got 12");
  });
  it('missing and unexpected inputs, unknown outputs', async () => {
    await expect400(await post('/v2/models/selftest-mlp/infer', '{"inputs":[]}'), /expected 1 inputs but got 0 inputs for model 'selftest-mlp'.*missing required input\(s\) \['x'\]/);
    await expect400(await server.infer('selftest-mlp', { X: x([1, 2, 3, 4], [1, 4]).x! }, { binary: false }), "unexpected inference input 'X', allowed inputs are: x");
    await expect400(await server.infer('selftest-mlp', x([1, 2, 3, 4], [1, 4]), { binary: false, outputs: ['z'] }), "unexpected inference output 'z' for model 'selftest-mlp'");
  });
  it('element count overflow [16, 2^60]', async () => {
    await expect400(await post('/v2/models/selftest-mlp/infer', `{"inputs":[{"name":"x","shape":[16,${2 ** 60}],"datatype":"FP32","data":[1]}]}`), /invalid shape/);
  });
  it('header length larger than the body, or not a number', async () => {
    const body = '{"inputs":[]}';
    const binary = (length: string) => ({ 'Content-Type': 'application/octet-stream', [HEADER_LENGTH]: length });
    await expect400(await post('/v2/models/selftest-mlp/infer', body, binary('1000')), /inference header size should be in range/);
    await expect400(await post('/v2/models/selftest-mlp/infer', body, binary('-5')), /invalid Inference-Header-Content-Length/);
  });
  it('JSON nested too deep, and broken JSON', async () => {
    await expect400(await post('/v2/models/selftest-mlp/infer', `{"inputs":${'['.repeat(5000)}${']'.repeat(5000)}}`), /nested too deep/);
    await expect400(await post('/v2/models/selftest-mlp/infer', '{"inputs": [}'), /failed to parse/);
  });
  it('FP16 via JSON is refused', async () => {
    await expect400(await post('/v2/models/identity-fp16/infer', '{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP16","data":[1]}]}'), /FP16 data via JSON is not supported/);
  });
  it('an oversized body is refused, then a small request is still served', async () => {
    const big = await server.infer('selftest-mlp', x(new Array(4 * 70_000).fill(1), [70_000, 4]), { binary: true });
    expect(big.status).toBe(413);
    expect(await errorOf(big)).toMatch(/MAX_BODY_BYTES/);
    const small = await server.infer('selftest-mlp', x([1, 2, 3, 4], [1, 4]), { binary: true });
    expect(small.status).toBe(200);
  });
});

describe('metrics', () => {
  it('exposes nv_inference_* counters, the queue gauge and HTTP latencies', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/nv_inference_request_success\{model="selftest-mlp",version="1"\} [1-9]/);
    expect(text).toMatch(/nv_inference_request_failure\{model="selftest-mlp",version="1",status="400"\} [1-9]/);
    expect(text).toMatch(/nv_inference_compute_infer_duration_us\{model="selftest-mlp",version="1"\} [1-9]/);
    expect(text).toMatch(/nv_inference_pending_request_count\{model="selftest-mlp",version="1"\} 0/);
    expect(text).toMatch(/ax_http_request_duration_seconds_count\{method="POST",route="\/v2\/models\/:model\/infer",status="200"\}/);
    expect(text).not.toMatch(/no-such-model/);
  });
});
