/**
 * The endpoint benchmark's load generator against a real node:http server: every answer the
 * server finished is counted once with its status, whatever the chunking, a server-side close
 * is followed by a new connection, and an answer it cannot frame is an error, not a hang.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { leanLoad, requestBytes } from './lean-load.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('leanLoad', () => {
  it('counts each finished answer once by status, across large split bodies, empty bodies and server-side closes', async () => {
    const big = Buffer.alloc(300_000, 7);
    let answered = 0;
    const served: Record<number, number> = {};
    let bodiesOk = true;
    const url = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodiesOk &&= Buffer.concat(chunks).equals(Buffer.from('ping'));
        const n = answered++;
        const status = n % 3 === 2 ? 503 : 200;
        served[status] = (served[status] ?? 0) + 1;
        if (n % 5 === 4) res.setHeader('Connection', 'close');
        res.writeHead(status, { 'Content-Length': status === 200 ? big.length : 0 });
        // Head and body in separate writes, the body in two pieces.
        if (status === 200) {
          res.write(big.subarray(0, 1000));
          setImmediate(() => res.end(big.subarray(1000)));
        } else res.end();
      });
    });
    const result = await leanLoad({ url: `${url}/x`, method: 'POST', body: Buffer.from('ping'), connections: 3, seconds: 0.3 });
    expect(result.errors).toBe(0);
    expect(bodiesOk).toBe(true);
    expect(result.statuses).toEqual(served);
    expect(result.latency?.n).toBe(answered);
    expect(answered).toBeGreaterThanOrEqual(3); // each connection sends at least once
  });

  it('counts an answer without a Content-Length as an error and ends', async () => {
    const url = await listen((_req, res) => {
      res.write('chunked');
      res.end();
    });
    const result = await leanLoad({ url, connections: 2, seconds: 0.2 });
    expect(result.errors).toBe(2);
    expect(result.statuses).toEqual({});
  });

  it('frames the request the way the server reads it', () => {
    const bytes = requestBytes({ method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from('abc') }, new URL('http://127.0.0.1:8080/v2/models/m/infer?x=1'));
    expect(bytes.toString('latin1')).toBe(
      'POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\nContent-Type: application/octet-stream\r\nContent-Length: 3\r\n\r\nabc',
    );
  });
});
