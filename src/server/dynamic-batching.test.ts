/**
 * Dynamic batching against the real server (one worker, real onnxruntime-node): requests
 * for `batch-gather` that wait while `slow-loop` holds the worker are served by fewer runs,
 * each answer equal to the same request sent alone; a request the input check refuses gets
 * its 400 at once, and one that onnxruntime refuses inside a batch fails alone. The worker
 * is held by run length, measured on this machine first; nothing here asserts a speed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NamedTensors } from '../shared/tensor.ts';
import { metricOf, readInferResponse, startTestServer, type TestServer } from './test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const N = 256;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loop = (iterations: number): NamedTensors => ({
  x: { type: 'float32', dims: [N, N], data: new Float32Array(N * N) },
  iterations: { type: 'int64', dims: [], data: BigInt64Array.of(BigInt(iterations)) },
});

/** `rows` check-ups of 4 values each from `seed`, and which of them each row picks. */
function gather(rows: number, seed: number, pick = (row: number) => (row + seed) % 4): NamedTensors {
  return {
    x: { type: 'float32', dims: [rows, 4], data: Float32Array.from({ length: rows * 4 }, (_, k) => seed * 10 + k + 0.25) },
    i: { type: 'int64', dims: [rows, 1], data: BigInt64Array.from({ length: rows }, (_, row) => BigInt(pick(row))) },
  };
}

let server: TestServer;
/** Keeps the one worker busy for about `ms`, from the speed measured in beforeAll. */
let slow: (ms: number) => NamedTensors;
beforeAll(async () => {
  server = await startTestServer();
  for (let iterations = 4; ; iterations *= 2) {
    const response = await server.infer('slow-loop', loop(iterations), { binary: true });
    await response.arrayBuffer();
    const ms = Number(/compute;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
    if (ms >= 100 || iterations >= 2 ** 20) {
      slow = (target) => loop(Math.max(1, Math.ceil((target / ms) * iterations)));
      break;
    }
  }
});
afterAll(async () => {
  const closing = server.close();
  server.app.server.closeAllConnections();
  await closing;
});

const metric = (name: string) => metricOf(server, name, 'batch-gather');
async function counters() {
  return {
    executions: await metric('nv_inference_exec_count'),
    successes: await metric('nv_inference_request_success'),
    batched: await metric('ax_inference_batch_size_sum'),
  };
}

/**
 * Sends `requests` while slow-loop holds the worker and waits until all of them are queued
 * behind it, so they reach the worker together whatever this machine's speed.
 */
async function whileBusy(requests: Array<() => Promise<Response>>): Promise<Response[]> {
  let busyDone = false;
  const busy = server.infer('slow-loop', slow(4000), { binary: true }).then(async (r) => {
    await r.arrayBuffer();
    busyDone = true;
    return r.status;
  });
  while ((await metricOf(server, 'ax_inference_running_request_count', 'slow-loop')) < 1) await sleep(10);
  const answers = requests.map((send) => send());
  while ((await metric('nv_inference_pending_request_count')) < requests.length && !busyDone) await sleep(10);
  // Had the loop ended first, the requests would not have waited together: the test proves nothing then.
  expect(busyDone, 'slow-loop ended before every request was queued').toBe(false);
  expect(await busy).toBe(200);
  return Promise.all(answers);
}

/** An answer as comparable data: its status and body (decoded tensors, or the error). */
async function answerOf(response: Response) {
  if (response.status !== 200) return { status: response.status, body: await response.json() };
  return { status: 200, body: (await readInferResponse(response)).outputs };
}

describe('dynamic batching (batch-gather: max_batch_size 8)', () => {
  it('serves requests that waited together in one run, each answer equal to its request sent alone', async () => {
    const rows = [1, 2, 1, 1, 2, 1];
    const inputs = rows.map((r, k) => gather(r, k));
    const before = await counters();
    const badShape: NamedTensors = { ...gather(1, 9), x: { type: 'float32', dims: [1, 5], data: new Float32Array(5) } };
    const responses = await whileBusy([
      ...inputs.map((input, k) => () => server.infer('batch-gather', input, { binary: k % 2 === 0 })),
      // Other outputs asked for: a run of its own, after the batch.
      () => server.infer('batch-gather', gather(1, 20), { binary: true, outputs: ['y'] }),
    ]);
    // Refused by the input check before it could join anything.
    const refused = await server.infer('batch-gather', badShape, { binary: true });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/unexpected shape for input 'x'/);

    const batched = await Promise.all(responses.map(answerOf));
    expect(batched.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const after = await counters();
    expect(after.successes - before.successes).toBe(7);
    expect(after.executions - before.executions).toBe(2);
    expect(after.batched - before.batched).toBe(7);

    // The known answer: y picks x[row, i[row]], z is -x.
    const second = batched[1]!.body as NamedTensors;
    expect(second['y']).toEqual({ type: 'float32', dims: [2, 1], data: Float32Array.of(11.25, 16.25) });
    expect(second['z']!.data).toEqual(Float32Array.from({ length: 8 }, (_, k) => -(10 + k + 0.25)));
    expect(Object.keys(batched[6]!.body as NamedTensors)).toEqual(['y']);

    // One by one, each alone on the idle worker.
    for (const [k, input] of inputs.entries()) {
      const alone = await answerOf(await server.infer('batch-gather', input, { binary: k % 2 === 0 }));
      expect(alone).toEqual(batched[k]);
    }
    const single = await counters();
    expect(single.executions - after.executions).toBe(6);
  });

  it('a request onnxruntime refuses inside a batch fails alone; the others are answered', async () => {
    const inputs = [gather(1, 1), gather(2, 2), gather(1, 3, () => 7), gather(1, 4)];
    const before = await counters();
    const responses = await whileBusy(inputs.map((input) => () => server.infer('batch-gather', input, { binary: true })));
    const batched = await Promise.all(responses.map(answerOf));
    // An index outside the data is the request's fault: 400, like any other bad input.
    expect(batched.map((a) => a.status)).toEqual([200, 200, 400, 200]);
    expect(JSON.stringify(batched[2]!.body)).toMatch(/GatherElements/);
    const after = await counters();
    // The failed batch ran again one request at a time: three answered runs.
    expect(after.successes - before.successes).toBe(3);
    expect(after.executions - before.executions).toBe(3);
    for (const [k, input] of inputs.entries()) {
      expect(await answerOf(await server.infer('batch-gather', input, { binary: true }))).toEqual(batched[k]);
    }
  });
});
