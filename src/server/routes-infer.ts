/**
 * `POST /v2/models/{m}[/versions/{v}]/infer`: decode (JSON or binary), check against the
 * model, run (a queued run in a worker, or a pipeline's model calls), encode. Closing the
 * connection cancels a queued request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import { HEADER_LENGTH, V2Error, decodeInferRequest, encodeInferResponse } from '../shared/kserve-v2.ts';
import { formatServerTiming } from '../shared/server-timing.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { recordFailure, recordSuccess, type Metrics } from './metrics.ts';
import type { ModelMetadata } from './model-metadata.ts';
import type { ModelEntry } from './model-registry.ts';
import { methodNotAllowed } from './routes-v2.ts';
import { validateInputs, resolveOutputs } from './validate-inputs.ts';
import type { RunOutcome, WorkerPool } from './worker-pool.ts';

/**
 * What an infer request runs on: a model of the repository (one queued run in a worker) or
 * a pipeline model (a task's model calls). Decoding, checks, encoding, timing and metrics
 * are the same for both.
 */
export interface InferTarget {
  name: string;
  version: string;
  metadata: ModelMetadata;
  /** Runs validated inputs; `signal` aborts when the client goes away. */
  run(inputs: NamedTensors, outputs: string[], signal: AbortSignal): Promise<RunOutcome>;
}

export interface InferDeps {
  metrics: Metrics;
  /** The target of a name and version: Triton's 404 when unknown, 503 when it cannot run now. */
  resolve(name: string, version?: string): InferTarget;
}

/**
 * Repository models as infer targets: one run in the worker pool, batched with others when
 * the model's config says so. A model's target is made once and kept while its entry lives
 * (a reload makes a new entry): it is asked for on every request.
 */
export function modelTargets(poolOf: (key: string) => WorkerPool, requestTimeoutMs: number): (entry: Extract<ModelEntry, { ready: true }>) => InferTarget {
  const targets = new WeakMap<ModelEntry, InferTarget>();
  return (entry) => {
    let target = targets.get(entry);
    if (target) return target;
    const pool = poolOf(entry.key);
    const batching = entry.metadata.dynamicBatching;
    const options = { timeoutMs: requestTimeoutMs, ...(batching ? { batching } : {}) };
    target = {
      name: entry.name,
      version: entry.version,
      metadata: entry.metadata,
      run: (inputs, outputs, signal) => pool.run(entry.key, inputs, outputs, { ...options, signal }),
    };
    targets.set(entry, target);
    return target;
  };
}

type InferRequest = FastifyRequest<{ Params: { model: string; version?: string }; Body: Buffer | undefined }>;

/** The header's value as a byte count; absent means the whole body is JSON. */
export function parseHeaderLength(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) {
    throw new V2Error(400, `invalid ${HEADER_LENGTH} header: ${JSON.stringify(value)}`);
  }
  return Number(value.trim());
}

/** Answer bodies from Node's buffer pool: a small one costs ~0.1 µs there, ~1 µs as a fresh ArrayBuffer. */
const pooledBytes = (length: number) => Buffer.allocUnsafe(length) as Uint8Array<ArrayBuffer>;

const connectionSignals = new WeakMap<Socket, AbortSignal>();

/**
 * Aborts when the connection closes: every request it carried then lost its client, and
 * a queued one is dropped. One per connection, not per request: an AbortController costs
 * ~5 µs, a tenth of a tiny model's whole request at the main thread, and a keep-alive
 * client sends many requests on one connection (a finished request's listener is gone).
 */
function connectionSignal(socket: Socket): AbortSignal {
  let signal = connectionSignals.get(socket);
  if (signal) return signal;
  const controller = new AbortController();
  signal = controller.signal;
  // Pipelined requests on one connection each listen while they wait: not a leak.
  setMaxListeners(0, signal);
  if (socket.destroyed) controller.abort();
  else socket.once('close', () => controller.abort());
  connectionSignals.set(socket, signal);
  return signal;
}

export function registerInferRoute(app: FastifyInstance, deps: InferDeps): void {
  const { metrics } = deps;
  const handler = async (request: InferRequest, reply: FastifyReply) => {
    const started = performance.now();
    const target = deps.resolve(request.params.model, request.params.version);
    // Labels only for models we serve: client-chosen names must not grow the metric set.
    const labels = { model: target.name, version: target.version };
    try {
      const body = request.body ?? new Uint8Array(0);
      const header = parseHeaderLength(request.headers[HEADER_LENGTH.toLowerCase()]);
      // BYTES stay packed raw bytes (PackedBytes) up to the session: text only for onnxruntime itself.
      const decoded = decodeInferRequest(body, header, target.name, { rawBytes: true });
      validateInputs(target.metadata, decoded.inputs);
      const outputs = resolveOutputs(target.metadata, decoded.outputs);
      const outcome = await target.run(decoded.inputs, outputs, connectionSignal(request.raw.socket));
      const encoded = encodeInferResponse({ modelName: target.name, modelVersion: target.version, id: decoded.id, outputs: outcome.outputs }, decoded, pooledBytes);
      const totalMs = performance.now() - started;
      recordSuccess(metrics, labels, { ...outcome, totalMs });
      const { body: bytes, headers } = encoded;
      // Lets the browser split its round trip into network and server time (Triton sends
      // none); for a pipeline, queue and compute are sums over its model calls.
      const timing = formatServerTiming({ queueMs: outcome.queueMs, computeMs: outcome.computeMs, inferMs: totalMs });
      return reply.headers(headers).header('Server-Timing', timing).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      recordFailure(metrics, labels, error);
      throw error;
    }
  };
  for (const url of ['/v2/models/:model/infer', '/v2/models/:model/versions/:version/infer']) {
    app.post(url, handler);
    methodNotAllowed(app, url, 'POST');
  }
}
