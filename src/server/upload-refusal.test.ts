/**
 * A model upload that cannot be taken is refused before its body is read (issue 12, item 2).
 * The proof does not depend on speed: the body is produced only as fast as the server reads
 * it (a pull stream over a socket), so an answer that arrives before the whole body was
 * produced was given without reading it; the old route read (and decoded) all of it first.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLoadRequest } from '../shared/kserve-v2.ts';
import { rawConnection, startTestServer, type TestServer } from './test-server.ts';

const BODY_BYTES = 50 * 1024 * 1024;

/** POSTs a `BODY_BYTES` load body made on demand; resolves at the answer with how much of it had been made by then. */
function streamedLoad(server: TestServer, name: string): Promise<{ status: number; headers: Record<string, unknown>; body: string; produced: number }> {
  let produced = 0;
  const prefix = Buffer.from('{"parameters":{"config":"{}","file:1/model.onnx":"');
  const chunk = Buffer.alloc(64 * 1024, 'A');
  const body = new Readable({
    read() {
      if (produced >= BODY_BYTES) return void this.push(null);
      const next = produced === 0 ? Buffer.concat([prefix, chunk.subarray(prefix.length)]) : chunk;
      produced += next.length;
      this.push(next);
    },
  });
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method: 'POST', path: `/v2/repository/models/${name}/load`, headers: { 'Content-Type': 'application/json', 'Content-Length': String(BODY_BYTES) } }, (res) => {
      const at = produced;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (text += s));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, produced: at }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, produced: at }));
      body.destroy(); // stop producing once answered
    });
    req.on('error', reject); // after the answer (the server closed while we sent): ignored
    body.pipe(req);
  });
}

describe('uploads off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({});
  });
  afterAll(async () => server.close());

  it('refuses a large load with 403 before its body is read', async () => {
    const answer = await streamedLoad(server, 'lab-big');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: 'model uploads are off on this server (LAB_UPLOADS=off)' });
    expect(answer.headers['connection']).toBe('close');
    expect(answer.produced).toBeLessThan(BODY_BYTES);
    expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
  });

  it('still serves a plain load, as Triton clients send it ("{}", or no body)', async () => {
    const plain = (body: string) => fetch(`${server.url}/v2/repository/models/selftest-mlp/load`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect((await plain('{}')).status).toBe(200);
    expect((await fetch(`${server.url}/v2/repository/models/selftest-mlp/load`, { method: 'POST' })).status).toBe(200);
    // Small bodies are read: files in one are refused after decoding, as before.
    const small = encodeLoadRequest({ config: '{}', files: { '1/model.onnx': new Uint8Array(16) } });
    expect((await fetch(`${server.url}/v2/repository/models/lab-s/load`, { method: 'POST', body: small.body, headers: small.headers })).status).toBe(403);
  });
});

describe('uploads on', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'ax-lab-refusal-')) });
  });
  afterAll(async () => server.close());

  it('refuses a bad name and a repository name before reading', async () => {
    const repo = await streamedLoad(server, 'selftest-mlp');
    expect(repo.status).toBe(409);
    expect(repo.produced).toBeLessThan(BODY_BYTES);
    const bad = await streamedLoad(server, '.hidden');
    expect(bad.status).toBe(400);
    expect(bad.produced).toBeLessThan(BODY_BYTES);
  });

  it('answers 503 to a second upload while one is being received, unread; the slot frees when the first goes away', async () => {
    const first = await rawConnection(server.url);
    first.socket.write('POST /v2/repository/models/lab-first/load HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"parameters":');
    // The first holds the slot from its headers on; wait until the server has seen them.
    let second: Awaited<ReturnType<typeof streamedLoad>> | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      second = await streamedLoad(server, 'lab-second');
      if (second.status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(second?.status).toBe(503);
    expect(second?.headers['retry-after']).toBe('2');
    expect(second?.produced).toBeLessThan(BODY_BYTES);

    first.socket.destroy();
    await first.closed;
    const model = new Uint8Array(readFileSync('e2e/fixtures/lab/classifier.onnx'));
    const upload = encodeLoadRequest({ config: '{"backend":"onnxruntime"}', files: { '1/model.onnx': model } });
    // A body over 64 KiB takes the slot before it is read, so this goes the same way as the big ones.
    const padded = Buffer.concat([Buffer.from(upload.body), Buffer.alloc(70 * 1024, ' ')]);
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      const response = await fetch(`${server.url}/v2/repository/models/lab-after/load`, { method: 'POST', body: padded, headers: upload.headers });
      status = response.status;
      await response.arrayBuffer();
      if (status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  }, 30_000);
});
