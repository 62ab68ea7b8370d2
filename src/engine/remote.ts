/**
 * The datacenter client: KServe v2 over `fetch` with the binary tensor extension, so the
 * same code talks to our endpoint, NVIDIA Triton or KServe. Timeout, cancellation, and
 * retry with backoff when the server answers 503 (queue full). The codec is the one the
 * server uses (src/shared/kserve-v2.ts).
 */
import { EngineError } from '../shared/errors.ts';
import { HEADER_LENGTH, decodeInferResponse, encodeInferRequest, encodeLoadRequest, v2ErrorMessage, type RepositoryLoad } from '../shared/kserve-v2.ts';
import { serverTimingDuration } from '../shared/server-timing.ts';
import type { NamedTensors } from '../shared/tensor.ts';

export interface RemoteConfig {
  /** Where `/v2` lives; '' means this app's own origin. */
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  /** Extra attempts after a 503. */
  retries: number;
}

export interface RemoteResult {
  outputs: NamedTensors;
  /** Whole round trip as the browser saw it. */
  totalMs: number;
  /** Time the server spent, from its `Server-Timing` header when it sends one (Triton does not). */
  serverMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(new EngineError('AbortError', 'cancelled by the user'))), { once: true });
  });

/** `Retry-After` in seconds (what Triton-style servers send), capped so a visitor is not left waiting. */
function retryDelay(response: Response, attempt: number): number {
  const header = Number(response.headers.get('retry-after'));
  const fromServer = Number.isFinite(header) && header > 0 ? header * 1000 : 0;
  return Math.min(5000, Math.max(fromServer, 250 * 2 ** attempt));
}

/** Reads `Server-Timing: infer;dur=12.3`: the server's whole time for the request. */
export const serverDuration = (header: string | null): number | undefined => serverTimingDuration(header, 'infer');

export class RemoteClient {
  readonly #config: () => RemoteConfig;

  /** `config` is read on every call so settings changes apply at once. */
  constructor(config: () => RemoteConfig) {
    this.#config = config;
  }

  #url(path: string): string {
    const base = this.#config().baseUrl || globalThis.location.origin;
    return new URL(path, base.endsWith('/') ? base : `${base}/`).href;
  }

  #headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.#config().apiKey;
    return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
  }

  /** True when the endpoint answers `/v2/health/ready`; false for any failure (it is only a probe). */
  async live(signal?: AbortSignal): Promise<boolean> {
    try {
      const timeout = AbortSignal.timeout(2000);
      const response = await fetch(this.#url('v2/health/ready'), { headers: this.#headers(), signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * The network as it is now: a tiny round trip (`/v2/health/ready`), then `bytes` sent in a
   * v2 request any v2 server reads whole and refuses (400: no inputs). Undefined when the
   * endpoint cannot be reached; never throws.
   */
  async probeUpload(modelId: string, bytes: number, signal?: AbortSignal): Promise<{ rttMs: number; uploadMs: number } | undefined> {
    const limit = () => (signal ? AbortSignal.any([signal, AbortSignal.timeout(this.#config().timeoutMs)]) : AbortSignal.timeout(this.#config().timeoutMs));
    try {
      let started = performance.now();
      await (await fetch(this.#url('v2/health/ready'), { headers: this.#headers(), signal: limit() })).arrayBuffer();
      const rttMs = performance.now() - started;
      // Padding in a parameter: valid JSON, nothing a server would run.
      const body = new TextEncoder().encode(JSON.stringify({ inputs: [], parameters: { upload_probe: 'x'.repeat(bytes) } }));
      started = performance.now();
      const url = this.#url(`v2/models/${encodeURIComponent(modelId)}/infer`);
      await (await fetch(url, { method: 'POST', body, headers: this.#headers({ 'Content-Type': 'application/json' }), signal: limit() })).arrayBuffer();
      return { rttMs, uploadMs: Math.max(0, performance.now() - started - rttMs) };
    } catch {
      return undefined;
    }
  }

  /** True when the endpoint says the model is ready; false for any failure (it is only a probe). */
  async ready(modelId: string, signal?: AbortSignal): Promise<boolean> {
    try {
      const response = await fetch(this.#url(`v2/models/${encodeURIComponent(modelId)}/ready`), {
        headers: this.#headers(),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(3000)]) : AbortSignal.timeout(3000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * Triton's model repository extension: loads `name`, with files uploaded in the body when
   * `load` is given. Resolves on 200; throws an EngineError with the server's message otherwise
   * (404/405 when the server has no repository API or uploads are off).
   */
  async loadModel(name: string, load?: RepositoryLoad, signal?: AbortSignal): Promise<void> {
    const encoded = load ? encodeLoadRequest(load) : { body: new Uint8Array(0), headers: {} };
    await this.#post(`v2/repository/models/${encodeURIComponent(name)}/load`, encoded.body, encoded.headers, signal);
  }

  async unloadModel(name: string, signal?: AbortSignal): Promise<void> {
    await this.#post(`v2/repository/models/${encodeURIComponent(name)}/unload`, new Uint8Array(0), {}, signal);
  }

  async #post(path: string, body: Uint8Array<ArrayBuffer>, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const url = this.#url(path);
    const deadline = AbortSignal.timeout(this.#config().timeoutMs * 4);
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', body, headers: this.#headers(headers), signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
    } catch (error) {
      if (signal?.aborted) throw new EngineError('AbortError', 'cancelled by the user');
      throw new EngineError('NetworkError', `could not reach the datacenter at ${url}: ${String(error)}`);
    }
    if (response.ok) return;
    const message = v2ErrorMessage(new Uint8Array(await response.arrayBuffer())) ?? `HTTP ${response.status}`;
    const kind = response.status === 401 || response.status === 403 ? 'DatacenterAuthError' : response.status === 400 ? 'ModelLoadError' : 'DatacenterError';
    throw new EngineError(kind, `datacenter answered ${response.status}: ${message}`);
  }

  async infer(modelId: string, inputs: NamedTensors, signal?: AbortSignal): Promise<RemoteResult> {
    const { timeoutMs, retries } = this.#config();
    const { body, headers } = encodeInferRequest(inputs, { binary: true });
    const url = this.#url(`v2/models/${encodeURIComponent(modelId)}/infer`);
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      const deadline = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', body, headers: this.#headers(headers), signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
      } catch (error) {
        if (signal?.aborted) throw new EngineError('AbortError', 'cancelled by the user');
        if (deadline.aborted) throw new EngineError('DatacenterError', `the datacenter did not answer within ${timeoutMs} ms (${url})`);
        throw new EngineError('NetworkError', `could not reach the datacenter at ${url}: ${String(error)}`);
      }
      if (response.status === 503 && attempt < retries) {
        await sleep(retryDelay(response, attempt), signal);
        continue;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!response.ok) {
        // Not a v2 error body (a proxy's HTML page, say): the status says enough.
        const message = v2ErrorMessage(bytes) ?? `HTTP ${response.status}`;
        const kind =
          response.status === 400
            ? 'InvalidInputError'
            : response.status === 401 || response.status === 403
              ? 'DatacenterAuthError'
              : response.status === 404
                ? 'ModelLoadError'
                : 'DatacenterError';
        throw new EngineError(kind, `datacenter answered ${response.status}: ${message}`);
      }
      const length = response.headers.get(HEADER_LENGTH);
      const decoded = decodeInferResponse(bytes, length === null ? undefined : Number(length));
      const serverMs = serverDuration(response.headers.get('server-timing'));
      return { outputs: decoded.outputs, totalMs: performance.now() - started, ...(serverMs === undefined ? {} : { serverMs }) };
    }
  }
}
