/**
 * Slow clients and connection floods (issue 12, item 5) against the real server with
 * test-small limits. Waits are generous (seconds for a 500 ms timeout) and nothing asserts
 * how fast the machine is: only that a limit acts at all, where before it never did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { rawConnection, startTestServer, type TestServer } from './test-server.ts';

const head = (method: string, path: string, extra = '') => `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}`;

describe('request timeouts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RECEIVE_TIMEOUT_MS: '500', HEADERS_TIMEOUT_MS: '500' });
  });
  afterAll(async () => server.close());

  it('a body that stops arriving gets 408 {"error"} and the connection closed', async () => {
    const c = await rawConnection(server.url);
    c.socket.write(head('POST', '/v2/models/selftest-mlp/infer', 'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"inputs":'));
    const answer = await c.until(/\r\n\r\n\{.*\}$/s);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: expect.stringMatching(/RECEIVE_TIMEOUT_MS/) });
    await c.closed;
  }, 20_000);

  it('headers that never end get 408 too', async () => {
    const c = await rawConnection(server.url);
    c.socket.write('GET /v2 HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(await c.until(/^HTTP\/1\.1 408 /)).toContain('"error"');
    await c.closed;
  }, 20_000);

  it('requests that arrive whole are still served', async () => {
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
  });
});

describe('connection cap', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_CONNECTIONS: '2' });
  });
  afterAll(async () => server.close());

  const live = head('GET', '/v2/health/live', '\r\n');
  it('refuses a connection past MAX_CONNECTIONS while the open ones are served', async () => {
    const [a, b] = [await rawConnection(server.url), await rawConnection(server.url)];
    // A full answer on each proves the server counted both before the third arrives.
    a.socket.write(live);
    b.socket.write(live);
    await a.until(/^HTTP\/1\.1 200 /);
    await b.until(/^HTTP\/1\.1 200 /);

    const third = await rawConnection(server.url);
    third.socket.write(live);
    await third.closed;
    expect(third.received()).toBe('');

    a.socket.write(live);
    await a.until(/HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 200 /);
    b.socket.destroy();
    await b.closed;
    // The server notices the close on its own schedule: retry, with a generous bound.
    for (let attempt = 0; ; attempt++) {
      const next = await rawConnection(server.url);
      next.socket.write(live);
      const served = await next.until(/^HTTP\/1\.1 200 /).then(() => true, () => false);
      next.socket.destroy();
      if (served) break;
      expect(attempt).toBeLessThan(50);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    a.socket.destroy();
  }, 30_000);
});

describe('the variables', () => {
  it('have defaults, and the headers timeout never exceeds the receive timeout', () => {
    const base = loadConfig({});
    expect(base).toMatchObject({ receiveTimeoutMs: 120_000, headersTimeoutMs: 20_000, idleTimeoutMs: 130_000, keepAliveTimeoutMs: 72_000, maxConnections: 1024 });
    expect(loadConfig({ RECEIVE_TIMEOUT_MS: '5000' }).headersTimeoutMs).toBe(5000);
    expect(loadConfig({ PIPELINE_TIMEOUT_MS: '300000' }).idleTimeoutMs).toBe(310_000);
    expect(() => loadConfig({ MAX_CONNECTIONS: '0' })).toThrow(/MAX_CONNECTIONS must be a positive integer/);
  });
});
