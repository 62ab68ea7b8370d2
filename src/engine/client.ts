/**
 * The engine client: the one entry point pages use to run a model. It walks the backend
 * ladder, reports the backend that actually ran and why faster rungs were skipped, and
 * recovers from a lost GPU or a crashed worker by moving down a rung.
 */
import { proxy, transfer } from 'comlink';
import { EngineError, skipReasonFor, toEngineError } from '../shared/errors.ts';
import type {
  Backend,
  BackendPreference,
  CacheReport,
  ModelRef,
  ModelSource,
  ProgressListener,
  RunTimings,
  SkipReason,
  WorkerBackend,
  WorkerInfo,
} from '../shared/protocol.ts';
import { transferablesOf, type NamedTensors } from '../shared/tensor.ts';
import { defaultChoice, planLadder, type Rung } from './ladder.ts';
import type { WorkerBridge } from './worker-bridge.ts';

/** A rung that was not used, with the reason and (for runtime failures) the error text. */
export interface SkippedRung {
  backend: Backend;
  reason: SkipReason;
  detail?: string;
}

export interface EngineResult {
  outputs: NamedTensors;
  /** The backend that actually produced `outputs`. */
  backend: Backend;
  timings: RunTimings;
  skipped: SkippedRung[];
  /** Where the model's bytes came from, on the run that loaded it. */
  source?: ModelSource;
}

export interface EngineInfo extends WorkerInfo {
  preference: BackendPreference;
  rungs: Rung[];
  /** What `run` will try first with the current preference, and what it skips on the way. */
  choice: { backend: Backend | undefined; skipped: SkippedRung[] };
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Overrides the engine's preference for this call. */
  preference?: BackendPreference;
  /** Download, verify, compile and warm-up progress of a model not loaded yet. */
  onProgress?: ProgressListener;
}

/** The worker resolves URLs against its own script; give it an absolute one. */
const absolute = (model: ModelRef): ModelRef => ({ ...model, url: new URL(model.url, globalThis.location?.href).href });

const toSkipped = (rungs: Rung[]): SkippedRung[] => rungs.flatMap((r) => (r.skip ? [{ backend: r.backend, reason: r.skip }] : []));

/** Failures that say nothing about the model: they disqualify a backend for every model. */
const DEVICE_WIDE: ReadonlySet<SkipReason> = new Set(['device-lost', 'no-adapter']);

/** Fires `cache` when a run, prefetch or delete may have changed the model cache. */
export class Engine extends EventTarget {
  readonly #bridge: WorkerBridge;
  readonly #preference: () => BackendPreference;
  /** What this page learned the hard way, per model ('*' = every model). */
  readonly #learned = new Map<string, Partial<Record<Backend, SkipReason>>>();

  /** `preference` is read on every call, so a settings change applies to the next run. */
  constructor(bridge: WorkerBridge, preference: () => BackendPreference) {
    super();
    this.#bridge = bridge;
    this.#preference = preference;
  }

  async info(modelId = '*'): Promise<EngineInfo> {
    const worker = await this.#bridge.info();
    const preference = this.#preference();
    const rungs = this.#plan(worker, preference, modelId);
    const choice = defaultChoice(rungs);
    return { ...worker, preference, rungs, choice: { backend: choice.backend, skipped: toSkipped(choice.skipped) } };
  }

  /**
   * Runs `model` on the first rung that works. Input buffers are transferred to the worker
   * on the last usable rung; while a fallback remains they are copied, so a failed rung
   * cannot leave the retry with detached data.
   */
  async run(model: ModelRef, inputs: NamedTensors, options: RunOptions = {}): Promise<EngineResult> {
    const worker = await this.#bridge.info();
    const rungs = this.#plan(worker, options.preference ?? this.#preference(), model.id);
    model = absolute(model);
    const listener = options.onProgress ? proxy(options.onProgress) : undefined;
    const skipped: SkippedRung[] = [];
    for (let i = 0; i < rungs.length; i++) {
      const rung = rungs[i]!;
      if (rung.skip) {
        skipped.push({ backend: rung.backend, reason: rung.skip });
        continue;
      }
      if (rung.backend === 'datacenter') {
        // The KServe v2 remote client is not part of this build yet; planLadder marks the rung
        // 'no-endpoint' until an endpoint is configured, so this is unreachable today.
        skipped.push({ backend: rung.backend, reason: 'no-endpoint' });
        continue;
      }
      const hasFallback = rungs.slice(i + 1).some((r) => !r.skip);
      const backend: WorkerBackend = rung.backend;
      const request = { model, backend, inputs };
      try {
        const result = await this.#bridge.call(
          (api) => api.run(hasFallback ? request : transfer(request, transferablesOf(Object.values(inputs))), listener),
          options.signal,
        );
        if (result.source?.from === 'network') this.dispatchEvent(new Event('cache'));
        return { ...result, skipped };
      } catch (thrown) {
        const error = toEngineError(thrown);
        const reason = skipReasonFor(error.name);
        if (!reason || !hasFallback) throw error;
        this.#learn(DEVICE_WIDE.has(reason) ? '*' : model.id, backend, reason);
        // A lost device or a dead worker leaves nothing worth keeping in that worker.
        if (error.name === 'DeviceLostError' || error.name === 'WorkerCrashedError') this.#bridge.recycle();
        skipped.push({ backend, reason, detail: error.message });
      }
    }
    throw new EngineError('SessionError', `no backend could run model '${model.id}'`);
  }

  /** Downloads, verifies and caches a model for offline use, without running it. */
  prefetch(model: ModelRef, options: Pick<RunOptions, 'signal' | 'onProgress'> = {}): Promise<ModelSource> {
    const listener = options.onProgress ? proxy(options.onProgress) : undefined;
    const source = this.#bridge.call((api) => api.prefetch(absolute(model), listener), options.signal);
    return source.finally(() => this.dispatchEvent(new Event('cache')));
  }

  listCache(): Promise<CacheReport> {
    return this.#bridge.call((api) => api.listCache());
  }

  deleteCached(id?: string): Promise<void> {
    return this.#bridge.call((api) => api.deleteCached(id)).finally(() => this.dispatchEvent(new Event('cache')));
  }

  release(modelId: string): Promise<void> {
    if (!this.#bridge.alive) return Promise.resolve();
    return this.#bridge.call((api) => api.release(modelId));
  }

  /** Test hook behind `?debug=1`: destroys the real GPUDevice so recovery can be exercised. */
  loseGpuDevice(): Promise<boolean> {
    return this.#bridge.call((api) => api.loseGpuDevice());
  }

  #plan(worker: WorkerInfo, preference: BackendPreference, modelId: string): Rung[] {
    const learned = { ...this.#learned.get('*'), ...this.#learned.get(modelId) };
    return planLadder(preference, { gpu: worker.gpu, datacenter: false, learned });
  }

  #learn(scope: string, backend: Backend, reason: SkipReason): void {
    this.#learned.set(scope, { ...this.#learned.get(scope), [backend]: reason });
  }
}
