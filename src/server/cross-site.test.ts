/**
 * DNS rebinding (`Host` allow-list) and simple cross-site POSTs (Content-Type), issue 12
 * item 9, against the real server. node:http, because fetch() cannot forge `Host`.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInferRequest } from '../shared/kserve-v2.ts';
import { isAllowedHost, mediaType } from './cross-site.ts';
import { startTestServer, type TestServer } from './test-server.ts';

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

function send(server: TestServer, path: string, { method = 'GET', headers = {}, body }: Sent = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers: { ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (text += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const mlp = encodeInferRequest({ x: { type: 'float32', dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } }, { binary: false }).body;
const infer = '/v2/models/selftest-mlp/infer';

describe('Host allow-list', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ALLOWED_HOSTS: 'infer.example.com' });
  });
  afterAll(async () => server.close());

  it('serves loopback names, IP literals and ALLOWED_HOSTS, with any port', async () => {
    for (const host of ['localhost:4179', '127.0.0.1:8080', '[::1]:8080', 'LOCALHOST', '10.1.2.3:8080', 'infer.example.com', 'infer.example.com:443']) {
      expect((await send(server, '/v2', { headers: { Host: host } })).status, host).toBe(200);
    }
  });
  it('refuses any other name with 403 {"error"}, on the API, the app and the model files', async () => {
    for (const path of ['/v2', '/', '/models/selftest-mlp/1/model.onnx', '/metrics']) {
      const r = await send(server, path, { headers: { Host: 'rebound.attacker.example:8080' } });
      expect(r.status, path).toBe(403);
      expect(JSON.parse(r.body)).toEqual({ error: "host 'rebound.attacker.example:8080' is not served here; add it to ALLOWED_HOSTS" });
    }
    expect((await send(server, infer, { method: 'POST', headers: { Host: 'evil.example', 'Content-Type': 'application/json' }, body: mlp })).status).toBe(403);
  });
  it('answers the same after more distinct names than it remembers (a bounded memo, not a growing one)', async () => {
    for (let i = 0; i < 300; i++) expect((await send(server, '/v2', { headers: { Host: `n${i}.attacker.example` } })).status).toBe(403);
    expect((await send(server, '/v2', { headers: { Host: 'infer.example.com' } })).status).toBe(200);
    expect((await send(server, '/v2', { headers: { Host: 'n0.attacker.example' } })).status).toBe(403);
    // Too long to be remembered: checked each time, the same answer.
    const long = `${'a'.repeat(300)}.example`;
    for (let i = 0; i < 2; i++) expect((await send(server, '/v2', { headers: { Host: long } })).status).toBe(403);
  });
  it('leaves health probes open to any name', async () => {
    expect((await send(server, '/v2/health/live', { headers: { Host: 'svc.cluster.local' } })).status).toBe(200);
  });
  it('isAllowedHost: names, IPs, brackets, garbage, and * for any', () => {
    expect(isAllowedHost('localhost', [])).toBe(true);
    expect(isAllowedHost('127.0.0.1', [])).toBe(true);
    expect(isAllowedHost('[::1]:1', [])).toBe(true);
    expect(isAllowedHost('[fe80::1]', [])).toBe(true);
    expect(isAllowedHost('localhost.attacker.example', [])).toBe(false);
    expect(isAllowedHost('127.0.0.1.nip.io', [])).toBe(false);
    expect(isAllowedHost('user@localhost', [])).toBe(false);
    expect(isAllowedHost('a b', [])).toBe(false);
    expect(isAllowedHost('anything.example', ['*'])).toBe(true);
    expect(isAllowedHost(undefined, [])).toBe(true);
  });
});

describe('Content-Type on POST', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(async () => server.close());

  it('refuses text/plain and forms (no preflight needed) with 415 {"error"}', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await send(server, infer, { method: 'POST', headers: { 'Content-Type': type }, body: mlp });
      expect(r.status, type).toBe(415);
      expect(JSON.parse(r.body).error).toMatch(/^Content-Type must be application\/json or application\/octet-stream, got '/);
    }
    for (const path of ['/v2/repository/models/selftest-mlp/load', '/v2/repository/models/lab-x/unload', '/v2/repository/index']) {
      expect((await send(server, path, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '' })).status, path).toBe(415);
    }
  });
  it('accepts JSON (with parameters) and octet-stream', async () => {
    expect((await send(server, infer, { method: 'POST', headers: { 'Content-Type': 'Application/JSON; charset=utf-8' }, body: mlp })).status).toBe(200);
    const binary = encodeInferRequest({ x: { type: 'float32', dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } }, { binary: true });
    expect((await send(server, infer, { method: 'POST', headers: binary.headers, body: binary.body })).status).toBe(200);
  });
  it('accepts no Content-Type from non-browser clients (Triton\'s own send none), this origin and CORS_ORIGINS; not from another site', async () => {
    expect((await send(server, infer, { method: 'POST', body: mlp })).status).toBe(200);
    const { host } = new URL(server.url);
    expect((await send(server, infer, { method: 'POST', headers: { Origin: `http://${host}` }, body: mlp })).status).toBe(200);
    expect((await send(server, infer, { method: 'POST', headers: { Origin: 'https://app.example.com' }, body: mlp })).status).toBe(200);
    const foreign = await send(server, infer, { method: 'POST', headers: { Origin: 'https://evil.example' }, body: mlp });
    expect(foreign.status).toBe(415);
    expect(JSON.parse(foreign.body).error).toMatch(/for a request from another site/);
    expect((await send(server, infer, { method: 'POST', headers: { Origin: 'null' }, body: mlp })).status).toBe(415);
    // The app's empty-body load and unload (src/engine/remote.ts) send no Content-Type.
    expect((await send(server, '/v2/repository/models/selftest-mlp/load', { method: 'POST', headers: { Origin: 'https://app.example.com' } })).status).toBe(200);
    expect((await send(server, '/v2/repository/models/lab-x/unload', { method: 'POST' })).status).toBe(404);
  });
  it('mediaType drops parameters and case', () => {
    expect(mediaType('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBeUndefined();
  });
});
