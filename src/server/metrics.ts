/**
 * Prometheus metrics in the spirit of Triton's `nv_inference_*` family (cumulative
 * microsecond counters per model and version, a pending-request gauge), plus an HTTP
 * latency histogram. One registry per server so tests can run several servers at once.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { V2Error } from '../shared/kserve-v2.ts';

const MODEL = ['model', 'version'] as const;

export interface ModelLoad { model: string; version: string; pending: number; running: number }

/** The server's metrics; `load` reads queue depths and runs in progress when Prometheus scrapes. */
export function createMetrics(load: () => ModelLoad[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string, labelNames: readonly string[] = MODEL) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const metrics = {
    registry,
    success: counter('nv_inference_request_success', 'Successful inference requests'),
    failure: counter('nv_inference_request_failure', 'Failed inference requests, by HTTP status', [...MODEL, 'status']),
    count: counter('nv_inference_count', 'Inferences performed (one per request)'),
    // Triton's pair: fewer executions than successful requests means batches formed.
    execCount: counter('nv_inference_exec_count', 'Model executions (a dynamic batch of requests run together counts once)'),
    // Not in Triton's set: shows which models' runs skip the worker hop (SERVER.md).
    inlineExecCount: counter('ax_inference_inline_exec_count', "Model executions run in the server's own thread (tiny repository models, small requests)"),
    batchSize: new Histogram({
      name: 'ax_inference_batch_size',
      help: 'Requests per model execution (dynamic batching)',
      labelNames: MODEL,
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    requestUs: counter('nv_inference_request_duration_us', 'Cumulative end-to-end inference request time (µs)'),
    queueUs: counter('nv_inference_queue_duration_us', 'Cumulative time requests waited in the queue (µs)'),
    computeUs: counter('nv_inference_compute_infer_duration_us', 'Cumulative session.run time (µs)'),
    http: new Histogram({
      name: 'ax_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'nv_inference_pending_request_count',
    help: 'Requests waiting in the queue of each model',
    labelNames: MODEL,
    registers: [registry],
    collect() {
      for (const m of load()) this.set({ model: m.model, version: m.version }, m.pending);
    },
  });
  // Not in Triton's set: lets operators (and tests) see that a worker is busy with a model.
  new Gauge({
    name: 'ax_inference_running_request_count',
    help: 'Requests of each model being run by a worker right now',
    labelNames: MODEL,
    registers: [registry],
    collect() {
      for (const m of load()) this.set({ model: m.model, version: m.version }, m.running);
    },
  });
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

// A type, not an interface: prom-client wants an index signature, which only type aliases get implicitly.
export type ModelLabels = { model: string; version: string };

/** Counts one successful request, or one model call of a pipeline, with its times. */
export function recordSuccess(
  metrics: Metrics,
  labels: ModelLabels,
  times: { queueMs: number; computeMs: number; totalMs: number; execution?: { requests: number; counts: boolean; inline?: boolean } },
): void {
  metrics.success.inc(labels);
  metrics.count.inc(labels);
  // A pipeline request, or a run not shared: one execution of its own.
  const execution = times.execution ?? { requests: 1, counts: true };
  if (execution.counts) {
    metrics.execCount.inc(labels);
    if (execution.inline) metrics.inlineExecCount.inc(labels);
    metrics.batchSize.observe(labels, execution.requests);
  }
  metrics.queueUs.inc(labels, Math.round(times.queueMs * 1000));
  metrics.computeUs.inc(labels, Math.round(times.computeMs * 1000));
  metrics.requestUs.inc(labels, Math.round(times.totalMs * 1000));
}

/** Counts one failed request by the status it was answered with (499: the client went away). */
export function recordFailure(metrics: Metrics, labels: ModelLabels, error: unknown): void {
  metrics.failure.inc({ ...labels, status: String(error instanceof V2Error ? error.status : 500) });
}
