/**
 * `axDebug.bench` (with `?debug=1`): what the benchmark harness (bench/) needs from the real
 * engine. Timed loops run inside the page so Playwright's round trips are not measured.
 */
import type { Engine } from '../../engine/client.ts';
import type { JobClient } from '../../engine/job-client.ts';
import { benchTensors, encodeOutput, type BenchInputs, type EncodedOutput } from '../../shared/bench-input.ts';
import { toEngineError } from '../../shared/errors.ts';
import type { Backend, BackendPreference, ModelRef, RunTimings, WorkerBackend } from '../../shared/protocol.ts';

export interface BenchSpec {
  model: ModelRef;
  inputs: BenchInputs;
  backend: WorkerBackend;
}

export type BenchFailure = { ok: false; name: string; message: string };

/** The first result on a fresh page: the worker's phases and the page's own total. */
export type BenchFirst =
  | { ok: true; backend: Backend; totalMs: number; timings: RunTimings; source?: 'cache' | 'network' }
  | BenchFailure;

/** `n` timed runs after `warmup` untimed ones (the first of which creates the session). */
export type BenchTimes =
  | { ok: true; backend: Backend; times: number[]; workerRunMs: number[]; outputs: Record<string, EncodedOutput> }
  | BenchFailure;

const failed = (error: unknown): BenchFailure => {
  const e = toEngineError(error);
  return { ok: false, name: e.name, message: e.message };
};

/** One OCR job on a picture the page fetches, for the cost model's prediction error. */
export interface JobSpec {
  url: string;
  preference: BackendPreference;
}

export type JobTiming =
  | { ok: true; backend: Backend; predictedLocalMs: number; localMeasured: boolean; predictedDatacenterMs: number | null; datacenterMeasured: boolean; actualMs: number; loaded: boolean }
  | BenchFailure;

/** `axDebug.job`: a whole OCR job as a visitor's would run, with the decision's predictions. */
export function jobHook(jobs: JobClient) {
  return async (spec: JobSpec): Promise<JobTiming> => {
    try {
      const response = await fetch(spec.url);
      const image = new Uint8Array(await response.arrayBuffer());
      const { backend, decision, models } = await jobs.run('ocr', { image }, { preference: spec.preference });
      return {
        ok: true,
        backend,
        predictedLocalMs: decision.predictedLocal.ms,
        localMeasured: decision.predictedLocal.measured,
        predictedDatacenterMs: decision.predictedDatacenter?.ms ?? null,
        datacenterMeasured: decision.predictedDatacenter?.measured ?? false,
        actualMs: decision.actualMs,
        // A job that loaded a model is not the steady state the model predicts.
        loaded: models.some((m) => m.source !== undefined),
      };
    } catch (error) {
      return failed(error);
    }
  };
}

export function benchHook(engine: Engine) {
  const run = (spec: BenchSpec) => engine.run(spec.model, benchTensors(spec.inputs), { preference: spec.backend });
  return {
    async first(spec: BenchSpec): Promise<BenchFirst> {
      try {
        const started = performance.now();
        const result = await run(spec);
        const totalMs = performance.now() - started;
        return { ok: true, backend: result.backend, totalMs, timings: result.timings, ...(result.source ? { source: result.source.from } : {}) };
      } catch (error) {
        return failed(error);
      }
    },
    /** Stops early once `maxMs` of timed runs have passed (SwiftShader WebGPU is very slow). */
    async time(spec: BenchSpec, n: number, warmup: number, maxMs: number): Promise<BenchTimes> {
      try {
        for (let i = 0; i < warmup; i++) await run(spec);
        const times: number[] = [];
        const workerRunMs: number[] = [];
        let last;
        const end = performance.now() + maxMs;
        while (times.length < n && (times.length === 0 || performance.now() < end)) {
          // Inputs are made before the clock starts: the engine may transfer them away.
          const inputs = benchTensors(spec.inputs);
          const t = performance.now();
          last = await engine.run(spec.model, inputs, { preference: spec.backend });
          times.push(performance.now() - t);
          workerRunMs.push(last.timings.runMs);
        }
        const outputs = Object.fromEntries(Object.entries(last!.outputs).map(([name, t]) => [name, encodeOutput(t)]));
        return { ok: true, backend: last!.backend, times, workerRunMs, outputs };
      } catch (error) {
        return failed(error);
      }
    },
  };
}
