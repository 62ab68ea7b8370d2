/**
 * Issue 12's bad requests (items 1, 3, 7, 8) against the real server, with the default body
 * limit: each is a 400 worded to say what to change, and nothing from onnxruntime's build or
 * this machine's file system reaches the client. No timing is asserted: the scan refuses by
 * count, whatever the machine's speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_CONTAINERS } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { buildMetadata } from './model-metadata.ts';
import { parsePbtxt } from './pbtxt.ts';
import { DEFAULT_INPUT_LIMITS, inputLimitsFromEnv } from './validate-inputs.ts';
import { readInferResponse, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

const post = (model: string, body: string | Uint8Array<ArrayBuffer>) =>
  fetch(`${server.url}/v2/models/${model}/infer`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
const expect400 = async (r: Response, message: string | RegExp) => {
  const text = await r.text();
  expect(r.status, text).toBe(400);
  expect((JSON.parse(text) as { error: string }).error).toMatch(message);
};
const fp32 = (dims: number[]): NamedTensors => ({ x: { type: 'float32', dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) } });

describe('JSON with millions of tiny values (item 3)', () => {
  it('63 MB of [{},{},…] is refused by the pre-parse scan, and the server still answers', async () => {
    const flood = `{"inputs":[${'{},'.repeat(21_000_000)}{}]}`;
    await expect400(await post('selftest-mlp', flood), new RegExp(`more than ${MAX_JSON_CONTAINERS} arrays and objects`));
    expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
  });
  it('a 1.2 M-number JSON input (the size of 1×3×640×640) is still served', async () => {
    const rows = 307_200;
    const body = `{"inputs":[{"name":"x","shape":[${rows},4],"datatype":"FP32","data":[${'0,'.repeat(rows * 4 - 1)}0]}],"parameters":{"binary_data_output":true}}`;
    const r = await post('selftest-mlp', body);
    expect(r.status).toBe(200);
    expect((await readInferResponse(r)).outputs['y']!.dims).toEqual([rows, 3]);
  });
});

describe('500s that are the request’s fault are 400s (item 7)', () => {
  it("an empty 'outputs'", async () => {
    await expect400(await post('selftest-mlp', '{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[]}'), /'outputs' is empty/);
  });
  it('a zero-element shape with a dim of 2^32', async () => {
    await expect400(await post('identity-fp64', `{"inputs":[{"name":"x","shape":[0,${2 ** 32}],"datatype":"FP64","data":[]}]}`), /dim 1 of input 'x' for model 'identity-fp64' is 4294967296/);
  });
  it('the same dim where a model lifts the dim limit, so onnxruntime itself refuses it', async () => {
    await expect400(await post('identity-uint8', `{"inputs":[{"name":"x","shape":[0,${2 ** 32}],"datatype":"UINT8","data":[]}]}`), /dims\[1\] is invalid/);
  });
  it("onnxruntime's MatMul dimension mismatch, without its source file or any path", async () => {
    const inputs: NamedTensors = { ...fp32([2, 3]), iterations: { type: 'int64', dims: [], data: BigInt64Array.of(1n) } };
    const r = await server.infer('slow-loop', inputs, { binary: true });
    const text = await r.clone().text();
    await expect400(r, /MatMul dimension mismatch/);
    expect(text).not.toMatch(/\.(cc|h|cpp):\d+/);
    expect(text).not.toContain(process.cwd());
  });
});

describe("an input named '__proto__' (item 8)", () => {
  it('is an unexpected input like any other', async () => {
    const body = '{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":"__proto__","shape":[1],"datatype":"FP32","data":[1]}]}';
    await expect400(await post('selftest-mlp', body), "unexpected inference input '__proto__', allowed inputs are: x");
  });
});

describe('input size limits (item 1)', () => {
  it("the server's default bounds every dynamic dim", async () => {
    const over = DEFAULT_INPUT_LIMITS.maxDim + 1;
    await expect400(
      await post('identity-fp64', `{"inputs":[{"name":"x","shape":[0,${over}],"datatype":"FP64","data":[]}]}`),
      `dim 1 of input 'x' for model 'identity-fp64' is ${over}, more than the limit of ${DEFAULT_INPUT_LIMITS.maxDim} (max_input_dim)`,
    );
  });
  it("a model's config.pbtxt parameters set its own limits (identity-fp32: 1000 per dim, 4000 elements)", async () => {
    expect((await server.infer('identity-fp32', fp32([1, 1000]), { binary: true })).status).toBe(200);
    await expect400(await server.infer('identity-fp32', fp32([1, 1001]), { binary: true }), "dim 1 of input 'x' for model 'identity-fp32' is 1001, more than the limit of 1000 (max_input_dim)");
    await expect400(await server.infer('identity-fp32', fp32([8, 600]), { binary: true }), "input 'x' for model 'identity-fp32' has 4800 elements, more than the limit of 4000 (max_input_elements)");
  });
});

describe('where the limits come from', () => {
  const session = { inputs: [{ name: 'x', type: 'float32', shape: ['n'] }], outputs: [{ name: 'y', type: 'float32', shape: ['n'] }] };
  const limitsOf = (parameters: string) => buildMetadata('m', '1', session, parsePbtxt(parameters)).limits;
  it('MAX_INPUT_DIM and MAX_INPUT_ELEMENTS, else 2^20 and 2^26', () => {
    expect(inputLimitsFromEnv({})).toEqual({ maxDim: 2 ** 20, maxElements: 2 ** 26 });
    expect(inputLimitsFromEnv({ MAX_INPUT_DIM: '4096', MAX_INPUT_ELEMENTS: '' })).toEqual({ maxDim: 4096, maxElements: 2 ** 26 });
    expect(() => inputLimitsFromEnv({ MAX_INPUT_ELEMENTS: '-1' })).toThrow('MAX_INPUT_ELEMENTS must be a positive integer, got "-1"');
  });
  it("a model's config.pbtxt parameters, in Triton's map syntax; a bad value fails the model's load", () => {
    expect(limitsOf('parameters { key: "max_input_dim" value: { string_value: "64" } } parameters { key: "other" value: { string_value: "x" } }')).toEqual({ maxDim: 64 });
    expect(limitsOf('parameters [ { key: "max_input_elements", value { string_value: "100" } } ]')).toEqual({ maxElements: 100 });
    expect(limitsOf('max_batch_size: 0')).toBeUndefined();
    expect(() => limitsOf('parameters { key: "max_input_dim" value: { string_value: "1.5" } }')).toThrow(/parameter 'max_input_dim' must be a positive integer/);
  });
});
