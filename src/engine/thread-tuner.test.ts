/**
 * The thread tuner times each candidate count in a worker of its own, keeps the fastest, and
 * stops when model work starts. The workers are Node MessagePorts speaking the worker
 * contract, with run times set by the test (real workers: e2e/threads.spec.ts).
 */
import { expose } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BenchRequest, WorkerConfig } from '../shared/protocol.ts';
import type { ThreadChoice } from './thread-choice.ts';
import { SETTLE_MS, ThreadTuner, TIMED_RUNS, type ThreadTunerOptions } from './thread-tuner.ts';

const open: { close(): void }[] = [];
/** ms a warm run takes per thread count; a count missing here never answers (until released). */
let runMs: Record<number, number> = {};
let release: () => void = () => undefined;
const benched: number[] = [];
const requests: BenchRequest[] = [];

function spawn(): Worker {
  const { port1, port2 } = new MessageChannel();
  let threads = 0;
  expose(
    {
      init: (config: WorkerConfig) => {
        threads = config.wasmThreads;
        return { gpu: { status: 'unavailable', features: [], limits: {} }, crossOriginIsolated: true, wasmThreads: threads, ortVersion: 'test', flavour: config.flavour };
      },
      bench: async (request: BenchRequest) => {
        benched.push(threads);
        requests.push(request);
        const ms = runMs[threads];
        if (ms === undefined) await new Promise<void>((resolve) => (release = resolve));
        return { outputs: {}, backend: 'wasm', createMs: 1, firstRunMs: 1, warmMs: Array.from({ length: request.warmRuns }, (_, i) => (ms ?? 1) + (i % 2)) };
      },
    },
    port2 as unknown as MessagePort,
  );
  open.push(port1, port2);
  return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
}

const calibration = { model: { id: 'ppocr-rec', url: 'models/ppocr-rec/1/model.onnx' }, inputs: () => ({}) };

function tuner(overrides: Partial<ThreadTunerOptions> = {}) {
  const saved: ThreadChoice[] = [];
  const options: ThreadTunerOptions = {
    spawn,
    isolated: true,
    cores: 4,
    userAgent: 'test',
    store: { load: async () => undefined, save: async (choice) => void saved.push(choice) },
    calibrationFor: (id) => (id === 'ppocr-rec' ? calibration : undefined),
    defaultCalibration: () => calibration,
    quietMs: 10,
    ...overrides,
  };
  return { tuner: new ThreadTuner(options), saved };
}

afterEach(() => {
  for (const port of open.splice(0)) port.close();
  benched.length = 0;
  requests.length = 0;
  runMs = {};
});

describe('ThreadTuner', () => {
  it('times every candidate in its own worker, keeps the fastest, stores it and starts the next worker with it', async () => {
    runMs = { 1: 400, 2: 220, 4: 212 };
    const { tuner: t, saved } = tuner();
    expect(await t.threads()).toBe(4);
    const choice = await t.measure();
    expect(benched).toEqual([1, 2, 4]);
    expect(choice.figures).toEqual([
      { threads: 1, medianMs: 400 },
      { threads: 2, medianMs: 220 },
      { threads: 4, medianMs: 212 },
    ]);
    // 4 threads are under 5 % faster than 2: two are kept.
    expect(choice.threads).toBe(2);
    expect(saved).toEqual([choice]);
    expect(await t.threads()).toBe(2);
    // Each fresh worker settles (untimed runs while its WebAssembly is optimised) before the timed runs.
    expect(requests.map((r) => [r.settleMs, r.warmRuns])).toEqual([
      [SETTLE_MS, TIMED_RUNS],
      [SETTLE_MS, TIMED_RUNS],
      [SETTLE_MS, TIMED_RUNS],
    ]);
    expect(SETTLE_MS).toBeGreaterThanOrEqual(3000);
  });

  it('measures by itself after a quiet moment following a heavy WASM run, once', async () => {
    runMs = { 1: 50, 2: 30, 4: 40 };
    const { tuner: t, saved } = tuner();
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'silero-vad' });
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'silero-vad', ok: true });
    t.onWork({ phase: 'start', backend: 'webgpu', modelId: 'ppocr-rec' });
    t.onWork({ phase: 'end', backend: 'webgpu', modelId: 'ppocr-rec', ok: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(benched).toEqual([]);
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.threads).toBe(2);
    // Measured now: the next run does not measure again.
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(benched).toEqual([1, 2, 4]);
  });

  it('a due measurement waits out other work (a page preparing its models, a light run) and is tried again after one stopped it', async () => {
    runMs = { 2: 30, 4: 40 };
    const { tuner: t, saved } = tuner();
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    expect(t.due).toBe('ppocr-rec');
    // A page prepares before the quiet time is over: the countdown starts again after it.
    t.onWork({ phase: 'start', backend: 'wasm', prepare: true });
    expect(t.busy).toBe(false);
    t.onWork({ phase: 'end', backend: 'wasm', ok: false, prepare: true });
    await vi.waitFor(() => expect(benched).toEqual([1]));
    // Work during the measurement stops it; the next quiet moment times every candidate again.
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'silero-vad' });
    await vi.waitFor(() => expect(t.measuring).toBe(false));
    expect(t.due).toBe('ppocr-rec');
    runMs = { 1: 50, 2: 30, 4: 40 };
    release();
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'silero-vad', ok: true });
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(benched).toEqual([1, 1, 2, 4]);
    expect(saved[0]!.threads).toBe(2);
    expect(t.due).toBeUndefined();
  });

  it('a page preparing stops an automatic measurement but not one asked for on the Device page', async () => {
    runMs = { 1: 50, 2: 30 };
    const { tuner: t, saved } = tuner();
    const asked = t.measure();
    await vi.waitFor(() => expect(benched).toEqual([1, 2, 4]));
    // The Device page prepares its self-test model as it opens: the visitor's measurement goes on.
    t.onWork({ phase: 'start', backend: 'wasm', prepare: true });
    t.onWork({ phase: 'end', backend: 'wasm', ok: false, prepare: true });
    release();
    expect((await asked).figures.map((f) => f.threads)).toEqual([1, 2, 4]);
    expect(saved).toHaveLength(1);

    // An automatic one (due after a heavy run, with no choice stored) is stopped by the same prepare.
    const other = tuner();
    runMs = { 2: 30, 4: 40 };
    benched.length = 0;
    other.tuner.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    other.tuner.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    await vi.waitFor(() => expect(other.tuner.measuring).toBe(true));
    other.tuner.onWork({ phase: 'start', backend: 'wasm', prepare: true });
    await vi.waitFor(() => expect(other.tuner.measuring).toBe(false));
    release();
    expect(other.saved).toEqual([]);
    expect(other.tuner.due).toBe('ppocr-rec');
  });

  it('after a stop, the next automatic try waits twice the quiet time; a failure other than a stop is not retried', async () => {
    runMs = { 2: 30, 4: 40 };
    const { tuner: t } = tuner({ quietMs: 150 });
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    await vi.waitFor(() => expect(benched).toEqual([1]), { timeout: 5000 });
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'silero-vad' });
    await vi.waitFor(() => expect(t.measuring).toBe(false));
    release();
    const ended = performance.now();
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'silero-vad', ok: true });
    await vi.waitFor(() => expect(benched).toEqual([1, 1]), { timeout: 5000 });
    // A lower bound only: a slow machine can start it later, never sooner.
    expect(performance.now() - ended).toBeGreaterThanOrEqual(300);
    release();

    // A worker that fails (not a stop) clears what was due: no retry after the next work.
    const failing = tuner({ spawn: () => { throw new Error('no workers here'); } });
    failing.tuner.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    failing.tuner.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    await vi.waitFor(() => expect(failing.tuner.error).toBeDefined());
    await vi.waitFor(() => expect(failing.tuner.due).toBeUndefined());
  });

  it('stops measuring when model work starts, and stores nothing', async () => {
    runMs = { 1: 50 };
    const { tuner: t, saved } = tuner();
    const measuring = t.measure();
    await vi.waitFor(() => expect(benched).toEqual([1, 2]));
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'selftest-mlp' });
    await expect(measuring).rejects.toMatchObject({ name: 'AbortError' });
    release();
    expect(saved).toEqual([]);
    expect(t.error?.name).toBe('AbortError');
    expect(t.measuring).toBe(false);
  });

  it('does not measure beside a running model, and a replaced measurement leaves the state to the new one', async () => {
    runMs = { 1: 50, 2: 30, 4: 40 };
    const { tuner: t, saved } = tuner();
    expect(t.busy).toBe(false);
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    expect(t.busy).toBe(true);
    await expect(t.measure()).rejects.toMatchObject({ name: 'AbortError' });
    expect(benched).toEqual([]);
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: false });
    expect(t.busy).toBe(false);
    runMs = { 2: 30, 4: 40 };
    const first = t.measure();
    await vi.waitFor(() => expect(benched).toEqual([1]));
    runMs = { 1: 50, 2: 30, 4: 40 };
    const second = t.measure();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(t.measuring).toBe(true);
    expect(t.error).toBeUndefined();
    expect((await second).threads).toBe(2);
    release();
    expect(saved).toHaveLength(1);
    expect(t.measuring).toBe(false);
  });

  it('with ?threads= it uses that count and never measures', async () => {
    runMs = { 1: 50, 2: 30, 4: 40 };
    const { tuner: t } = tuner({ forced: 3 });
    expect(t.automatic).toBe(false);
    expect(await t.threads()).toBe(3);
    t.onWork({ phase: 'start', backend: 'wasm', modelId: 'ppocr-rec' });
    t.onWork({ phase: 'end', backend: 'wasm', modelId: 'ppocr-rec', ok: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(benched).toEqual([]);
  });
});
