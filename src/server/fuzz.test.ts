/**
 * Bounded fuzzing in the spirit of Triton's L0_http_fuzz: a few thousand random methods,
 * paths, headers and bodies (some of them near-valid infer requests) against the real
 * server. No request may get a 5xx other than 503, no body may carry a stack trace, and the
 * server must still be live and correct at the end. Seeded, so a failure can be replayed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readInferResponse, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_BODY_BYTES: String(256 * 1024) });
});
afterAll(async () => server.close());

/** mulberry32: small, seedable, good enough to pick cases. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261125;
const CASES = 2500;

it(`survives ${CASES} random requests (seed ${SEED})`, async () => {
  const rand = random(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
  const models = ['selftest-mlp', 'identity-bytes', 'identity-fp16', 'identity-uint64', 'nope', '..', '%2e%2e', junk(5)];
  const paths = () =>
    pick([
      `/v2/models/${encodeURIComponent(pick(models))}/infer`,
      `/v2/models/${encodeURIComponent(pick(models))}/versions/${pick(['1', '2', '-1', junk(3)])}/infer`,
      `/v2/models/${encodeURIComponent(pick(models))}${pick(['', '/ready', '/versions/1'])}`,
      pick(['/v2', '/v2/health/live', '/v2/health/ready', '/metrics', '/', '/models/selftest-mlp/1/model.onnx']),
      `/${encodeURIComponent(junk(1 + Math.floor(rand() * 20)))}`,
      `/models/${pick(['..', '%2e%2e', 'a', '%00'])}/${encodeURIComponent(junk(4))}`,
    ]);
  const datatypes = ['FP32', 'FP16', 'BYTES', 'UINT64', 'BOOL', 'INT8', 'XX', ''];
  const body = (): string | Uint8Array<ArrayBuffer> => {
    const shape = Array.from({ length: Math.floor(rand() * 4) }, () => pick([0, 1, 2, 4, -1, 2 ** 32, 2 ** 60, 1.5]));
    const data = Array.from({ length: Math.floor(rand() * 10) }, () => pick([1, -1, 0.5, 'a', true, null, [1], 'NaN', 2 ** 70]));
    const tensor = { name: pick(['x', 'X', '', '__proto__']), shape, datatype: pick(datatypes), data, parameters: pick([undefined, { binary_data_size: Math.floor(rand() * 64) }]) };
    const json = JSON.stringify({ id: pick([undefined, 'id', 7]), inputs: pick([[tensor], [], 'x', [tensor, tensor]]), outputs: pick([undefined, [], [{ name: 'y' }], [{ name: 'z', parameters: { binary_data: true } }]]) });
    return pick([json, json.slice(0, Math.floor(rand() * json.length)), junk(Math.floor(rand() * 200)), new Uint8Array(Math.floor(rand() * 300)).map(() => Math.floor(rand() * 256)), '']);
  };
  const statuses = new Set<number>();
  for (let i = 0; i < CASES; i++) {
    const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    const headers: Record<string, string> = {};
    if (rand() < 0.5) headers['Content-Type'] = pick(['application/json', 'application/octet-stream', 'text/plain', junk(8)]);
    if (rand() < 0.4) headers['Inference-Header-Content-Length'] = pick(['0', '1', '10', '100000', '-1', 'abc', String(2 ** 60)]);
    if (rand() < 0.2) headers['Origin'] = pick(['https://a.example', 'null']);
    if (rand() < 0.1) headers['Access-Control-Request-Method'] = 'POST';
    const hasBody = method !== 'GET' && method !== 'HEAD' && rand() < 0.8;
    const response = await fetch(`${server.url}${paths()}`, { method, headers, ...(hasBody ? { body: body() } : {}) });
    const text = await response.text();
    expect(response.status >= 500 && response.status !== 503, `${method} ${response.url} → ${response.status} ${text}`).toBe(false);
    expect(text).not.toMatch(/\n\s+at /); // no stack traces
    statuses.add(response.status);
  }
  // The cases reach every layer: success, bad input, unknown model, wrong method, refused preflight.
  for (const status of [200, 400, 403, 404, 405]) expect(statuses).toContain(status);
  expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
  const answer = await server.infer('selftest-mlp', { x: { type: 'float32', dims: [1, 4], data: Float32Array.of(-1, 0.5, 2, 0) } }, { binary: true });
  expect((await readInferResponse(answer)).outputs['y']!.data).toEqual(Float32Array.of(1.5, 0, 0.75)) // the self-test's second row;
}, 60_000);
