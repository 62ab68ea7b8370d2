/**
 * The worker pool under pressure, against the real server with one worker: a full queue
 * answers 503 with Retry-After, a deadline drops a waiting request, a client that hangs up
 * never reaches a worker, the event loop stays free during a run, and shutdown finishes
 * what is in flight. `slow-matmul` at 1536×1536 keeps the worker busy for most of a second.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NamedTensors } from '../shared/tensor.ts';
import { startTestServer, type TestServer } from './test-server.ts';

// 1536×1536: about 0.7 s of compute on one thread on an idle machine; tests wait until it
// is on the worker rather than guessing with a sleep. Generous timeouts: a loaded machine
// (CI running other suites beside this one) can make it several times slower.
const N = 1536;
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
const slow: NamedTensors = { x: { type: 'float32', dims: [N, N], data: new Float32Array(N * N) } };
const tiny = (): NamedTensors => ({ x: { type: 'float32', dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const metric = async (server: TestServer, pattern: RegExp) => Number(pattern.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);
/**
 * The status, with the body read: an unread 9 MB body keeps its socket busy, and the
 * server's graceful close then waits for it forever.
 */
async function settled(response: Promise<Response>): Promise<number> {
  const r = await response;
  await r.arrayBuffer();
  return r.status;
}
/** Waits until the slow model is on the worker: a fixed sleep raced the upload of its 16 MB input on a loaded machine. */
async function slowRunStarted(server: TestServer) {
  while ((await metric(server, /ax_inference_running_request_count\{model="slow-matmul",version="1"\} (\d+)/)) < 1) await sleep(10);
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
    const busy = server.infer('slow-matmul', slow, { binary: true }).finally(() => (busyDone = true));
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
    const busy = server.infer('slow-matmul', slow, { binary: true });
    await slowRunStarted(server);
    const controller = new AbortController();
    const gone = fetch(`${server.url}/v2/models/selftest-mlp/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }),
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
});

describe('the request deadline', () => {
  it('answers 503 "Request timeout expired" for a request still waiting, and for one still running', async () => {
    const server = await startTestServer({ REQUEST_TIMEOUT_MS: '300' });
    try {
      const busy = server.infer('slow-matmul', slow, { binary: true });
      await slowRunStarted(server); // it ends long after the deadline
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
    const inFlight = server.infer('slow-matmul', slow, { binary: true });
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
