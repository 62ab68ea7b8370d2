/**
 * Runs a pipeline model's request: the job read from the request's tensors, the task run
 * whole in the server, the result encoded back. Each model call the task makes goes to the
 * local worker pool (its queue, 503 + Retry-After and per-call deadline apply) or to a
 * remote predictor; the whole request has its own deadline, and a client that goes away
 * stops the pipeline before its next call.
 */
import { V2Error } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import type { ModelRunner } from '../tasks/model-runner.ts';
import { TaskInputError, type TaskEnv } from '../tasks/task.ts';
import { recordFailure, recordSuccess, type Metrics } from './metrics.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { PipelineModel, PipelineModels } from './pipeline-models.ts';
import type { InferTarget } from './routes-infer.ts';
import { ClientGoneError } from './server-errors.ts';
import type { RunOutcome, WorkerPool } from './worker-pool.ts';

/** One model call of a pipeline: `signal` stops it (pipeline deadline, client gone), `timeoutMs` bounds it alone. */
export type ModelCaller = (model: string, inputs: NamedTensors, options: { signal: AbortSignal; timeoutMs: number }) => Promise<RunOutcome>;

/**
 * Calls through the local worker pool, counted in the called model's own metrics (Triton
 * counts an ensemble's steps in each composing model's statistics too).
 */
export function poolCaller(registry: ModelRegistry, pool: WorkerPool, metrics: Metrics): ModelCaller {
  return async (model, inputs, options) => {
    const entry = registry.ready(model);
    const labels = { model: entry.name, version: entry.version };
    const started = performance.now();
    try {
      // The pool transfers the input buffers to its worker, as the browser engine does: tasks
      // build fresh feeds for every call (see sileroFeeds), so nothing they still read moves.
      const outcome = await pool.run(entry.key, inputs, entry.metadata.outputs.map((o) => o.name), options);
      recordSuccess(metrics, labels, { ...outcome, totalMs: performance.now() - started });
      return outcome;
    } catch (error) {
      // The pool words any abort as the client's; the pipeline's signal knows which it was.
      const reason: unknown = options.signal.aborted ? options.signal.reason : error;
      recordFailure(metrics, labels, reason);
      throw reason;
    }
  };
}

export interface PipelineDeps {
  call: ModelCaller;
  env: TaskEnv;
  /** Deadline of each model call (`REQUEST_TIMEOUT_MS`). */
  callTimeoutMs: number;
  /** Deadline of the whole request (`PIPELINE_TIMEOUT_MS`). */
  pipelineTimeoutMs: number;
}

/** Rejects with the signal's reason once it aborts. */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

/** A job the task cannot read is the client's fault: 400 with the task's own words. */
const asRequestError = (error: unknown) => (error instanceof TaskInputError ? new V2Error(400, error.message) : error);

/**
 * Runs `pipeline` on a request's (validated) inputs and returns the `outputs` asked for,
 * with the queue and compute time of its model calls summed. `signal` is the client's
 * connection.
 */
export async function runPipeline(pipeline: PipelineModel, inputs: NamedTensors, outputs: string[], signal: AbortSignal, deps: PipelineDeps): Promise<RunOutcome> {
  let job: unknown;
  try {
    job = pipeline.task.wire.decodeInput(inputs);
  } catch (error) {
    throw asRequestError(error);
  }
  const stop = new AbortController();
  const onGone = () => stop.abort(new ClientGoneError());
  if (signal.aborted) onGone();
  else signal.addEventListener('abort', onGone, { once: true });
  const timer = setTimeout(() => stop.abort(new V2Error(503, 'Request timeout expired')), deps.pipelineTimeoutMs);
  const totals = { queueMs: 0, computeMs: 0 };
  const run: ModelRunner = async (model, tensors) => {
    // A stopped pipeline makes no further calls, whatever the task does with the rejection.
    stop.signal.throwIfAborted();
    const outcome = await deps.call(model, tensors, { signal: stop.signal, timeoutMs: deps.callTimeoutMs });
    totals.queueMs += outcome.queueMs;
    totals.computeMs += outcome.computeMs;
    return outcome.outputs;
  };
  try {
    // The race answers at the deadline even while a call the pool cannot stop still runs.
    const result = await Promise.race([pipeline.task.run(job, { run, env: deps.env, signal: stop.signal }), aborted(stop.signal)]);
    const encoded = pipeline.task.wire.encodeResult(result);
    const picked: NamedTensors = {};
    for (const name of outputs) {
      if (!Object.hasOwn(encoded, name)) throw new Error(`pipeline '${pipeline.name}' produced no output '${name}'`);
      picked[name] = encoded[name]!;
    }
    return { outputs: picked, ...totals };
  } catch (error) {
    if (stop.signal.aborted) throw stop.signal.reason;
    throw asRequestError(error);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onGone);
  }
}

/** A pipeline model as an infer target: the task runs in the server. */
export function pipelineTarget(pipeline: PipelineModel, pipelines: PipelineModels, deps: PipelineDeps): InferTarget {
  return {
    name: pipeline.name,
    version: pipeline.version,
    metadata: pipeline.metadata,
    run: (inputs, outputs, signal) => pipelines.track(pipeline.name, () => runPipeline(pipeline, inputs, outputs, signal, deps)),
  };
}
