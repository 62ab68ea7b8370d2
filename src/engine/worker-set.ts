/**
 * The inference workers, one per onnxruntime-web build, behind the same contract. The CPU
 * worker (the plain WASM build) is the one every device starts: it probes WebGPU, keeps the
 * model cache, inspects Lab models and runs the WASM rung. The GPU worker (the JSPI build,
 * else the Asyncify one) starts only when work for the WebGPU rung arrives, so a device
 * without WebGPU never downloads a GPU build.
 */
import type { Remote } from 'comlink';
import type { InferenceApi, ModelRef, OrtFlavour, WorkerBackend, WorkerConfig, WorkerInfo } from '../shared/protocol.ts';
import { WorkerBridge } from './worker-bridge.ts';

export type GpuFlavour = Exclude<OrtFlavour, 'wasm'>;

/**
 * The GPU build this browser can run: JSPI where WebAssembly promise integration exists (the
 * test onnxruntime-web makes before it starts that build), else Asyncify. `forced` (`?ortgpu=`)
 * picks one for a comparison or a browser whose JSPI misbehaves.
 */
export function gpuFlavourFor(webAssembly: object = WebAssembly, forced?: GpuFlavour): GpuFlavour {
  if (forced) return forced;
  return 'Suspending' in webAssembly && 'promising' in webAssembly ? 'jspi' : 'asyncify';
}

/** A rung's model work starting or ending (the thread tuner listens). */
export interface WorkEvent {
  phase: 'start' | 'end';
  backend: WorkerBackend;
  modelId?: string;
  ok?: boolean;
  /** A page readying its models (`prepare`), not a run. */
  prepare?: true;
}

export interface WorkerSetOptions {
  spawn: () => Worker;
  /** Everything but the build, which each worker of the set gets from its rung; read at each start. */
  config: () => Promise<Omit<WorkerConfig, 'flavour'>>;
  gpuFlavour: GpuFlavour;
  /** Retire a worker after this long without calls; 0 keeps it forever. */
  idleMs: number;
  onWork?: (event: WorkEvent) => void;
}

export class WorkerSet {
  readonly #options: WorkerSetOptions;
  readonly cpu: WorkerBridge;
  #gpu: WorkerBridge | undefined;
  /** The builds that ran a model in this page (what offline use needs stored). */
  readonly used = new Set<OrtFlavour>();
  /** The models the CPU worker was last asked to prepare, while the page that asked is shown (for `renewCpu`). */
  #preparedOnCpu: ModelRef[] | undefined;

  constructor(options: WorkerSetOptions) {
    this.#options = options;
    this.cpu = this.#bridge('wasm');
  }

  /** The build each rung's worker loads. */
  get builds(): Record<WorkerBackend, OrtFlavour> {
    return { webgpu: this.#options.gpuFlavour, wasm: 'wasm' };
  }

  /** The worker that runs `backend`'s work (the GPU one is started on first use). */
  for(backend: WorkerBackend): WorkerBridge {
    if (backend === 'wasm') return this.cpu;
    this.#gpu ??= this.#bridge(this.#options.gpuFlavour);
    return this.#gpu;
  }

  /**
   * Starts `backend`'s worker, ORT's WebAssembly runtime in it and the sessions of the cached
   * `models`, ahead of their first run (a demo page opening). Not counted as using the build:
   * no model ran. It is work all the same, reported as a prepare (the thread tuner postpones
   * an automatic measurement rather than time its candidates beside these creations).
   */
  async prepare(backend: WorkerBackend, models: ModelRef[] = []): Promise<void> {
    if (backend === 'wasm') this.#preparedOnCpu = models;
    const { onWork } = this.#options;
    onWork?.({ phase: 'start', backend, prepare: true });
    try {
      await this.for(backend).call((api) => api.prepare(models, backend));
    } finally {
      onWork?.({ phase: 'end', backend, ok: false, prepare: true });
    }
  }

  /** The page that asked for the last CPU prepare was left: `renewCpu` no longer prepares its models. */
  forgetPrepared(): void {
    this.#preparedOnCpu = undefined;
  }

  /**
   * Replaces an idle CPU worker with one started from the config afresh (a new thread count)
   * and prepares in it what the old one was last asked to prepare, so a demo page's sessions
   * are ready again before the next run rather than created by it. A worker that is busy or
   * not running is left alone (the config applies at its next start); false then.
   */
  async renewCpu(): Promise<boolean> {
    if (!this.cpu.alive || this.cpu.pending > 0) return false;
    this.cpu.recycle();
    if (this.#preparedOnCpu) await this.prepare('wasm', this.#preparedOnCpu);
    return true;
  }

  /** Whether `backend`'s worker is running (never starts one). */
  isAlive(backend: WorkerBackend): boolean {
    return backend === 'wasm' ? this.cpu.alive : this.#gpu?.alive === true;
  }

  /** Facts from the CPU worker: the WebGPU probe, threads, isolation. */
  info(): Promise<WorkerInfo> {
    return this.cpu.info();
  }

  /** Runs `job` on the CPU worker: the cache, inspection, downloads. */
  call<T>(job: (api: Remote<InferenceApi>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.cpu.call(job, signal);
  }

  /** Runs model work for `backend` on its worker (`modelId`: the model, or a job's first), noting that its build was used. */
  async runOn<T>(backend: WorkerBackend, job: (api: Remote<InferenceApi>) => Promise<T>, signal?: AbortSignal, modelId?: string): Promise<T> {
    this.used.add(this.builds[backend]);
    const { onWork } = this.#options;
    const about = modelId === undefined ? { backend } : { backend, modelId };
    onWork?.({ phase: 'start', ...about });
    let ok = false;
    try {
      const result = await this.for(backend).call(job, signal);
      ok = true;
      return result;
    } finally {
      onWork?.({ phase: 'end', ...about, ok });
    }
  }

  /** The workers running now. */
  get live(): WorkerBridge[] {
    return [this.cpu, this.#gpu].filter((b): b is WorkerBridge => b?.alive === true);
  }

  /** Terminates every worker; the next call starts fresh ones. */
  recycle(): void {
    this.cpu.recycle();
    this.#gpu?.recycle();
  }

  get alive(): boolean {
    return this.live.length > 0;
  }

  /** Calls waiting or running, on either worker. */
  get pending(): number {
    return this.cpu.pending + (this.#gpu?.pending ?? 0);
  }

  /** Workers started so far, on both rungs: a change means a worker was replaced or added. */
  get generation(): number {
    return this.cpu.generation + (this.#gpu?.generation ?? 0);
  }

  #bridge(flavour: OrtFlavour): WorkerBridge {
    const { spawn, config, idleMs } = this.#options;
    return new WorkerBridge({ spawn, config: async () => ({ ...(await config()), flavour }), idleMs });
  }
}
