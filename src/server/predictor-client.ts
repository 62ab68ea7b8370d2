/**
 * Transformer mode (`PREDICTOR_URL`): a pipeline's model calls go to a remote KServe v2
 * predictor (Triton, KServe, another instance of this server) as binary v2 requests made
 * with the shared codec. Its answers map onto ours: its 400 stays a 400, its 503 stays a
 * 503 with `Retry-After`, a predictor we cannot reach is a 503 that says so, and anything
 * else it does wrong is a 502 (its message is not passed on: it may name its own paths).
 */
import { HEADER_LENGTH, V2Error, decodeInferResponse, encodeInferRequest, v2ErrorMessage } from '../shared/kserve-v2.ts';
import { serverTimingDuration } from '../shared/server-timing.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import type { ModelCheck } from './pipeline-models.ts';
import { RetryLaterError } from './server-errors.ts';
import type { RunOutcome } from './worker-pool.ts';

export interface Predictor {
  /** Base URL without a trailing slash. */
  url: string;
  apiKey?: string;
}

/** A readiness check waits this long for the predictor. */
export const READY_TIMEOUT_MS = 2000;
/** ...and its answer is reused this long: probes of several pipelines share the models. */
export const READY_CACHE_MS = 1000;

const headersOf = (p: Predictor): Record<string, string> => (p.apiKey ? { Authorization: `Bearer ${p.apiKey}` } : {});
const modelUrl = (p: Predictor, model: string) => `${p.url}/v2/models/${encodeURIComponent(model)}`;

/** Node's fetch hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, …). */
function unreachable(error: unknown): RetryLaterError {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const why = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : 'no answer';
  return new RetryLaterError(`the predictor is unreachable (${why}); check PREDICTOR_URL and that the predictor is running`);
}

function predictorError(model: string, response: Response, bytes: Uint8Array): V2Error {
  const status = response.status;
  const text = v2ErrorMessage(bytes)?.slice(0, 1000) ?? `HTTP ${status}`;
  if (status === 400) return new V2Error(400, text);
  if (status === 503) {
    const retry = Number(response.headers.get('retry-after'));
    return new RetryLaterError(`the predictor is unavailable: ${text}`, Number.isInteger(retry) && retry > 0 ? retry : 1);
  }
  if (status === 404) return new RetryLaterError(`model '${model}' is not served by the predictor`);
  if (status === 401 || status === 403) return new V2Error(502, `the predictor refused our credentials (HTTP ${status}); check PREDICTOR_API_KEY`);
  return new V2Error(502, `the predictor failed to run model '${model}' (HTTP ${status})`);
}

/**
 * Runs one model on the predictor. `signal` carries the pipeline's own reason (deadline,
 * client gone), which is rethrown as is; `timeoutMs` bounds this call alone. Times are the
 * predictor's own when it reports them, else the whole round trip counts as compute.
 */
export async function predictorInfer(p: Predictor, model: string, inputs: NamedTensors, options: { signal: AbortSignal; timeoutMs: number }): Promise<RunOutcome> {
  const { body, headers } = encodeInferRequest(inputs, { binary: true });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const started = performance.now();
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await fetch(`${modelUrl(p, model)}/infer`, { method: 'POST', body, headers: { ...headers, ...headersOf(p) }, signal: AbortSignal.any([options.signal, timeout]) });
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    if (timeout.aborted) throw new V2Error(503, 'Request timeout expired');
    throw unreachable(error);
  }
  if (!response.ok) throw predictorError(model, response, bytes);
  const length = response.headers.get(HEADER_LENGTH);
  const { outputs } = decodeInferResponse(bytes, length === null ? undefined : Number(length));
  const roundTripMs = performance.now() - started;
  // The predictor's own times when it reports them (ours does), else the round trip is compute.
  const timing = response.headers.get('server-timing');
  const queueMs = serverTimingDuration(timing, 'queue') ?? 0;
  return { outputs, queueMs, computeMs: serverTimingDuration(timing, 'compute') ?? roundTripMs - queueMs };
}

async function askReady(p: Predictor, model: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${modelUrl(p, model)}/ready`, { headers: headersOf(p), signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
    await response.arrayBuffer();
    return response.ok ? undefined : `model '${model}' is not ready on the predictor (HTTP ${response.status})`;
  } catch (error) {
    return (error as Error).name === 'TimeoutError' ? `the predictor did not answer within ${READY_TIMEOUT_MS} ms` : unreachable(error).message;
  }
}

/**
 * Readiness of the predictor's models, asked at each check (a probe, a `/ready`) with a
 * short timeout; one answer serves every check within READY_CACHE_MS.
 */
export function predictorCheck(p: Predictor): ModelCheck {
  const cache = new Map<string, { at: number; reason: Promise<string | undefined> }>();
  return (model) => {
    const hit = cache.get(model);
    if (hit && performance.now() - hit.at < READY_CACHE_MS) return hit.reason;
    const reason = askReady(p, model);
    cache.set(model, { at: performance.now(), reason });
    return reason;
  };
}
