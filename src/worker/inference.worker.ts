/**
 * The inference worker: wires the typed contract to the GPU probe, the model cache and
 * ORT sessions. Tensor buffers leave by transfer, never by copy.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import { throttleProgress } from '../shared/progress.ts';
import type { BenchRequest, InferenceApi, JobListener, JobRequest, ModelRef, ProgressListener, RunRequest, WorkerBackend } from '../shared/protocol.ts';
import { transferablesOf, type NamedTensors } from '../shared/tensor.ts';
import { readModelFile } from '../lab/lab-store.ts';
import { probeGpu } from './gpu.ts';
import * as store from './model-store.ts';
import { currentCacheBudget, obtainModel, setCacheBudget } from './obtain-model.ts';
import { runJob } from './jobs.ts';
import { benchModel, loseGpuDevice, modelsInUse, releaseAll, preloadSessions, releaseModel, runModel, startRuntime } from './sessions.ts';

/**
 * A page listener (a Comlink proxy) whose calls can be waited for. Each call posts on the
 * listener's own channel while the call's result goes back on the worker's, and the two
 * keep no order between them: on a busy machine a result reached the page before its last
 * progress events, and the progress bar never saw 'compile'. `delivered` resolves once the
 * page has handled every call made so far (one channel answers in order).
 */
function tracked<E>(listener: ((event: E) => void) | undefined): { call: (event: E) => void; delivered: () => Promise<unknown> } {
  let last: Promise<unknown> = Promise.resolve();
  const call = (event: E) => {
    if (listener) last = Promise.resolve(listener(event) as unknown).catch(() => undefined);
  };
  return { call, delivered: () => last };
}

/**
 * Closes a listener's Comlink channel when its call ends. Without this every call leaves a
 * MessagePort and the page's listener alive (the kiosk soak saw the page heap grow by
 * ~0.8 MB a demo: VAD alone makes a call every 32 ms).
 */
function done(listener: object | undefined): void {
  (listener as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
}

/**
 * Runs one call with a reporter, and answers only after the page has had every event the
 * call reported, then closes the listener however the call ends. A job's model downloads
 * are throttled like any load; its task steps are always passed on.
 */
async function reporting<T, E>(listener: ((event: E) => void) | undefined, work: (report: (event: E) => void) => Promise<T>, throttle: (report: (event: E) => void) => (event: E) => void): Promise<T> {
  const { call, delivered } = tracked(listener);
  try {
    return await work(throttle(call));
  } finally {
    await delivered();
    done(listener);
  }
}

const jobEvents = (report: JobListener): JobListener => {
  const load = throttleProgress((progress) => report({ kind: 'load', load: progress }));
  return (event) => (event.kind === 'load' ? load(event.load) : report(event));
};

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
  runJob(request: JobRequest, onEvent?: JobListener) {
    return reporting(onEvent, (report) => runJob(request, report), jobEvents);
  },
  run(request: RunRequest, onProgress?: ProgressListener) {
    return reporting(onProgress, async (report) => withOutputsMoved(await runModel(request, report)), throttleProgress);
  },
  prefetch(model: ModelRef, onProgress?: ProgressListener) {
    return reporting(
      onProgress,
      async (report) => {
        const { source } = await obtainModel(model, modelsInUse(), report);
        report({ modelId: model.id, phase: 'done', loaded: 1, total: 1 });
        return source;
      },
      throttleProgress,
    );
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
    return reporting(onProgress, async (report) => withOutputsMoved(await benchModel(request, report)), throttleProgress);
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
