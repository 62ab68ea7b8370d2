/**
 * The one typed contract between the page and the inference worker. The worker does
 * `expose(api satisfies InferenceApi)`, the engine client `wrap<InferenceApi>()`.
 * Only plain data crosses: no ORT objects, no DOM types; tensor buffers are transferred.
 */
import type { TaskId, TaskInput, TaskResult } from '../tasks/registry.ts';
import type { JobProgress } from '../tasks/task.ts';
import type { InspectOutcome } from './model-facts.ts';
import type { NamedTensors } from './tensor.ts';

/** Backends the worker runs itself. */
export type WorkerBackend = 'webgpu' | 'wasm';
/** Every rung of the ladder, fastest first: the datacenter is the last resort. */
export type Backend = WorkerBackend | 'datacenter';
/** What the user (or `?backend=`) asks for: `auto` lets the ladder decide. */
export type BackendPreference = 'auto' | Backend;


/** Why a rung of the ladder was not used. Each has a ko/en explanation in i18n (`skip.*`). */
export type SkipReason =
  | 'no-navigator-gpu'
  | 'no-adapter'
  | 'software-adapter'
  | 'webgpu-unreliable'
  | 'op-unsupported'
  | 'device-lost'
  | 'out-of-memory'
  | 'session-failed'
  | 'no-endpoint'
  | 'datacenter-unavailable'
  | 'datacenter-refused'
  | 'consent-denied';

/** A rung that was not used, with the reason and (for runtime failures) the error text. */
export interface SkippedRung {
  backend: Backend;
  reason: SkipReason;
  detail?: string;
}

export type WebGpuStatus = 'available' | 'software' | 'unavailable';

/** What WebGPU looks like from inside the worker, where ORT will use it. */
export interface GpuProbe {
  status: WebGpuStatus;
  /** Set when status is `unavailable` or `software`. */
  reason?: Extract<SkipReason, 'no-navigator-gpu' | 'no-adapter' | 'software-adapter'>;
  adapter?: {
    vendor: string;
    architecture: string;
    device: string;
    description: string;
    isFallbackAdapter: boolean;
  };
  features: string[];
  limits: Record<string, number>;
}

/**
 * Which onnxruntime-web build a worker loads. The CPU rung's worker loads the plain WASM
 * build (14 MB of WebAssembly); the GPU rung's worker the smallest build with WebGPU the
 * browser can run: `jspi` (17 MB) where WebAssembly promise integration exists, else
 * `asyncify` (27 MB). Both GPU builds also run models on the CPU (a job's WASM fallback).
 */
export type OrtFlavour = 'wasm' | 'jspi' | 'asyncify';

/** Fixed for a worker's lifetime: ORT's thread count cannot change once WASM has started. */
export interface WorkerConfig {
  wasmThreads: number;
  flavour: OrtFlavour;
  /** Most bytes of models to keep cached (`?storage=` in MB); the browser's quota applies too. */
  cacheBudgetBytes?: number;
  /**
   * `lazy` (`?startup=lazy`, for A/B benchmarks): the behaviour before issue 13 item 3, where
   * ORT's runtime started with the first model and a WASM session ran an uncounted warm-up.
   */
  startup?: 'eager' | 'lazy';
}

export interface WorkerInfo {
  gpu: GpuProbe;
  crossOriginIsolated: boolean;
  wasmThreads: number;
  ortVersion: string;
  flavour: OrtFlavour;
}

/**
 * Where the worker finds a model's bytes; it fetches them itself so they cross no boundary.
 * With `sha256` the bytes are verified and cached in IndexedDB; without it (a URL the user
 * typed) they are used from memory only, since nothing could prove a cached copy right.
 * `lab:<id>` names a model the visitor added to the Model Lab (IndexedDB `ax-lab`, with its
 * external data files): read from there, never downloaded or cached again.
 */
export interface ModelRef {
  id: string;
  url: string;
  sha256?: string;
  /** Expected size: the progress total when the server sends no Content-Length. */
  bytes?: number;
  /** Single-thread CPU ms of one run on a reference input (catalog hint): how heavy the model is. */
  cpuMsPerRun?: number;
  /** ONNX Runtime's WebGPU backend was measured to give wrong outputs for this model (catalog hint). */
  webgpuUnreliable?: boolean;
}

/** Loading phases in order; the progress bar's share of each is in `src/shared/progress.ts`. */
export type LoadPhase = 'download' | 'verify' | 'compile' | 'warmup' | 'done';

export interface LoadProgress {
  modelId: string;
  phase: LoadPhase;
  /** Bytes so far and in all during `download`; 0/1 then 1/1 for the other phases. */
  loaded: number;
  total: number;
}

export type ProgressListener = (progress: LoadProgress) => void;

/** Where the bytes came from, and anything the user should be told about caching. */
export interface ModelSource {
  from: 'cache' | 'network';
  /** `not-cached-quota`: no room even after evicting; ran from memory. `cache-corrupt`: a cached copy failed its check and was downloaded again. */
  notice?: 'not-cached-quota' | 'cache-corrupt';
  /** Models evicted (least recently used first) to make room for this one. */
  evicted?: string[];
}

export interface CacheEntry {
  id: string;
  sha256: string;
  bytes: number;
  storedAt: number;
  lastUsed: number;
}

export interface CacheReport {
  entries: CacheEntry[];
  /** From `navigator.storage.estimate()`: bytes used by this origin and its quota. */
  usage: number;
  quota: number;
  /** The app's own cap on cached models, when one is set. */
  budget?: number;
}

export interface RunRequest {
  model: ModelRef;
  backend: WorkerBackend;
  inputs: NamedTensors;
}

/** Milliseconds. The creation phases only appear on the call that created the session; `warmupMs` on WebGPU only (and on WASM with `?startup=lazy`). */
export interface RunTimings {
  /** Datacenter runs: the server's own time (from `Server-Timing`) and the rest of the round trip. */
  serverMs?: number;
  networkMs?: number;
  /** Download, or read from the cache. */
  fetchMs?: number;
  verifyMs?: number;
  /**
   * How long this session's creation waited, after its model bytes were ready, for ORT's
   * WebAssembly runtime to finish starting (0 when it was already up), and how long that
   * start took in all (it began when the worker started). On a worker's first session only.
   */
  startMs?: number;
  runtimeMs?: number;
  /** `InferenceSession.create` alone (graph optimisation, weight pre-packing). */
  createMs?: number;
  warmupMs?: number;
  runMs: number;
  /** True for the user's first run on a fresh session (after the uncounted warm-up). */
  firstRun: boolean;
}

export interface RunResult {
  outputs: NamedTensors;
  backend: WorkerBackend;
  timings: RunTimings;
  /** Present on the call that created the session. */
  source?: ModelSource;
}

/** The Lab's timed runs: a fresh session, one first run, then `warmRuns` timed in the worker. */
export interface BenchRequest extends RunRequest {
  warmRuns: number;
  /**
   * Untimed runs go on until this long has passed since the first began (at least one run):
   * a fresh worker's WebAssembly is still being optimised in the background for its first
   * second or so, and on a 2-core device that compile takes a core from a 2-thread run.
   */
  settleMs?: number;
}

export interface BenchResult {
  /** Outputs of the first run. */
  outputs: NamedTensors;
  backend: WorkerBackend;
  /** Session creation alone (the model's bytes were read before the clock started). */
  createMs: number;
  /** The first run on the new session: on WebGPU it includes compiling the shaders. */
  firstRunMs: number;
  /** Each warm run, in order. */
  warmMs: number[];
}

/** One model a job may call: where its bytes are, and the local backends to try in order. */
export interface JobModel {
  ref: ModelRef;
  backends: WorkerBackend[];
}

/** A whole task run inside the worker: one request in, one result out. */
export interface JobRequest<K extends TaskId = TaskId> {
  task: K;
  input: TaskInput<K>;
  /** Every model the task calls, by catalog id. */
  models: Record<string, JobModel>;
  /**
   * Files beside the models the task reads, by repository path (`ppocr-rec/1/ppocr_keys_v1.txt`):
   * verified and cached like the weights, so a job that ran once runs offline.
   */
  files: Record<string, ModelRef>;
}

/** What one model did during a job: where it ran, how often, how long, and what was skipped. */
export interface ModelRun {
  modelId: string;
  backend: Backend;
  calls: number;
  /** Sum of the calls' run times (ms), loading excluded. */
  runMs: number;
  skipped: SkippedRung[];
  /** Where the model's bytes came from, when this job loaded it. */
  source?: ModelSource;
}

export interface JobRunResult<K extends TaskId = TaskId> {
  result: TaskResult<K>;
  models: ModelRun[];
  /** The whole job inside the worker (ms), decoding and loading included. */
  ms: number;
}

/** Progress of a job: a model loading, or a step of the task's own work. */
export type JobEvent = { kind: 'load'; load: LoadProgress } | { kind: 'step'; step: JobProgress } | { kind: 'partial'; partial: unknown };
export type JobListener = (event: JobEvent) => void;

export interface InferenceApi {
  /** Runs a whole task (decoding, every model call, reading the result) in the worker. */
  runJob(request: JobRequest, onEvent?: JobListener): Promise<JobRunResult>;
  /** Must be the first call: probes WebGPU and fixes the WASM thread count. */
  init(config: WorkerConfig): Promise<WorkerInfo>;
  /**
   * A page expecting runs soon: starts ORT's WebAssembly runtime and the creation of sessions
   * for those of `models` already cached; answers once they are registered, not created.
   */
  prepare(models: ModelRef[], backend: WorkerBackend): Promise<void>;
  /** Creates (once) the session for model × backend and runs it; runs on one session are serialized. */
  run(request: RunRequest, onProgress?: ProgressListener): Promise<RunResult>;
  /** Downloads, verifies and caches a model without creating a session ("download for offline"). */
  prefetch(model: ModelRef, onProgress?: ProgressListener): Promise<ModelSource>;
  /** The cached models and the origin's storage use. */
  listCache(): Promise<CacheReport>;
  /** Deletes one cached model, or all of them. */
  deleteCached(id?: string): Promise<void>;
  /** Releases the model's sessions (one backend or all). WASM memory only returns when the worker is recycled. */
  release(modelId: string, backend?: WorkerBackend): Promise<void>;
  /** Releases every session (a kiosk switching demos). */
  releaseAll(): Promise<void>;
  /** Model Lab: the facts of a model stored in the Lab (`ax-lab`), read and decoded in the worker. */
  inspect(labId: string): Promise<InspectOutcome>;
  /** Model Lab: times session creation, a first run and `warmRuns` more, all inside the worker. */
  bench(request: BenchRequest, onProgress?: ProgressListener): Promise<BenchResult>;
  /** Destroys the real GPUDevice ORT uses, to exercise device-lost recovery (`?debug=1` only). */
  loseGpuDevice(): Promise<boolean>;
  /** Throws an uncaught error in the worker and never answers, to exercise crash recovery (`?debug=1` only). */
  crash(): Promise<never>;
}
