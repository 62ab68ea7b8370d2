/**
 * API keys, CORS, path traversal and the headers the built app needs, against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { hasValidKey } from './security.ts';
import { createHash } from 'node:crypto';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
const ORIGIN = 'https://app.example.com';
beforeAll(async () => {
  server = await startTestServer({ API_KEYS: 'key-one, key-two', CORS_ORIGINS: ORIGIN });
});
afterAll(async () => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

/** fetch() normalizes `..` away, so traversal is sent as a raw request line. */
function rawGet(path: string): Promise<number> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('API keys', () => {
  it('refuse a missing or wrong key with 401, accept either configured key', async () => {
    const missing = await get('/v2/models/selftest-mlp');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await get('/v2/models/selftest-mlp', { Authorization: 'Bearer key-three' })).status).toBe(401);
    expect((await get('/v2/models/selftest-mlp', { Authorization: 'key-one' })).status).toBe(401);
    expect((await get('/v2/models/selftest-mlp', { Authorization: 'Bearer key-one' })).status).toBe(200);
    expect((await get('/v2', { Authorization: 'bearer key-two' })).status).toBe(200);
  });
  it('cannot be skipped by percent-encoding the path the router decodes', async () => {
    for (const path of ['/%762/models/selftest-mlp', '/v%32/models/selftest-mlp', '/%76%32/repository/index', '/v2/health/..%2Fmodels/selftest-mlp']) {
      expect([401, 404], path).toContain(await rawGet(path));
    }
    expect(await rawGet('/%762/models/selftest-mlp')).toBe(401);
    const unload = await fetch(`${server.url}/%762/repository/models/selftest-mlp/unload`, { method: 'POST' });
    expect(unload.status).toBe(401);
  });

  it('leave health probes, metrics and the app open', async () => {
    expect((await get('/v2/health/live')).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
    expect((await get('/')).status).toBe(200);
  });
  it('hasValidKey compares whole keys', () => {
    const keys = [createHash('sha256').update('abc').digest()];
    expect(hasValidKey('Bearer abc', keys)).toBe(true);
    expect(hasValidKey('Bearer ab', keys)).toBe(false);
    expect(hasValidKey('Bearer abcd', keys)).toBe(false);
    expect(hasValidKey(undefined, keys)).toBe(false);
    expect(hasValidKey('Bearer ', [createHash('sha256').update('').digest()])).toBe(false);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/v2/models/selftest-mlp/infer`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,inference-header-content-length,authorization' },
    });
  it('answers preflight for an allowed origin without a key', async () => {
    const r = await preflight(ORIGIN);
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(r.headers.get('access-control-allow-headers')).toBe('Content-Type, Inference-Header-Content-Length, Authorization');
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
  });
  it('refuses preflight from other origins', async () => {
    const r = await preflight('https://evil.example.com');
    expect(r.status).toBe(403);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('exposes Inference-Header-Content-Length and Server-Timing on real responses, errors included', async () => {
    const ok = await get('/v2/models/selftest-mlp', { Origin: ORIGIN, Authorization: 'Bearer key-one' });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-expose-headers')).toBe('Inference-Header-Content-Length, Server-Timing');
    const denied = await get('/v2/models/selftest-mlp', { Origin: ORIGIN });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('static app and model files', () => {
  it('serve the app cross-origin isolated, with a CSP allowing WebAssembly', async () => {
    const r = await get('/');
    expect(await r.text()).toContain('<title>AX</title>');
    expect(r.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(r.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(r.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
  });
  it('serve model files with CORP same-origin', async () => {
    const r = await get('/models/selftest-mlp/1/model.onnx');
    expect(r.status).toBe(200);
    expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(100);
    expect((await get('/models/selftest-mlp/1/nope.onnx')).status).toBe(404);
  });
  it('refuse path traversal in model files and model names', async () => {
    expect(await rawGet('/models/../package.json')).toBe(400);
    expect(await rawGet('/models/%2e%2e/%2e%2e/etc/passwd')).toBe(400);
    expect(await rawGet('/models/..%2f..%2fetc%2fpasswd')).toBe(400);
    expect(await rawGet('/models/%00')).toBe(400);
    expect([403, 404]).toContain(await rawGet('/../package.json')); // @fastify/static refuses with 403
    const name = await get('/v2/models/..%2f..%2fpackage.json', { Authorization: 'Bearer key-one' });
    expect(name.status).toBe(404);
    expect(await name.text()).not.toContain('"version"');
  });
});
