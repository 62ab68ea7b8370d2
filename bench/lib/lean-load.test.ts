/**
 * The endpoint benchmark's load generator against real servers (node:http, and raw node:net
 * where the test needs to control the bytes): every answer the server finished is counted
 * once with its status, whatever the chunking; a server-side close or a reset after answers
 * is followed by a new connection; an answer it cannot frame, or that never comes, is an
 * error, not a hang.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { leanLoad, requestBytes } from './lean-load.ts';

let server: Server | NetServer | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  sockets.forEach((s) => s.destroy());
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A raw TCP server: `onRequest` gets the socket and the connection's request count (from 1) for each request head. */
async function listenRaw(onRequest: (socket: Socket, nth: number) => void): Promise<string> {
  server = createNetServer((socket) => {
    sockets.add(socket);
    let nth = 0;
    socket.on('data', (chunk) => {
      // Each GET is one head in one chunk on loopback; count heads, not chunks.
      const heads = chunk.toString('latin1').split('\r\n\r\n').length - 1;
      for (let i = 0; i < heads; i++) onRequest(socket, ++nth);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const http = createServer(handler);
  server = http;
  http.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
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

  it('opens a new connection after each answer that says Connection: close', async () => {
    let opened = 0;
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Length': 2, Connection: 'close' });
      res.end('ok');
    });
    (server as Server).on('connection', () => opened++);
    const result = await leanLoad({ url, connections: 1, seconds: 600, maxAnswers: 4 });
    expect(result.statuses).toEqual({ 200: 4 });
    expect(result.errors).toBe(0);
    expect(opened).toBe(4);
  });

  it('reads a head split anywhere, and a body that arrives later', async () => {
    const pieces = ['HTT', 'P/1.1 200 OK\r\nContent-Le', 'ngth: 3\r\n\r', '\nab', 'c'];
    const url = await listenRaw((socket) => {
      const next = (i: number) => i < pieces.length && socket.write(pieces[i]!, () => setTimeout(() => next(i + 1), 5));
      next(0);
    });
    const result = await leanLoad({ url, connections: 1, seconds: 600, maxAnswers: 3 });
    expect(result.statuses).toEqual({ 200: 3 });
    expect(result.errors).toBe(0);
  });

  it('counts a reset after answers as one error and goes on with a new connection', async () => {
    const url = await listenRaw((socket, nth) => {
      if (nth === 1) socket.write('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
      else socket.resetAndDestroy();
    });
    const result = await leanLoad({ url, connections: 1, seconds: 600, maxAnswers: 3 });
    // Three connections: one answer each, the first two reset on their second request.
    expect(result.statuses).toEqual({ 503: 3 });
    expect(result.errors).toBe(2);
  });

  it('gives up on an answer that never comes', async () => {
    const url = await listenRaw(() => {});
    const result = await leanLoad({ url, connections: 2, seconds: 600, answerTimeoutMs: 100 });
    expect(result.statuses).toEqual({});
    expect(result.errors).toBe(2);
    expect(result.latency).toBeUndefined();
  });

  it('frames the request the way the server reads it', () => {
    const bytes = requestBytes({ method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from('abc') }, new URL('http://127.0.0.1:8080/v2/models/m/infer?x=1'));
    expect(bytes.toString('latin1')).toBe(
      'POST /v2/models/m/infer?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\nContent-Type: application/octet-stream\r\nContent-Length: 3\r\n\r\nabc',
    );
  });
});
