/**
 * Runs jobs: a whole task on this device (one request to the inference worker) or whole in
 * the datacenter (one v2 request to the task's pipeline model, carrying the job's own bytes),
 * chosen per job. Under `auto` the cost model predicts both from the job's size and what each
 * place was measured to do; every real run updates the measurements. The result carries the
 * decision, both predictions, the actual time and the backend of every model that ran.
 */
import { proxy } from 'comlink';
import { fileRefsOf, findModel, modelRef } from '../catalog/index.ts';
import { EngineError, toEngineError } from '../shared/errors.ts';
import type { Backend, BackendPreference, JobEvent, JobModel, JobRunResult, ModelRef, ModelRun, SkippedRung, WorkerBackend } from '../shared/protocol.ts';
import { taskOf, type TaskId, type TaskInput, type TaskResult } from '../tasks/registry.ts';
import { absolute, type Engine } from './client.ts';
import { decide, emptyCostState, observeDatacenter, observeLocal, observeRoundTrip, observeUploadProbe, predictDatacenter, predictLocal, type CostState, type JobSize as CostSize, type JobTask, type Prediction } from './cost-model.ts';
import type { WorkerSet } from './worker-set.ts';

/** Why a job ran where it did. */
export type DecisionReason = 'cost' | 'forced' | 'no-datacenter' | 'fallback' | 'local-failed' | 'consent-denied';

export interface JobDecision {
  backend: Backend;
  reason: DecisionReason;
  predictedLocal: Prediction;
  /** Absent when there is no usable datacenter. */
  predictedDatacenter?: Prediction;
  actualMs: number;
}

export interface JobOutcome<K extends TaskId> {
  result: TaskResult<K>;
  /** Where the job ran; on this device, the backend of its first model. */
  backend: Backend;
  decision: JobDecision;
  /** Every model that ran, with its own backend. */
  models: ModelRun[];
  /** Places the job itself skipped (the datacenter was down, consent was declined, …). */
  skipped: SkippedRung[];
  /** Datacenter runs: the server's own time (Server-Timing) and the rest of the round trip. */
  serverMs?: number;
  networkMs?: number;
}

export interface JobOptions {
  signal?: AbortSignal;
  preference?: BackendPreference;
  onEvent?: (event: JobEvent) => void;
}

export interface CostStore {
  load(): Promise<CostState>;
  save(state: CostState): Promise<void>;
}

/** The cost model's name for each task's kind of work. */
const COST_TASK: Record<TaskId, JobTask> = { ocr: 'ocr', vad: 'vad', 'health-risk-form': 'health-risk', 'demand-forecast-day': 'demand-forecast', 'wake-word': 'wake-word' };

/** Where a job (or a batch) runs, why, and what was predicted. */
export interface Choice {
  place: Backend;
  reason: DecisionReason;
  predictedLocal: Prediction;
  predictedDatacenter?: Prediction;
}

/** Uploads at least this large are preceded by a fresh measurement of the network. */
const PROBE_ABOVE_BYTES = 256 * 1024;
/** What the measurement sends: enough to time at 20 KB/s, little on a fast line. */
const PROBE_BYTES = 32 * 1024;

interface Plan {
  models: Record<string, JobModel>;
  /** Files beside the models, by repository path, for the worker's verified store. */
  files: Record<string, ModelRef>;
  /** Local rungs skipped on the way, per model (a software adapter, a model WebGPU gets wrong). */
  planned: Record<string, SkippedRung[]>;
  primary: ModelRef;
  local: WorkerBackend;
  datacenterLive: boolean;
}

export class JobClient {
  readonly #engine: Engine;
  readonly #bridge: WorkerSet;
  readonly #store: CostStore | undefined;
  #costs: Promise<CostState>;

  constructor(options: { engine: Engine; bridge: WorkerSet; costs?: CostStore }) {
    this.#engine = options.engine;
    this.#bridge = options.bridge;
    this.#store = options.costs;
    this.#costs = options.costs ? options.costs.load().catch(() => emptyCostState()) : Promise.resolve(emptyCostState());
  }

  /** The measurements the cost model has now (for the Device page and the benchmarks). */
  costs(): Promise<CostState> {
    return this.#costs;
  }

  /** What `auto` would predict for a job now, without running it. */
  async predict<K extends TaskId>(id: K, input: TaskInput<K>): Promise<{ local: Prediction; datacenter?: Prediction; backend: WorkerBackend }> {
    const plan = await this.#plan(id, this.#engine.preference);
    const size = this.#size(id, input);
    const costs = await this.#costs;
    return { backend: plan.local, local: predictLocal(costs, size, plan.local), ...(plan.datacenterLive ? { datacenter: predictDatacenter(costs, size) } : {}) };
  }

  /**
   * Runs a job where it is predicted to finish first (or where `preference` forces it).
   * Progress events that arrive after the job settled (Comlink does not order them against
   * the answer) are dropped here, once, for every page.
   */
  async run<K extends TaskId>(id: K, input: TaskInput<K>, options: JobOptions = {}): Promise<JobOutcome<K>> {
    const listener = options.onEvent;
    let open = true;
    try {
      return await this.#run(id, input, listener ? { ...options, onEvent: (event) => open && listener(event) } : options);
    } finally {
      open = false;
    }
  }

  async #run<K extends TaskId>(id: K, input: TaskInput<K>, options: JobOptions): Promise<JobOutcome<K>> {
    const preference = options.preference ?? this.#engine.preference;
    const plan = await this.#plan(id, preference);
    const size = this.#size(id, input);
    const remote = this.#engine.remote;
    const choice = await this.#choose(id, plan, size, preference, options.signal);
    const { predictedLocal, predictedDatacenter, place } = choice;
    let { reason } = choice;

    const skipped: SkippedRung[] = [];
    const started = performance.now();
    const decision = (backend: Backend, why: DecisionReason): JobDecision => ({
      backend,
      reason: why,
      predictedLocal,
      ...(predictedDatacenter ? { predictedDatacenter } : {}),
      actualMs: performance.now() - started,
    });

    /** The job in the datacenter; undefined (with the reason noted) when it cannot run there. */
    const inDatacenter = async (why: DecisionReason): Promise<JobOutcome<K> | undefined> => {
      if (!remote) return undefined;
      if (!(await this.#engine.consented(plan.primary))) {
        skipped.push({ backend: 'datacenter', reason: 'consent-denied' });
        reason = 'consent-denied';
        return undefined;
      }
      try {
        const remoteStarted = performance.now();
        const task = taskOf(id);
        const answer = await remote.infer(task.id, task.wire.encodeInput(input), options.signal);
        const result = task.wire.decodeResult(answer.outputs);
        this.#observe((state) => observeDatacenter(state, size, { totalMs: performance.now() - remoteStarted, ...(answer.serverMs === undefined ? {} : { serverMs: answer.serverMs }) }));
        const models = task.models.map((modelId): ModelRun => ({ modelId, backend: 'datacenter', calls: 0, runMs: 0, skipped: [] }));
        const timing = answer.serverMs === undefined ? {} : { serverMs: answer.serverMs, networkMs: Math.max(0, answer.totalMs - answer.serverMs) };
        return { result, backend: 'datacenter', decision: decision('datacenter', why), models, skipped, ...timing };
      } catch (thrown) {
        const error = toEngineError(thrown);
        const skip = this.#engine.learnFailure(error, 'datacenter', plan.primary.id);
        if (!skip) throw error;
        skipped.push({ backend: 'datacenter', reason: skip, detail: error.message });
        reason = 'fallback';
        return undefined;
      }
    };

    const triedDatacenter = place === 'datacenter' && remote !== undefined;
    if (triedDatacenter) {
      const outcome = await inDatacenter(reason);
      if (outcome) return outcome;
    }
    let local: JobRunResult<K>;
    try {
      local = await this.#runLocal(id, input, plan, options);
    } catch (thrown) {
      const error = toEngineError(thrown);
      // This device cannot do it (out of memory, a crashed worker, no session): the
      // datacenter is the ladder's last rung for a job as for a model.
      const skip = this.#engine.learnFailure(error, plan.local, plan.primary.id);
      if (!skip || triedDatacenter || !plan.datacenterLive) throw error;
      skipped.push({ backend: plan.local, reason: skip, detail: error.message });
      const outcome = await inDatacenter('local-failed');
      if (outcome) return outcome;
      throw error;
    }
    const cold = local.models.some((m) => m.source !== undefined);
    // A run that also downloaded or compiled a model says little about this device's speed.
    const ran = local.models[0]?.backend;
    if (!cold && (ran === 'webgpu' || ran === 'wasm')) this.#observe((state) => observeLocal(state, size, ran, local.ms));
    const models = local.models.map((m) => ({ ...m, skipped: [...(plan.planned[m.modelId] ?? []), ...m.skipped] }));
    const backend = models[0]?.backend ?? plan.local;
    return { result: local.result, backend, decision: decision(backend, reason), models, skipped };
  }

  /**
   * Decides where a batch of `count` jobs like `sample` (the pages of a document) should run,
   * as one decision: the caller then runs each with `preference` set to the answer.
   */
  async decideBatch<K extends TaskId>(id: K, sample: TaskInput<K>, count: number, options: Pick<JobOptions, 'signal' | 'preference'> = {}): Promise<Choice> {
    const preference = options.preference ?? this.#engine.preference;
    const plan = await this.#plan(id, preference);
    const one = this.#size(id, sample);
    const size = { ...one, work: one.work * count, uploadBytes: one.uploadBytes * count };
    return this.#choose(id, plan, size, preference, options.signal);
  }

  /**
   * Where a job of `size` runs. Under `auto` the cost model decides; before a large upload to
   * the datacenter the network is measured first (a visitor's connection changes; the stored
   * rate may be from another place), and the decision is taken again with that.
   */
  async #choose(id: TaskId, plan: Plan, size: CostSize, preference: BackendPreference, signal?: AbortSignal): Promise<Choice> {
    let costs = await this.#costs;
    const predictions = (state: CostState) => ({
      predictedLocal: predictLocal(state, size, plan.local),
      ...(plan.datacenterLive ? { predictedDatacenter: predictDatacenter(state, size) } : {}),
    });
    if (preference === 'datacenter') return { place: plan.datacenterLive ? 'datacenter' : plan.local, reason: plan.datacenterLive ? 'forced' : 'no-datacenter', ...predictions(costs) };
    if (preference !== 'auto') return { place: plan.local, reason: 'forced', ...predictions(costs) };
    if (!plan.datacenterLive) return { place: plan.local, reason: 'no-datacenter', ...predictions(costs) };
    let place: Backend = decide(costs, size, plan.local, true).place;
    const remote = this.#engine.remote;
    // Every time: 32 KB is little beside the upload it guards, and a stale rate is worse.
    if (place === 'datacenter' && remote && size.uploadBytes >= PROBE_ABOVE_BYTES) {
      const probe = await remote.probeUpload(taskOf(id).id, PROBE_BYTES, signal);
      if (probe) {
        this.#observe((state) => observeUploadProbe(observeRoundTrip(state, probe.rttMs), PROBE_BYTES, probe.uploadMs));
        costs = await this.#costs;
        place = decide(costs, size, plan.local, true).place;
      }
    }
    return { place, reason: 'cost', ...predictions(costs) };
  }

  async #runLocal<K extends TaskId>(id: K, input: TaskInput<K>, plan: Plan, options: JobOptions): Promise<JobRunResult<K>> {
    const request = { task: id, input, models: plan.models, files: plan.files };
    const listener = options.onEvent ? proxy(options.onEvent) : undefined;
    // Structured-cloned, not transferred: the input stays usable for a retry or a datacenter fallback.
    return (await this.#bridge.runOn(plan.local, (api) => api.runJob(request, listener), options.signal, plan.primary.id)) as JobRunResult<K>;
  }

  async #plan(id: TaskId, preference: BackendPreference): Promise<Plan> {
    const task = taskOf(id);
    const models: Record<string, JobModel> = {};
    const files: Record<string, ModelRef> = {};
    const planned: Record<string, SkippedRung[]> = {};
    let datacenterLive = false;
    // The datacenter is decided for the job as a whole: each model only gets its local rungs.
    const localPreference: BackendPreference = preference === 'datacenter' ? 'auto' : preference;
    for (const modelId of task.models) {
      const model = findModel(modelId);
      if (!model) throw new EngineError('ModelLoadError', `model '${modelId}' of task '${id}' is not in the catalog`);
      const ref = absolute(modelRef(model));
      for (const file of fileRefsOf(model)) files[file.id] = absolute(file);
      const { rungs, datacenter } = await this.#engine.ladder(ref, localPreference);
      datacenterLive = datacenter === 'live' && this.#engine.remote !== undefined;
      const backends = rungs.filter((r) => !r.skip && r.backend !== 'datacenter').map((r) => r.backend as WorkerBackend);
      // WASM is always there: a forced WebGPU that fails still has it to fall back on.
      if (!backends.includes('wasm')) backends.push('wasm');
      models[modelId] = { ref, backends };
      planned[modelId] = rungs.flatMap((r) => (r.skip && r.backend !== 'datacenter' ? [{ backend: r.backend, reason: r.skip }] : []));
    }
    const primary = models[task.models[0]!]!;
    // A job runs whole in one worker: the GPU build's when any of its models starts on WebGPU
    // (that build runs the others on WASM too); else the WASM-only build's, where no model
    // may ask for WebGPU.
    const local: WorkerBackend = Object.values(models).some((m) => m.backends[0] === 'webgpu') ? 'webgpu' : 'wasm';
    if (local === 'wasm') for (const m of Object.values(models)) m.backends = m.backends.filter((b) => b !== 'webgpu');
    return { models, files, planned, primary: primary.ref, local, datacenterLive };
  }

  #size<K extends TaskId>(id: K, input: TaskInput<K>): CostSize {
    const size = taskOf(id).size(input);
    return { task: COST_TASK[id], work: size.work, uploadBytes: size.uploadBytes };
  }

  #observe(update: (state: CostState) => CostState): void {
    this.#costs = this.#costs.then((state) => {
      const next = update(state);
      void this.#store?.save(next);
      return next;
    });
  }
}
