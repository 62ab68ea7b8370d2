/**
 * Owns the inference worker's life: spawns it lazily, queues calls one at a time, kills it
 * on abort (ORT cannot cancel a run) or crash and starts a fresh one on the next call, and
 * retires it when idle, which is the only way WASM memory is given back (onnxruntime#21673).
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import { EngineError } from '../shared/errors.ts';
import type { InferenceApi, WorkerConfig, WorkerInfo } from '../shared/protocol.ts';
import { SerialQueue } from '../shared/serial.ts';

export interface BridgeOptions {
  spawn: () => Worker;
  /** Read when a worker starts (a function: e.g. a thread count measured since the last start). */
  config: WorkerConfig | (() => Promise<WorkerConfig>);
  /** Retire the worker after this long without calls; 0 keeps it forever. */
  idleMs: number;
}

interface Live {
  worker: Worker;
  api: Remote<InferenceApi>;
  info: Promise<WorkerInfo>;
  /** Rejects the call in flight when the worker dies under it, or is recycled. */
  crashed: Promise<never>;
  end: (error: EngineError) => void;
}

export const abortError = () => new EngineError('AbortError', 'cancelled by the user');

function abortPromise(signal: AbortSignal | undefined): Promise<never> | undefined {
  if (!signal) return undefined;
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(abortError());
    signal.addEventListener('abort', () => reject(abortError()), { once: true });
  });
}

export class WorkerBridge {
  readonly #options: BridgeOptions;
  readonly #queue = new SerialQueue();
  #live: Live | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** How many workers this bridge has started; tests and the Device page read it. */
  generation = 0;

  constructor(options: BridgeOptions) {
    this.#options = options;
  }

  /** Facts from the worker (starting one if needed). */
  info(): Promise<WorkerInfo> {
    const live = this.#start();
    if (this.#queue.pending === 0) this.#armIdle();
    return live.info;
  }

  /** Runs `job` against the worker after earlier calls finish. Aborting kills the worker. */
  call<T>(job: (api: Remote<InferenceApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const aborted = abortPromise(signal);
    aborted?.catch(() => undefined);
    const queued = this.#queue.push(() => this.#exec(job, signal, aborted));
    // A call aborted while still waiting in the queue rejects at once.
    return aborted ? Promise.race([queued, aborted]) : queued;
  }

  /**
   * Terminates the worker now; the next call starts a new one and sessions are recreated
   * lazily. A call still in flight is rejected (AbortError) rather than left hanging.
   */
  recycle(): void {
    const live = this.#live;
    this.#live = undefined;
    clearTimeout(this.#idleTimer);
    if (!live) return;
    live.end(new EngineError('AbortError', 'the inference worker was recycled'));
    live.api[releaseProxy]();
    live.worker.terminate();
  }

  get alive(): boolean {
    return this.#live !== undefined;
  }

  /** Calls waiting or running. */
  get pending(): number {
    return this.#queue.pending;
  }

  async #exec<T>(job: (api: Remote<InferenceApi>) => Promise<T>, signal: AbortSignal | undefined, aborted: Promise<never> | undefined): Promise<T> {
    if (signal?.aborted) throw abortError();
    clearTimeout(this.#idleTimer);
    const live = this.#start();
    const onAbort = () => {
      if (this.#live === live) this.recycle();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const racers: Promise<T>[] = [live.info.then(() => job(live.api)), live.crashed];
      if (aborted) racers.push(aborted);
      return await Promise.race(racers);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#armIdle();
    }
  }

  #start(): Live {
    if (this.#live) return this.#live;
    const worker = this.#options.spawn();
    this.generation++;
    let crash: (error: EngineError) => void = () => undefined;
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    crashed.catch(() => undefined);
    const onCrash = (message: string) => {
      // Reject first: recycle() would otherwise settle the call as a plain abort.
      crash(new EngineError('WorkerCrashedError', `the inference worker stopped: ${message}`));
      if (this.#live?.worker === worker) this.recycle();
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onCrash(event.message || 'uncaught error');
    });
    worker.addEventListener('messageerror', () => onCrash('a message could not be decoded'));
    const api = wrap<InferenceApi>(worker);
    const { config } = this.#options;
    const info = Promise.race([(typeof config === 'function' ? config() : Promise.resolve(config)).then((c) => api.init(c)), crashed]);
    this.#live = { worker, api, info, crashed, end: (error) => crash(error) };
    return this.#live;
  }

  #armIdle(): void {
    clearTimeout(this.#idleTimer);
    if (this.#options.idleMs > 0 && this.#queue.pending <= 1) {
      this.#idleTimer = setTimeout(() => {
        if (this.#queue.pending === 0) this.recycle();
      }, this.#options.idleMs);
    }
  }
}
