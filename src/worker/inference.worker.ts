/**
 * The inference worker: wires the typed contract to the GPU probe, the model cache and
 * ORT sessions. Tensor buffers leave by transfer, never by copy.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import { throttleProgress } from '../shared/progress.ts';
import type { BenchRequest, InferenceApi, JobListener, JobRequest, LoadProgress, ModelRef, ProgressListener, RunRequest, WorkerBackend } from '../shared/protocol.ts';
import { transferablesOf, type NamedTensors } from '../shared/tensor.ts';
import { readModelFile } from '../lab/lab-store.ts';
import { probeGpu } from './gpu.ts';
import * as store from './model-store.ts';
import { currentCacheBudget, obtainModel, setCacheBudget } from './obtain-model.ts';
import { runJob } from './jobs.ts';
import { benchModel, loseGpuDevice, modelsInUse, releaseAll, preloadSessions, releaseModel, runModel, startRuntime } from './sessions.ts';

/** The listener is a Comlink proxy: calling it posts a message; nothing to await. */
const reporter = (listener?: ProgressListener) => throttleProgress((progress: LoadProgress) => void listener?.(progress));

/**
 * Closes a listener's Comlink channel when its call ends. Without this every call leaves a
 * MessagePort and the page's listener alive (the kiosk soak saw the page heap grow by
 * ~0.8 MB a demo: VAD alone makes a call every 32 ms).
 */
function done(listener?: ProgressListener | JobListener): void {
  (listener as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
}

/** A job's events: model downloads throttled like any load, task steps always passed on. */
function jobReporter(listener?: JobListener): JobListener {
  const load = reporter(listener ? (progress) => listener({ kind: 'load', load: progress }) : undefined);
  return (event) => (event.kind === 'load' ? load(event.load) : void listener?.(event));
}

/** Runs one call with a (throttled) progress reporter, and closes the listener however it ends. */
async function reporting<T>(listener: ProgressListener | undefined, work: (report: ProgressListener) => Promise<T>): Promise<T> {
  try {
    return await work(reporter(listener));
  } finally {
    done(listener);
  }
}

/** Output buffers go back by transfer, not copy: they were copied off the WASM heap already. */
const withOutputsMoved = <R extends { outputs: NamedTensors }>(result: R) => transfer(result, transferablesOf(Object.values(result.outputs)));

const api = {
  async init(config) {
    setCacheBudget(config.cacheBudgetBytes);
    const [gpu, ortVersion] = await Promise.all([probeGpu(), startRuntime({ threads: config.wasmThreads, build: config.flavour, ...(config.startup ? { startup: config.startup } : {}) })]);
    return { gpu, crossOriginIsolated: self.crossOriginIsolated, wasmThreads: config.wasmThreads, ortVersion, flavour: config.flavour };
  },
  async prepare(models: ModelRef[], backend: WorkerBackend) {
    // Answers once the sessions are registered (a few IndexedDB look-ups), not created: the
    // page's calls to this worker queue one at a time, and a run must not wait for this.
    await preloadSessions(models, backend);
  },
  async runJob(request: JobRequest, onEvent?: JobListener) {
    try {
      return await runJob(request, jobReporter(onEvent));
    } finally {
      done(onEvent);
    }
  },
  run(request: RunRequest, onProgress?: ProgressListener) {
    return reporting(onProgress, async (report) => withOutputsMoved(await runModel(request, report)));
  },
  prefetch(model: ModelRef, onProgress?: ProgressListener) {
    return reporting(onProgress, async (report) => {
      const { source } = await obtainModel(model, modelsInUse(), report);
      report({ modelId: model.id, phase: 'done', loaded: 1, total: 1 });
      return source;
    });
  },
  async listCache() {
    const [entries, estimate] = await Promise.all([store.listEntries(), navigator.storage.estimate()]);
    const budget = currentCacheBudget();
    return { entries, usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, ...(budget ? { budget } : {}) };
  },
  async deleteCached(id?: string) {
    await (id === undefined ? store.deleteAll() : store.deleteModel(id));
  },
  async release(modelId: string, backend?: WorkerBackend) {
    await releaseModel(modelId, backend);
  },
  async releaseAll() {
    await releaseAll();
  },
  async inspect(labId: string) {
    const file = await readModelFile(labId);
    if (!file) return { ok: false as const, problem: 'not-onnx' as const, detail: `Lab model '${labId}' is not stored on this device` };
    // Loaded on first use: the protobuf decoder (onnx-proto) stays out of the demos' worker start-up.
    const { inspectModel } = await import('./inspect.ts');
    return inspectModel(new Uint8Array(await file.arrayBuffer()));
  },
  bench(request: BenchRequest, onProgress?: ProgressListener) {
    return reporting(onProgress, async (report) => withOutputsMoved(await benchModel(request, report)));
  },
  async loseGpuDevice() {
    return loseGpuDevice();
  },
  crash() {
    setTimeout(() => {
      throw new Error('crash requested for a recovery test');
    });
    return new Promise<never>(() => undefined);
  },
} satisfies InferenceApi;

expose(api);
