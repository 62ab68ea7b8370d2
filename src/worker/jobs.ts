/**
 * Runs a whole task inside the worker: the job's input arrives once, every model call,
 * picture decode and result reading happens here, and one structured result leaves. Each
 * model walks its own list of local backends: a model that cannot run on WebGPU falls back
 * to WASM on its own and the result says so, model by model.
 */
import { EngineError, skipReasonFor, toEngineError } from '../shared/errors.ts';
import type { JobEvent, JobModel, JobRequest, JobRunResult, LoadProgress, ModelRun } from '../shared/protocol.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import type { ModelRunner } from '../tasks/model-runner.ts';
import { taskOf } from '../tasks/registry.ts';
import { runModel } from './sessions.ts';
import { browserTaskEnv } from './task-env.ts';

type Emit = (event: JobEvent) => void;

/** A runner over the worker's sessions that records, per model, where it ran and what it skipped. */
function recordingRunner(models: Record<string, JobModel>, emit: Emit, runs: Map<string, ModelRun>): ModelRunner {
  const onLoad = (load: LoadProgress) => emit({ kind: 'load', load });
  return async (modelId: string, inputs: NamedTensors, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    const model = Object.hasOwn(models, modelId) ? models[modelId] : undefined;
    if (!model) throw new EngineError('ModelLoadError', `the task called model '${modelId}', which the job did not name`);
    const record = runs.get(modelId) ?? { modelId, backend: model.backends[0] ?? 'wasm', calls: 0, runMs: 0, skipped: [] };
    runs.set(modelId, record);
    // Start at the backend that worked last time in this job: a failed rung is not retried per call.
    const start = Math.max(0, model.backends.indexOf(record.backend as never));
    for (let i = start; i < model.backends.length; i++) {
      const backend = model.backends[i]!;
      try {
        const result = await runModel({ model: model.ref, backend, inputs }, onLoad);
        record.backend = backend;
        record.calls++;
        record.runMs += result.timings.runMs;
        if (result.source) record.source = result.source;
        return result.outputs;
      } catch (thrown) {
        const error = toEngineError(thrown);
        const reason = skipReasonFor(error.name, backend);
        if (!reason || i === model.backends.length - 1) throw error;
        record.skipped.push({ backend, reason, detail: error.message });
      }
    }
    throw new EngineError('SessionError', `no local backend was given for model '${modelId}'`);
  };
}

export async function runJob(request: JobRequest, emit: Emit): Promise<JobRunResult> {
  const started = performance.now();
  const runs = new Map<string, ModelRun>();
  const task = taskOf(request.task);
  const result = await task.run(request.input as never, {
    run: recordingRunner(request.models, emit, runs),
    env: browserTaskEnv(request.files, (load) => emit({ kind: 'load', load })),
    onProgress: (step) => emit({ kind: 'step', step }),
    onPartial: (partial) => emit({ kind: 'partial', partial }),
  });
  return { result, models: [...runs.values()], ms: performance.now() - started };
}
