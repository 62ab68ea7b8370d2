/**
 * The one typed contract between the page and the inference worker. The worker does
 * `expose(api satisfies InferenceApi)`, the engine client `wrap<InferenceApi>()`.
 * Only plain data crosses: no ORT objects, no DOM types; tensor buffers are transferred.
 */
import type { NamedTensors } from './tensor.ts';

/** Backends the worker runs itself. */
export type WorkerBackend = 'webgpu' | 'wasm';
/** Every rung of the ladder, fastest first: the datacenter is the last resort. */
export type Backend = WorkerBackend | 'datacenter';
/** What the user (or `?backend=`) asks for: `auto` lets the ladder decide. */
export type BackendPreference = 'auto' | Backend;

export const BACKENDS: readonly Backend[] = ['webgpu', 'wasm', 'datacenter'];

/** Why a rung of the ladder was not used. Each has a ko/en explanation in i18n (`skip.*`). */
export type SkipReason =
  | 'no-navigator-gpu'
  | 'no-adapter'
  | 'software-adapter'
  | 'op-unsupported'
  | 'device-lost'
  | 'out-of-memory'
  | 'session-failed'
  | 'no-endpoint';

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

/** Fixed for a worker's lifetime: ORT's thread count cannot change once WASM has started. */
export interface WorkerConfig {
  wasmThreads: number;
}

export interface WorkerInfo {
  gpu: GpuProbe;
  crossOriginIsolated: boolean;
  wasmThreads: number;
  ortVersion: string;
}

/** Where the worker finds a model's bytes; it fetches them itself so they cross no boundary. */
export interface ModelRef {
  id: string;
  url: string;
}

export interface RunRequest {
  model: ModelRef;
  backend: WorkerBackend;
  inputs: NamedTensors;
}

/** Milliseconds. `createMs`/`warmupMs` only appear on the call that created the session. */
export interface RunTimings {
  fetchMs?: number;
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
}

export interface InferenceApi {
  /** Must be the first call: probes WebGPU and fixes the WASM thread count. */
  init(config: WorkerConfig): Promise<WorkerInfo>;
  /** Creates (once) the session for model × backend and runs it; runs on one session are serialized. */
  run(request: RunRequest): Promise<RunResult>;
  /** Releases the model's sessions (one backend or all). WASM memory only returns when the worker is recycled. */
  release(modelId: string, backend?: WorkerBackend): Promise<void>;
  /** Destroys the real GPUDevice ORT uses, to exercise device-lost recovery (`?debug=1` only). */
  loseGpuDevice(): Promise<boolean>;
}
