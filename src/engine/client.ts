/**
 * The engine client: the one entry point pages use to run a model. It walks the backend
 * ladder (WebGPU → WASM → datacenter), reports the backend that actually ran and why
 * faster rungs were skipped, and recovers from a lost GPU, a crashed worker or an
 * unreachable datacenter by moving to the next rung.
 */
import { proxy, transfer } from 'comlink';
import { EngineError, skipReasonFor, toEngineError } from '../shared/errors.ts';
import type { InspectOutcome } from '../shared/model-facts.ts';
import type {
  Backend,
  BackendPreference,
  BenchResult,
  CacheReport,
  ModelRef,
  ModelSource,
  OrtFlavour,
  ProgressListener,
  RunTimings,
  SkipReason,
  SkippedRung,
  WorkerBackend,
  WorkerInfo,
} from '../shared/protocol.ts';
import { copyTensors, transferablesOf, type NamedTensors } from '../shared/tensor.ts';
import { defaultChoice, isHeavyForDevice, planLadder, type DatacenterState, type Rung } from './ladder.ts';
import type { RemoteClient } from './remote.ts';
import type { WorkerSet } from './worker-set.ts';

/** Model bytes a worker may load before a demo switch replaces it (about 25 switches of the kiosk's loop). */
export const RECYCLE_BUDGET_BYTES = 256 * 2 ** 20;

export type { SkippedRung } from '../shared/protocol.ts';

export interface EngineResult {
  outputs: NamedTensors;
  /** The backend that actually produced `outputs`. */
  backend: Backend;
  timings: RunTimings;
  skipped: SkippedRung[];
  /** Where the model's bytes came from, on the run that loaded it. */
  source?: ModelSource;
  /** Set when the datacenter ran it ahead of this device because the model is heavy for it. */
  offloaded?: 'heavy-model';
}

export interface EngineInfo extends WorkerInfo {
  /** The onnxruntime-web build each rung's worker loads (fetched when that rung first runs, or when a demo page prepares models this device has cached for it). */
  builds: Record<WorkerBackend, OrtFlavour>;
  preference: BackendPreference;
  datacenter: DatacenterState;
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

export interface EngineOptions {
  /** The inference workers, one per onnxruntime-web build. */
  bridge: WorkerSet;
  /** Read on every call, so a settings change applies to the next run. */
  preference: () => BackendPreference;
  /** The datacenter; absent means this build has none configured. */
  remote?: RemoteClient;
  /** Asked before the first upload of a model's inputs; false skips the datacenter rung. */
  consent?: (model: ModelRef) => Promise<boolean>;
  /** `navigator.deviceMemory` where the browser tells it. */
  deviceMemoryGb?: number;
}

/** The worker resolves URLs against its own script; give it an absolute one. */
export const absolute = (model: ModelRef): ModelRef => ({ ...model, url: new URL(model.url, globalThis.location?.href).href });
const toSkipped = (rungs: Rung[]): SkippedRung[] => rungs.flatMap((r) => (r.skip ? [{ backend: r.backend, reason: r.skip }] : []));

/** Failures that say nothing about the model: they disqualify a backend for every model. */
const DEVICE_WIDE: ReadonlySet<SkipReason> = new Set(['device-lost', 'no-adapter']);
/** How long a datacenter reachability probe is trusted. */
const PROBE_TTL_MS = 30_000;

/** Fires `cache` when a run, prefetch or delete may have changed the model cache. */
export class Engine extends EventTarget {
  readonly #options: EngineOptions;
  /** What this page learned the hard way, per model ('*' = every model). */
  readonly #learned = new Map<string, Partial<Record<Backend, SkipReason>>>();
  #probe: { at: number; state: Promise<DatacenterState> } | undefined;
  /** Per rung: model bytes loaded into its current worker, and which worker that was (its `generation`). */
  readonly #loaded = new Map<WorkerBackend, { bytes: number; generation: number }>();
  #prepared: Promise<void> | undefined;
  /** The models of the page shown, as it asked `prepare` for them (undefined once it was left). */
  #pageModels: readonly ModelRef[] | undefined;
  #preparations = 0;

  constructor(options: EngineOptions) {
    super();
    this.#options = options;
  }

  async info(modelId = '*'): Promise<EngineInfo> {
    const [worker, datacenter] = await Promise.all([this.#options.bridge.info(), this.#datacenterState()]);
    const preference = this.#options.preference();
    const rungs = this.#plan(worker, preference, { id: modelId, url: '' }, datacenter);
    const choice = defaultChoice(rungs);
    return { ...worker, builds: this.#options.bridge.builds, preference, datacenter, rungs, choice: { backend: choice.backend, skipped: toSkipped(choice.skipped) } };
  }

  /**
   * Runs `model` on the first rung that works. Input buffers are always transferred to the
   * worker, never structured-cloned: on the last usable rung the caller's own, while a
   * fallback remains a copy of them, so a failed rung cannot leave the retry with detached data.
   */
  async run(model: ModelRef, inputs: NamedTensors, options: RunOptions = {}): Promise<EngineResult> {
    const [worker, datacenter] = await Promise.all([this.#options.bridge.info(), this.#datacenterState()]);
    const preference = options.preference ?? this.#options.preference();
    const rungs = this.#plan(worker, preference, model, datacenter);
    const offloadFirst = rungs.findIndex((r) => r.backend === 'datacenter') < rungs.findIndex((r) => r.backend === 'wasm') && preference === 'auto';
    const skipped: SkippedRung[] = [];
    for (let i = 0; i < rungs.length; i++) {
      const rung = rungs[i]!;
      if (rung.skip) {
        skipped.push({ backend: rung.backend, reason: rung.skip });
        continue;
      }
      const hasFallback = rungs.slice(i + 1).some((r) => !r.skip);
      try {
        if (rung.backend === 'datacenter') {
          if (!(await this.#consented(model))) {
            skipped.push({ backend: 'datacenter', reason: 'consent-denied' });
            continue;
          }
          const result = await this.#runRemote(model, inputs, options.signal);
          return { ...result, skipped, ...(offloadFirst ? { offloaded: 'heavy-model' as const } : {}) };
        }
        const result = await this.#runLocal(rung.backend, model, inputs, options, hasFallback);
        return { ...result, skipped };
      } catch (thrown) {
        const error = toEngineError(thrown);
        const reason = this.learnFailure(error, rung.backend, model.id);
        if (!reason || !hasFallback) throw error;
        skipped.push({ backend: rung.backend, reason, detail: error.message });
      }
    }
    if (skipped.some((s) => s.reason === 'consent-denied')) {
      throw new EngineError('DatacenterError', `model '${model.id}' can only run in the datacenter here, and sending it there was declined`);
    }
    throw new EngineError('SessionError', `no backend could run model '${model.id}'`);
  }

  /**
   * What a failure on `backend` teaches: the reason to skip that rung (undefined when the
   * failure is the input's fault and no other rung would do better), remembered for this
   * model or every model, and a fresh worker after a lost device or a crash.
   */
  learnFailure(error: EngineError, backend: Backend, modelId: string): SkipReason | undefined {
    const reason = skipReasonFor(error.name, backend);
    if (!reason) return undefined;
    // Unreachable: skip it at once for a while. Refused (a key): ask again next time.
    if (reason === 'datacenter-unavailable') this.#probe = { at: performance.now(), state: Promise.resolve('down') };
    else if (backend !== 'datacenter') this.#learn(DEVICE_WIDE.has(reason) ? '*' : modelId, backend, reason);
    // A lost device or a dead worker leaves nothing worth keeping in that worker.
    if (backend !== 'datacenter' && (error.name === 'DeviceLostError' || error.name === 'WorkerCrashedError')) this.#options.bridge.for(backend).recycle();
    return reason;
  }

  /** The ladder for one model under `preference`, with what the worker and the datacenter look like now. */
  async ladder(model: ModelRef, preference: BackendPreference): Promise<{ rungs: Rung[]; datacenter: DatacenterState; worker: WorkerInfo }> {
    const [worker, datacenter] = await Promise.all([this.#options.bridge.info(), this.#datacenterState()]);
    return { rungs: this.#plan(worker, preference, model, datacenter), datacenter, worker };
  }

  /** The visitor's answer about sending `model`'s inputs (true when no prompt is configured). */
  consented(model: ModelRef): Promise<boolean> {
    return this.#consented(model);
  }

  /** The preference set in the settings (a call may override it). */
  get preference(): BackendPreference {
    return this.#options.preference();
  }

  /**
   * Tensor-level work in the datacenter (the Model Lab's column): refused at once when no
   * endpoint is configured or it was found down, and an unreachable endpoint is marked down
   * for every caller, as a failed job would.
   */
  async datacenterCall<T>(call: (remote: RemoteClient) => Promise<T>): Promise<T> {
    const remote = this.#options.remote;
    if (!remote) throw new EngineError('DatacenterError', 'no datacenter endpoint is configured');
    if ((await this.#datacenterState()) === 'down') throw new EngineError('DatacenterError', 'the datacenter did not answer its last check; try again in a moment');
    try {
      return await call(remote);
    } catch (thrown) {
      const error = toEngineError(thrown);
      // Only an unreachable endpoint is down; a refusal (an upload turned away) is an answer.
      if (error.name === 'NetworkError') this.learnFailure(error, 'datacenter', '*');
      throw error;
    }
  }

  /** The datacenter client, when one is configured. */
  get remote(): RemoteClient | undefined {
    return this.#options.remote;
  }

  /**
   * Runs `model` once on each local backend this device would use (WebGPU when its rung is
   * usable under `auto`, WASM always), so each backend's onnxruntime build is fetched, and
   * cached by the service worker, before a kiosk goes offline. A WebGPU failure is only
   * learned (its rung will be skipped); a WASM failure is thrown. The backends that ran.
   */
  async warmBackends(model: ModelRef, inputs: () => NamedTensors, signal?: AbortSignal): Promise<WorkerBackend[]> {
    const { rungs } = await this.ladder(model, 'auto');
    const warmed: WorkerBackend[] = [];
    if (rungs.some((r) => r.backend === 'webgpu' && !r.skip)) {
      try {
        await this.#runLocal('webgpu', model, inputs(), signal ? { signal } : {}, false);
        warmed.push('webgpu');
      } catch (thrown) {
        const error = toEngineError(thrown);
        if (error.name === 'AbortError') throw error;
        this.learnFailure(error, 'webgpu', model.id);
      }
    }
    await this.#runLocal('wasm', model, inputs(), signal ? { signal } : {}, false);
    warmed.push('wasm');
    return warmed;
  }

  /**
   * Readies this device for `models` before their first run (a demo page calls this when it
   * opens): in the worker of the rung each would try first, ORT's runtime starts and the
   * sessions of models already cached are created. Starting ORT took 0.2-0.8 s, and creating a
   * session 0.1-0.7 s, of every first result (docs/BENCHMARKS.md, "Cached start"). Models
   * headed for the datacenter are left alone; nothing is downloaded, and a rung with none of
   * the models cached starts nothing.
   */
  prepare(models: readonly ModelRef[]): Promise<void> {
    this.#preparations++;
    this.#pageModels = models;
    this.#prepared = this.#prepare(models);
    return this.#prepared;
  }

  /**
   * The page that prepared `models` was left. Its sessions stay (the next page's prepare
   * releases those nobody ran), but a CPU worker replaced from now on does not create them
   * again (`WorkerSet.renewCpu`).
   */
  left(models: readonly ModelRef[]): void {
    if (this.#pageModels !== models) return;
    this.#pageModels = undefined;
    this.#options.bridge.forgetPrepared();
  }

  /** How many times a page has called `prepare` (tests wait for a page's own). */
  get preparations(): number {
    return this.#preparations;
  }

  /** The last `prepare`, once the worker has it in hand (undefined before any). */
  get prepared(): Promise<void> | undefined {
    return this.#prepared;
  }

  async #prepare(models: readonly ModelRef[]): Promise<void> {
    const onWasm: ModelRef[] = [];
    for (const model of models) {
      const { rungs } = await this.ladder(model, this.#options.preference());
      // WASM only for now: with a page's WebGPU sessions created ahead of its first run, that
      // run hung once in CI (SwiftShader, OCR's four models; cause not proven: concurrent
      // WebGPU session creation is the suspect), so the GPU rung starts with its first run.
      if (defaultChoice(rungs).backend === 'wasm') onWasm.push(absolute(model));
    }
    // Left (or followed by another page's prepare) while the ladders were read: nothing to ready.
    if (this.#pageModels !== models) return;
    // A live worker with nothing to prepare for this page still hears of it: it releases the
    // sessions the previous page prepared and nobody ran.
    const bridge = this.#options.bridge;
    if (onWasm.length > 0 || bridge.isAlive('wasm')) await bridge.prepare('wasm', onWasm);
  }

  /** The onnxruntime builds that ran models in this page. */
  get usedBuilds(): ReadonlySet<OrtFlavour> {
    return this.#options.bridge.used;
  }

  /** Downloads, verifies and caches a model for offline use, without running it. */
  prefetch(model: ModelRef, options: Pick<RunOptions, 'signal' | 'onProgress'> = {}): Promise<ModelSource> {
    const listener = options.onProgress ? proxy(options.onProgress) : undefined;
    const source = this.#options.bridge.call((api) => api.prefetch(absolute(model), listener), options.signal);
    return source.finally(() => this.dispatchEvent(new Event('cache')));
  }

  listCache(): Promise<CacheReport> {
    return this.#options.bridge.call((api) => api.listCache());
  }

  deleteCached(id?: string): Promise<void> {
    return this.#options.bridge.call((api) => api.deleteCached(id)).finally(() => this.dispatchEvent(new Event('cache')));
  }

  release(modelId: string): Promise<void> {
    return Promise.all(this.#options.bridge.live.map((worker) => worker.call((api) => api.release(modelId)))).then(() => undefined);
  }

  /** Model Lab: inspects a model stored in the Lab, in the worker. */
  inspect(labId: string, signal?: AbortSignal): Promise<InspectOutcome> {
    // Comlink distributes its Remote type over the union; the value is the plain outcome.
    return this.#options.bridge.call<InspectOutcome>((api) => api.inspect(labId) as Promise<InspectOutcome>, signal);
  }

  /**
   * Model Lab: runs on exactly one backend (no ladder: a comparison must not silently run
   * elsewhere) with timing inside the worker. Inputs are copied, not transferred: the same
   * tensors go to every backend being compared.
   */
  bench(backend: WorkerBackend, model: ModelRef, inputs: NamedTensors, warmRuns: number, options: Pick<RunOptions, 'signal' | 'onProgress'> = {}): Promise<BenchResult> {
    const listener = options.onProgress ? proxy(options.onProgress) : undefined;
    return this.#options.bridge.runOn(backend, (api) => api.bench({ model: absolute(model), backend, inputs, warmRuns }, listener), options.signal, model.id);
  }

  /** Test hook behind `?debug=1`: destroys the real GPUDevice so recovery can be exercised. */
  loseGpuDevice(): Promise<boolean> {
    return this.#options.bridge.for('webgpu').call((api) => api.loseGpuDevice());
  }

  /**
   * Between demos: release every session, so the WASM heap is reused rather than grown; and
   * once the worker has loaded more than `budgetBytes` of models, start a fresh one, the only
   * way WASM memory shrinks (fragmentation makes a long-lived heap creep). Recycling on
   * every switch was measured to pile up memory faster than the browser reclaims terminated
   * workers (bench/soak.mjs; docs/ARCHITECTURE.md).
   */
  switchModels(budgetBytes = RECYCLE_BUDGET_BYTES): Promise<void> {
    const bridge = this.#options.bridge;
    // Each rung's worker is judged on what it loaded itself: only the one over budget is replaced.
    for (const backend of this.#loaded.keys()) if (this.#loadedOn(backend) > budgetBytes) bridge.for(backend).recycle();
    return Promise.all(bridge.live.map((worker) => worker.call((api) => api.releaseAll()).catch(() => undefined))).then(() => undefined);
  }

  /** Bytes of models the current workers have loaded since they started (each session creation counts). */
  get loadedBytes(): number {
    return [...this.#loaded.keys()].reduce((sum, backend) => sum + this.#loadedOn(backend), 0);
  }

  #loadedOn(backend: WorkerBackend): number {
    const loaded = this.#loaded.get(backend);
    return loaded && loaded.generation === this.#options.bridge.for(backend).generation ? loaded.bytes : 0;
  }

  /** True while calls are waiting or running on this device. */
  get busy(): boolean {
    return this.#options.bridge.pending > 0;
  }

  /** Starts a fresh worker now (a kiosk's idle reset: nothing of the last visitor stays). */
  recycle(): void {
    this.#options.bridge.recycle();
  }

  /** Test hook behind `?debug=1`: an uncaught error kills the worker mid-call. */
  crashWorker(): Promise<never> {
    return this.#options.bridge.call((api) => api.crash());
  }

  /** Forget the last datacenter probe (after the user changes the endpoint). */
  forgetDatacenterProbe(): void {
    this.#probe = undefined;
  }

  async #runLocal(backend: WorkerBackend, model: ModelRef, inputs: NamedTensors, options: RunOptions, hasFallback: boolean) {
    // Cloning a 4.9 MB input in postMessage cost ~10 ms a call on the benchmark machine; a
    // typed-array copy plus a transfer costs about a tenth of that (docs/BENCHMARKS.md).
    const sent = hasFallback ? copyTensors(inputs) : inputs;
    const request = { model: absolute(model), backend, inputs: sent };
    const listener = options.onProgress ? proxy(options.onProgress) : undefined;
    const result = await this.#options.bridge.runOn(backend, (api) => api.run(transfer(request, transferablesOf(Object.values(sent))), listener), options.signal, model.id);
    if (result.source?.from === 'network') this.dispatchEvent(new Event('cache'));
    if (result.source) this.#loaded.set(backend, { bytes: this.#loadedOn(backend) + (model.bytes ?? 0), generation: this.#options.bridge.for(backend).generation });
    return result;
  }

  async #runRemote(model: ModelRef, inputs: NamedTensors, signal?: AbortSignal) {
    const remote = await this.#options.remote!.infer(model.id, inputs, signal);
    const timings: RunTimings = { runMs: remote.totalMs, firstRun: false };
    if (remote.serverMs !== undefined) Object.assign(timings, { serverMs: remote.serverMs, networkMs: Math.max(0, remote.totalMs - remote.serverMs) });
    return { outputs: remote.outputs, backend: 'datacenter' as const, timings };
  }

  async #consented(model: ModelRef): Promise<boolean> {
    return this.#options.consent ? this.#options.consent(model) : true;
  }

  #datacenterState(): Promise<DatacenterState> {
    const remote = this.#options.remote;
    if (!remote) return Promise.resolve('none');
    if (!this.#probe || performance.now() - this.#probe.at > PROBE_TTL_MS) {
      this.#probe = { at: performance.now(), state: remote.live().then((live) => (live ? 'live' : 'down')) };
    }
    return this.#probe.state;
  }

  #plan(worker: WorkerInfo, preference: BackendPreference, model: ModelRef, datacenter: DatacenterState): Rung[] {
    const learned = { ...this.#learned.get('*'), ...this.#learned.get(model.id) };
    const heavy = isHeavyForDevice(model, this.#options.deviceMemoryGb === undefined ? {} : { deviceMemoryGb: this.#options.deviceMemoryGb });
    return planLadder(preference, { gpu: worker.gpu, datacenter, heavy, learned, ...(model.webgpuUnreliable ? { webgpuUnreliable: true } : {}) });
  }

  #learn(scope: string, backend: Backend, reason: SkipReason): void {
    this.#learned.set(scope, { ...this.#learned.get(scope), [backend]: reason });
  }
}
