/**
 * `POST /v2/models/{m}[/versions/{v}]/infer`: decode (JSON or binary), check against the
 * model, queue, run in a worker, encode. Closing the connection cancels a queued request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADER_LENGTH, V2Error, decodeInferRequest, encodeInferResponse } from '../shared/kserve-v2.ts';
import type { Metrics } from './metrics.ts';
import type { ModelRegistry } from './model-registry.ts';
import { methodNotAllowed } from './routes-v2.ts';
import { validateInputs, resolveOutputs } from './validate-inputs.ts';
import type { WorkerPool } from './worker-pool.ts';

export interface InferDeps {
  registry: ModelRegistry;
  pool: WorkerPool;
  metrics: Metrics;
  requestTimeoutMs: number;
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

/** Aborts when the client closes the connection before we answered. */
function disconnectSignal(reply: FastifyReply): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableEnded) controller.abort();
  };
  reply.raw.once('close', onClose);
  return { signal: controller.signal, release: () => reply.raw.off('close', onClose) };
}

export function registerInferRoute(app: FastifyInstance, deps: InferDeps): void {
  const { registry, pool, metrics } = deps;
  const handler = async (request: InferRequest, reply: FastifyReply) => {
    const started = performance.now();
    const entry = registry.ready(request.params.model, request.params.version);
    // Labels only for models we serve: client-chosen names must not grow the metric set.
    const labels = { model: entry.name, version: entry.version };
    try {
      const body = request.body ?? new Uint8Array(0);
      const decoded = decodeInferRequest(body, parseHeaderLength(request.headers[HEADER_LENGTH.toLowerCase()]), entry.name);
      validateInputs(entry.metadata, decoded.inputs);
      const outputs = resolveOutputs(entry.metadata, decoded.outputs);
      const { signal, release } = disconnectSignal(reply);
      const outcome = await pool.run(entry.key, decoded.inputs, outputs, { signal, timeoutMs: deps.requestTimeoutMs }).finally(release);
      const encoded = encodeInferResponse({ modelName: entry.name, modelVersion: entry.version, id: decoded.id, outputs: outcome.outputs }, decoded);
      metrics.success.inc(labels);
      metrics.count.inc(labels);
      metrics.queueUs.inc(labels, Math.round(outcome.queueMs * 1000));
      metrics.computeUs.inc(labels, Math.round(outcome.computeMs * 1000));
      metrics.requestUs.inc(labels, Math.round((performance.now() - started) * 1000));
      const { body: bytes, headers } = encoded;
      // Lets the browser split its round trip into network and server time (Triton sends none).
      const timing = `queue;dur=${outcome.queueMs.toFixed(2)}, compute;dur=${outcome.computeMs.toFixed(2)}, infer;dur=${(performance.now() - started).toFixed(2)}`;
      return reply.headers({ ...headers, 'Server-Timing': timing }).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      metrics.failure.inc({ ...labels, status: String(error instanceof V2Error ? error.status : 500) });
      throw error;
    }
  };
  for (const url of ['/v2/models/:model/infer', '/v2/models/:model/versions/:version/infer']) {
    app.post(url, handler);
    methodNotAllowed(app, url, 'POST');
  }
}
