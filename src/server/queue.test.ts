/**
 * The worker pool under pressure, against the real server with one worker: a full queue
 * answers 503 with Retry-After, a deadline drops a waiting request, a client that hangs up
 * never reaches a worker, the event loop stays free during a run, and shutdown finishes
 * what is in flight. `slow-loop` keeps the worker busy for as long as a test asks: the
 * time per iteration is measured on this machine first, so no test depends on its speed.
 */
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NamedTensors } from '../shared/tensor.ts';
import { startTestServer, type TestServer } from './test-server.ts';

// Generous timeouts: a loaded machine (CI running other suites beside this one) can make a
// run several times slower than its calibration said.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const N = 256;
const tiny = (): NamedTensors => ({ x: { type: 'float32', dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const metric = async (server: TestServer, pattern: RegExp) => Number(pattern.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);
// Zeros, not small values: products that sink into denormals would make MatMul's speed depend on the data.
const loop = (iterations: number): NamedTensors => ({
  x: { type: 'float32', dims: [N, N], data: new Float32Array(N * N) },
  iterations: { type: 'int64', dims: [], data: BigInt64Array.of(BigInt(iterations)) },
});
const computeMs = (response: Response) => Number(/compute;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);

/** Milliseconds one loop iteration takes on this machine now, from the server's own compute time. */
let msPerIteration = 0;
beforeAll(async () => {
  const server = await startTestServer();
  try {
    // Double the count until a run is long enough to time (≥ 100 ms) but never long.
    for (let iterations = 4; ; iterations *= 2) {
      const response = await server.infer('slow-loop', loop(iterations), { binary: true });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      const ms = computeMs(response);
      if (ms >= 100 || iterations >= 2 ** 20) {
        msPerIteration = ms / iterations;
        break;
      }
    }
  } finally {
    await server.close();
  }
});
/** A `slow-loop` request that keeps one worker busy for about `ms` at the measured speed. */
const slow = (ms: number) => loop(Math.max(1, Math.ceil(ms / msPerIteration)));

/**
 * The status, with the body read: an unread body keeps its socket busy, and the server's
 * graceful close then waits for it forever.
 */
async function settled(response: Promise<Response>): Promise<number> {
  const r = await response;
  await r.arrayBuffer();
  return r.status;
}
/** Waits until the slow model is on the worker: a fixed sleep would race the upload of its input. */
async function slowRunStarted(server: TestServer) {
  while ((await metric(server, /ax_inference_running_request_count\{model="slow-loop",version="1"\} (\d+)/)) < 1) await sleep(10);
}

describe('a busy worker', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_QUEUE: '2' });
  });
  afterAll(async () => {
    // Every request here has been answered; sockets the client keeps alive (or left
    // half-read after an abort) would hold the graceful close open, so end them.
    const closing = server.close();
    server.app.server.closeAllConnections();
    await closing;
  });

  it('queues two requests per model, answers 503 + Retry-After beyond, and stays responsive', async () => {
    let busyDone = false;
    const busy = server.infer('slow-loop', slow(2000), { binary: true }).finally(() => (busyDone = true));
    await slowRunStarted(server);
    expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
    expect(busyDone).toBe(false); // answered during the run: session.run does not block the event loop
    const responses = await Promise.all(Array.from({ length: 6 }, () => server.infer('selftest-mlp', tiny(), { binary: false })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
    await Promise.all(responses.filter((r) => r.status === 200).map((r) => r.arrayBuffer()));
    const full = responses.find((r) => r.status === 503)!;
    expect(full.headers.get('retry-after')).toBe('1');
    expect(((await full.json()) as { error: string }).error).toMatch(/queue of model 'selftest-mlp\/1' is full/);
    expect(await settled(busy)).toBe(200);
  });

  it('drops a queued request whose client hung up before it reaches a worker', async () => {
    const before = await metric(server, /nv_inference_request_success\{model="selftest-mlp",version="1"\} (\d+)/);
    const busy = server.infer('slow-loop', slow(2000), { binary: true });
    await slowRunStarted(server);
    const controller = new AbortController();
    const gone = fetch(`${server.url}/v2/models/selftest-mlp/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }),
      headers: { 'Content-Type': 'application/json' },
      signal: controller.signal,
    });
    await sleep(30);
    controller.abort();
    await expect(gone).rejects.toThrow();
    expect(await settled(busy)).toBe(200);
    await sleep(20);
    expect(await metric(server, /nv_inference_request_success\{model="selftest-mlp",version="1"\} (\d+)/)).toBe(before);
    expect(await metric(server, /nv_inference_request_failure\{model="selftest-mlp",version="1",status="499"\} (\d+)/)).toBe(1);
  });

  it('keeps a connection\'s earlier answers from cancelling its later requests, and still drops a queued one when it closes', async () => {
    // One keep-alive socket for all three requests: the server watches the connection, not each request.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] });
    const post = () => {
      const request = httpRequest(`${server.url}/v2/models/selftest-mlp/infer`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } });
      const answered = new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        request.once('response', (response) => {
          response.resume();
          response.once('end', () => resolve({ status: response.statusCode!, reused: request.reusedSocket }));
        });
        request.once('error', reject);
      });
      request.end(body);
      return { request, answered };
    };
    try {
      const gone = () => metric(server, /nv_inference_request_failure\{model="selftest-mlp",version="1",status="499"\} (\d+)/);
      const succeeded = () => metric(server, /nv_inference_request_success\{model="selftest-mlp",version="1"\} (\d+)/);
      const pending = () => metric(server, /nv_inference_pending_request_count\{model="selftest-mlp",version="1"\} (\d+)/);
      const goneBefore = await gone();
      expect(await post().answered).toEqual({ status: 200, reused: false });
      expect(await post().answered).toEqual({ status: 200, reused: true });
      const succeededBefore = await succeeded();
      const busy = server.infer('slow-loop', slow(2000), { binary: true });
      await slowRunStarted(server);
      const queued = post();
      while ((await pending()) < 1) await sleep(10);
      queued.request.destroy();
      await expect(queued.answered).rejects.toThrow();
      // Dropped from the queue at once, not run after the slow one.
      while ((await pending()) > 0) await sleep(10);
      expect(await gone()).toBe(goneBefore + 1);
      expect(await settled(busy)).toBe(200);
      expect(await succeeded()).toBe(succeededBefore);
    } finally {
      agent.destroy();
    }
  });
});

describe('the request deadline', () => {
  it('answers 503 "Request timeout expired" for a request still waiting, and for one still running', async () => {
    const server = await startTestServer({ REQUEST_TIMEOUT_MS: '300' });
    try {
      // Ten times the deadline at the speed just measured: a machine that became several
      // times faster since the calibration still runs past it.
      const busy = server.infer('slow-loop', slow(3000), { binary: true });
      await slowRunStarted(server);
      const waiting = await server.infer('selftest-mlp', tiny(), { binary: true });
      expect(waiting.status).toBe(503);
      expect(await waiting.json()).toEqual({ error: 'Request timeout expired' });
      expect(await settled(busy)).toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes the request in flight, then stops', async () => {
    const server = await startTestServer();
    const inFlight = server.infer('slow-loop', slow(1500), { binary: true });
    await slowRunStarted(server);
    const closed = server.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    // Reading the body lets the client close its end; an unread body keeps the socket open.
    expect((await response.arrayBuffer()).byteLength).toBe(N * N * 4 + Number(response.headers.get('inference-header-content-length')));
    await closed;
    await expect(fetch(`${server.url}/v2/health/live`)).rejects.toThrow();
  });
});
