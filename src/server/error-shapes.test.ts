/**
 * Errors raised before a route runs still come back as `{"error"}` (issue 12, item 10),
 * and `/models/` serves no dotfiles.
 */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REPOSITORY, rawConnection, startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  const repository = mkdtempSync(join(tmpdir(), 'ax-dotfiles-'));
  cpSync(join(TEST_REPOSITORY, 'selftest-mlp'), join(repository, 'selftest-mlp'), { recursive: true });
  writeFileSync(join(repository, '.hidden'), 'secret');
  writeFileSync(join(repository, 'selftest-mlp', '.env'), 'KEY=secret');
  mkdirSync(join(repository, '.git'));
  writeFileSync(join(repository, '.git', 'config'), '[core]');
  server = await startTestServer({ MODEL_REPOSITORY: repository });
});
afterAll(async () => server.close());

describe('errors before routing', () => {
  it('414 for a path parameter over the router limit', async () => {
    // A GET falls through to the app's wildcard route (404); a POST has none to fall to.
    const r = await fetch(`${server.url}/v2/models/${'m'.repeat(300)}/infer`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(414);
    expect(await r.json()).toEqual({ error: 'request URI is too long' });
  });
  it('400 for a URL the router cannot decode', async () => {
    const c = await rawConnection(server.url);
    c.socket.write('GET /v2/models/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(c.received()).toMatch(/\r\n\r\n\{"error":"[^"]+"\}$/);
  });
  it('431 for headers over Node\'s limit', async () => {
    const c = await rawConnection(server.url);
    c.socket.write(`GET /v2 HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 431 /);
    expect(c.received()).toMatch(/\r\n\r\n\{"error":"request headers are too large"\}$/);
  });
});

describe('/models/ dotfiles', () => {
  it('are not found, at any depth, while model files are served', async () => {
    // The streamed model file first: the small answers after it leave the connection idle
    // for close() (a streamed answer can finish on the server just after the client has it).
    const model = await fetch(`${server.url}/models/selftest-mlp/1/model.onnx`);
    expect(model.status).toBe(200);
    await model.arrayBuffer();
    for (const path of ['/models/.hidden', '/models/selftest-mlp/.env', '/models/.git/config', '/models/%2Egit/config']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toContain('secret');
    }
  });
});
