/**
 * `?debug=1` exposes `window.axDebug` so end-to-end tests can drive the real engine with
 * exact inputs (Playwright init scripts do not reach workers). Nothing here is a mock: it
 * calls the same engine the pages use.
 */
import type { Engine } from '../../engine/client.ts';
import type { WorkerBridge } from '../../engine/worker-bridge.ts';
import { toEngineError } from '../../shared/errors.ts';
import type { BackendPreference, ModelRef } from '../../shared/protocol.ts';
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

export type DebugRunResult =
  | { ok: true; backend: string; skipped: { backend: string; reason: string }[]; runMs: number; outputs: Record<string, { dims: number[]; data: number[] }> }
  | { ok: false; name: string; message: string };

function toInputs(spec: DebugRunSpec): NamedTensors {
  const inputs: NamedTensors = {};
  for (const [name, input] of Object.entries(spec.inputs)) {
    const data = input.values ? Float32Array.from(input.values) : seededFloats(input.seed ?? 1, elementCount(input.dims));
    inputs[name] = { type: 'float32', dims: input.dims, data };
  }
  return inputs;
}

export function installDebugHook(engine: Engine, bridge: WorkerBridge): void {
  const run = async (spec: DebugRunSpec): Promise<DebugRunResult> => {
    const controller = new AbortController();
    if (spec.abortAfterMs !== undefined) setTimeout(() => controller.abort(), spec.abortAfterMs);
    try {
      const options = spec.preference ? { signal: controller.signal, preference: spec.preference } : { signal: controller.signal };
      const result = await engine.run(spec.model, toInputs(spec), options);
      const outputs = Object.fromEntries(
        Object.entries(result.outputs).map(([name, t]) => [name, { dims: t.dims, data: Array.from(t.data as ArrayLike<number>, Number) }]),
      );
      return { ok: true, backend: result.backend, skipped: result.skipped, runMs: result.timings.runMs, outputs };
    } catch (error) {
      const e = toEngineError(error);
      return { ok: false, name: e.name, message: e.message };
    }
  };
  Object.assign(globalThis, {
    axDebug: {
      run,
      info: () => engine.info(),
      loseGpuDevice: () => engine.loseGpuDevice(),
      workerGeneration: () => bridge.generation,
    },
  });
}
