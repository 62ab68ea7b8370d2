/**
 * `?debug=1` exposes `window.axDebug` so end-to-end tests can drive the real engine with
 * exact inputs (Playwright init scripts do not reach workers). Nothing here is a mock: it
 * calls the same engine the pages use.
 */
import type { Engine } from '../../engine/client.ts';
import type { JobClient } from '../../engine/job-client.ts';
import type { ThreadTuner } from '../../engine/thread-tuner.ts';
import type { WorkerSet } from '../../engine/worker-set.ts';
import { toEngineError } from '../../shared/errors.ts';
import { benchHook, jobHook } from './bench-hook.ts';
import { overallPercent } from '../../shared/progress.ts';
import type { BackendPreference, LoadProgress, ModelRef, ModelSource } from '../../shared/protocol.ts';
import { seededFloats } from '../../shared/random.ts';
import { elementCount, type NamedTensors } from '../../shared/tensor.ts';

export interface DebugInput {
  dims: number[];
  /** Seeded uniform floats in [0, 1), reproducible in Node with the same seed. */
  seed?: number;
  values?: number[];
}

export interface DebugRunSpec {
  model: ModelRef;
  inputs: Record<string, DebugInput>;
  preference?: BackendPreference;
  /** Aborts the run this many milliseconds after it starts. */
  abortAfterMs?: number;
}

/** A progress event as the progress bar saw it. */
export type DebugProgress = Pick<LoadProgress, 'phase' | 'loaded' | 'total'> & { percent: number };

type Failure = { ok: false; name: string; message: string; progress: DebugProgress[] };

export type DebugRunResult =
  | {
      ok: true;
      backend: string;
      skipped: { backend: string; reason: string }[];
      runMs: number;
      /** From the call to the result, as the page saw it (download, verify, compile, warm-up, run). */
      totalMs: number;
      outputs: Record<string, { dims: number[]; data: number[] }>;
      source?: ModelSource;
      progress: DebugProgress[];
    }
  | Failure;

export type DebugPrefetchResult = { ok: true; source: ModelSource; progress: DebugProgress[] } | Failure;

function recorder() {
  const progress: DebugProgress[] = [];
  const onProgress = (p: LoadProgress) => progress.push({ phase: p.phase, loaded: p.loaded, total: p.total, percent: overallPercent(p) });
  return { progress, onProgress };
}

function abortable(abortAfterMs: number | undefined): AbortSignal {
  const controller = new AbortController();
  if (abortAfterMs !== undefined) setTimeout(() => controller.abort(), abortAfterMs);
  return controller.signal;
}

const failure = (error: unknown, progress: DebugProgress[]): Failure => {
  const e = toEngineError(error);
  return { ok: false, name: e.name, message: e.message, progress };
};

function toInputs(spec: DebugRunSpec): NamedTensors {
  const inputs: NamedTensors = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    const data = input.values ? Float32Array.from(input.values) : seededFloats(input.seed ?? 1, elementCount(input.dims));
    inputs[name] = { type: 'float32', dims: input.dims, data };
  }
  return inputs;
}

export function installDebugHook(engine: Engine, bridge: WorkerSet, jobs: JobClient, threadTuner: ThreadTuner): void {
  const run = async (spec: DebugRunSpec): Promise<DebugRunResult> => {
    const { progress, onProgress } = recorder();
    const started = performance.now();
    try {
      const signal = abortable(spec.abortAfterMs);
      const result = await engine.run(spec.model, toInputs(spec), spec.preference ? { signal, onProgress, preference: spec.preference } : { signal, onProgress });
      const outputs = Object.fromEntries(
        Object.entries(result.outputs).map(([name, t]) => [name, { dims: t.dims, data: Array.from(t.data as ArrayLike<number>, Number) }]),
      );
      const { backend, skipped, source } = result;
      return { ok: true, backend, skipped, runMs: result.timings.runMs, totalMs: performance.now() - started, outputs, ...(source ? { source } : {}), progress };
    } catch (error) {
      return failure(error, progress);
    }
  };
  const prefetch = async (model: ModelRef, abortAfterMs?: number): Promise<DebugPrefetchResult> => {
    const { progress, onProgress } = recorder();
    try {
      return { ok: true, source: await engine.prefetch(model, { signal: abortable(abortAfterMs), onProgress }), progress };
    } catch (error) {
      return failure(error, progress);
    }
  };
  Object.assign(globalThis, {
    axDebug: {
      run,
      prefetch,
      listCache: () => engine.listCache(),
      deleteCached: (id?: string) => engine.deleteCached(id),
      release: (id: string) => engine.release(id),
      info: () => engine.info(),
      loseGpuDevice: () => engine.loseGpuDevice(),
      crashWorker: () => engine.crashWorker().catch((error: unknown) => failure(error, [])),
      workerGeneration: () => bridge.generation,
      /** How many times a page has called `engine.prepare`. */
      preparations: () => engine.preparations,
      /** False until a page called `engine.prepare`; then true once the worker has it in hand. */
      prepared: async () => {
        const prepared = engine.prepared;
        if (!prepared) return false;
        await prepared.catch(() => undefined);
        return true;
      },
      /** The benchmark harness's timed loops (bench/, src/ui/state/bench-hook.ts). */
      bench: benchHook(engine),
      /** A whole OCR job with its decision's predictions (bench/measures/prediction.ts). */
      job: jobHook(jobs),
      /** Times each candidate WASM thread count (even with ?threads=): the benchmark records the choice. */
      measureThreads: () => threadTuner.measure(),
    },
  });
}
