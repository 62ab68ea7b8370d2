/**
 * The only module that imports onnxruntime-web, in the build its worker was started with
 * (`OrtFlavour`: each build is a chunk of its own, fetched only by a worker that loads it).
 * One session per (model, backend), created
 * once; on WebGPU warmed up once on the first real input (the warm-up compiles the shaders
 * and is not counted as the user's first run), runs serialized per session,
 * outputs copied to plain CPU arrays the caller can transfer. ORT's WebAssembly runtime is
 * started on its own (`startRuntimeEarly`), before the first model is ready for it.
 */
import type * as OrtWeb from 'onnxruntime-web/webgpu';
import type { InferenceSession, Tensor } from 'onnxruntime-web/webgpu';
import { EngineError, classifyRuntimeMessage } from '../shared/errors.ts';
import type { BenchRequest, BenchResult, LoadProgress, ModelRef, ModelSource, OrtFlavour, RunRequest, RunResult, RunTimings, WorkerBackend, WorkerConfig } from '../shared/protocol.ts';
import { SerialQueue } from '../shared/serial.ts';
import { ortReady, type NamedTensors, type WireTensor } from '../shared/tensor.ts';
import { checkInputs } from './input-check.ts';
import * as store from './model-store.ts';
import { obtainModel } from './obtain-model.ts';
import { primerModel } from './primer-model.ts';

type Report = (progress: LoadProgress) => void;
const silent: Report = () => undefined;

type Ort = typeof OrtWeb;

interface Entry {
  session: InferenceSession;
  queue: SerialQueue;
  warmed: boolean;
  runs: number;
  creation: Pick<RunTimings, 'fetchMs' | 'verifyMs' | 'startMs' | 'runtimeMs' | 'createMs'>;
  source: ModelSource;
}

/**
 * The builds, as lazy imports: Vite makes each its own chunk with its own .wasm asset. All
 * three share onnxruntime-common's API (one type serves them).
 */
const BUILDS: Record<OrtFlavour, () => Promise<Ort>> = {
  wasm: () => import('onnxruntime-web/wasm') as Promise<Ort>,
  jspi: () => import('onnxruntime-web/jspi') as Promise<Ort>,
  asyncify: () => import('onnxruntime-web/webgpu'),
};

let ortModule: Promise<Ort> | undefined;
let wasmThreads = 1;
let flavour: OrtFlavour = 'wasm';
/**
 * `?startup=lazy` (A/B benchmarks): the start before issue 13 item 3. ORT's runtime then
 * starts inside the first session's creation, a WASM session runs an uncounted warm-up, and
 * nothing is prepared ahead of a run.
 */
let lazyStart = false;
/** ORT's WebAssembly runtime start (see `startRuntimeEarly`): its duration, once it is up. */
let runtimeStart: Promise<number> | undefined;
/** The runtime start is reported once, with the worker's first session. */
let runtimeReported = false;
const sessions = new Map<string, Promise<Entry>>();
/** Rejects when the GPUDevice ORT uses is lost; every WebGPU run races against it. */
let deviceLost: Promise<never> | undefined;
let lostError: EngineError | undefined;
let gpuDevice: GPUDevice | undefined;

export interface RuntimeOptions {
  threads: number;
  build: OrtFlavour;
  startup?: WorkerConfig['startup'];
}

/** Fixes the build and the WASM thread count; must precede the first session (ORT reads both once). */
export async function startRuntime({ threads, build, startup = 'eager' }: RuntimeOptions): Promise<string> {
  wasmThreads = threads;
  flavour = build;
  lazyStart = startup === 'lazy';
  const ort = await runtime();
  return ort.env.versions.web ?? 'unknown';
}

/**
 * Starts ORT's WebAssembly runtime in the background, once: asked for by the page ahead of
 * the first run (`prepare`), and by the first session itself so the start overlaps reading
 * the model from IndexedDB. Every session creation awaits it (see `primeRuntime`).
 */
export function startRuntimeEarly(): void {
  if (lazyStart || runtimeStart) return;
  runtimeStart = runtime().then(primeRuntime);
  runtimeStart.catch(() => undefined);
}

/**
 * Creates and releases a session on a one-node model, which makes onnxruntime-web fetch,
 * compile and instantiate its .wasm, start its thread pool and its environment (it has no
 * public call for that alone). Always the WASM provider: the WebGPU one starts with the first
 * WebGPU session, and a session created while this is under way would fail ("multiple calls
 * to 'initWasm()'"), so every session creation awaits this first.
 */
async function primeRuntime(ort: Ort): Promise<number> {
  const t = now();
  const session = await ort.InferenceSession.create(primerModel(), { executionProviders: [{ name: 'wasm' }] });
  await session.release();
  return now() - t;
}

function runtime(): Promise<Ort> {
  // Imported lazily so the worker answers `init` before 400 kB of ORT is parsed, and ORT's
  // own pthread workers load ORT's chunk rather than this worker's entry.
  ortModule ??= BUILDS[flavour]().then((ort) => {
    ort.env.wasm.numThreads = wasmThreads;
    // The proxy worker does nothing inside a worker and rejects GPU tensors.
    ort.env.wasm.proxy = false;
    return ort;
  });
  return ortModule;
}

const keyOf = (modelId: string, backend: WorkerBackend) => `${modelId}\u0000${backend}`;
const now = () => performance.now();

function failure(error: unknown, phase: 'create' | 'run'): EngineError {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError(classifyRuntimeMessage(message, phase), message);
}

/** Models with a session, or one being created: the cache never evicts these. */
export function modelsInUse(): Set<string> {
  return new Set([...sessions.keys()].map((key) => key.split('\u0000')[0]!));
}

async function watchDevice(ort: Ort): Promise<void> {
  if (gpuDevice) return;
  // After the first WebGPU session, ORT exposes the device it created (env.webgpu.device).
  const device = (await ort.env.webgpu.device) as GPUDevice;
  gpuDevice = device;
  deviceLost = device.lost.then((info) => {
    lostError = new EngineError('DeviceLostError', `GPU device lost (${info.reason || 'unknown'}): ${info.message}`);
    throw lostError;
  });
  deviceLost.catch(() => undefined);
}

async function createEntry(model: ModelRef, backend: WorkerBackend, report: Report, cacheOnly: boolean): Promise<Entry> {
  const ort = await runtime();
  // The client sends WebGPU work to a GPU build's worker only; this guards that rule.
  if (backend === 'webgpu' && flavour === 'wasm') throw new EngineError('SessionError', "this worker loaded onnxruntime's WASM-only build, which has no WebGPU");
  // A lost device never comes back in this worker; the client recycles it.
  if (backend === 'webgpu' && lostError) throw lostError;
  startRuntimeEarly();
  const { bytes, externalData, source, fetchMs, verifyMs } = await obtainModel(model, modelsInUse(), report, { cacheOnly });
  report({ modelId: model.id, phase: 'compile', loaded: 0, total: 1 });
  let session: InferenceSession;
  let runtimeTimes: Pick<RunTimings, 'startMs' | 'runtimeMs'> = {};
  if (runtimeStart) {
    const t0 = now();
    let took: number;
    try {
      took = await runtimeStart;
    } catch (error) {
      throw failure(error, 'create');
    }
    // Reported with the worker's first session only: later ones find the runtime up.
    if (!runtimeReported) runtimeTimes = { runtimeMs: took, startMs: now() - t0 };
    runtimeReported = true;
  }
  const t1 = now();
  try {
    session = await ort.InferenceSession.create(bytes, {
      ...(externalData ? { externalData } : {}),
      // One provider at a time (object form, so the C++ WebGPU EP gets its options): a list
      // would fall back silently and hide what ran (onnxruntime#15796).
      executionProviders: [backend === 'webgpu' ? { name: 'webgpu' } : { name: 'wasm' }],
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    throw failure(error, 'create');
  }
  if (backend === 'webgpu') await watchDevice(ort);
  const createMs = now() - t1;
  report({ modelId: model.id, phase: 'compile', loaded: 1, total: 1 });
  // WASM needs no warm-up: it has no shaders to compile, and an uncounted run before the
  // user's first one only delays the first result by a whole run (docs/BENCHMARKS.md).
  const warmed = backend === 'wasm' && !lazyStart;
  return { session, queue: new SerialQueue(), warmed, runs: 0, creation: { fetchMs, verifyMs, ...runtimeTimes, createMs }, source };
}

/**
 * Starts ORT's runtime and the sessions of those of `models` already in the cache with the
 * bytes the catalog names (a demo page opening), and returns once they are registered: a run
 * arriving after this finds its session ready or being created. With none cached nothing
 * starts. Nothing is downloaded (not even ORT's .wasm on a first visit) and nothing is
 * run (a warm-up on made-up inputs could take a branch real inputs never take); a failed
 * creation is forgotten, so the first run meets the same error again and reports it.
 */
export async function preloadSessions(models: readonly ModelRef[], backend: WorkerBackend): Promise<void> {
  if (lazyStart) return;
  releaseUnusedPreloads(new Set(models.map((m) => keyOf(m.id, backend))));
  const ready: ModelRef[] = [];
  for (const model of models) {
    if (!model.sha256) continue;
    if (sessions.has(keyOf(model.id, backend))) {
      ready.push(model);
      continue;
    }
    const cached = await store.getEntry(model.id).catch(() => undefined);
    if (cached?.sha256 === model.sha256) ready.push(model);
  }
  // Nothing of this page's on the device yet (a first visit): ORT's .wasm (14-17 MB) is not
  // fetched either until the visitor runs something.
  if (ready.length === 0) return;
  startRuntimeEarly();
  for (const model of ready) {
    if (sessions.has(keyOf(model.id, backend))) continue;
    // Creations queue behind the runtime's start and share its cores: started together, they
    // still finish in about the time they would take one after another.
    entryFor(model, backend, silent, true).catch(() => undefined);
    preloaded.add(keyOf(model.id, backend));
  }
}

/** Sessions a page prepared (`preloadSessions`) that no run has asked for yet. */
const preloaded = new Set<string>();

/**
 * Browsing from demo page to demo page must not pile up sessions nobody ran: each holds WASM
 * memory and pins its model in the cache (an eviction skips models in use).
 */
function releaseUnusedPreloads(wanted: ReadonlySet<string>): void {
  for (const key of preloaded) {
    if (wanted.has(key)) continue;
    preloaded.delete(key);
    const [modelId, backend] = key.split('\u0000') as [string, WorkerBackend];
    // Leaves the map at once (a run from now on creates its own); freed once created.
    void releaseModel(modelId, backend);
  }
}

function entryFor(model: ModelRef, backend: WorkerBackend, report: Report, cacheOnly = false): Promise<Entry> {
  const key = keyOf(model.id, backend);
  // A run (or bench) asking for a prepared session claims it: it stays like any other.
  if (!cacheOnly) preloaded.delete(key);
  let entry = sessions.get(key);
  if (!entry) {
    entry = createEntry(model, backend, report, cacheOnly);
    sessions.set(key, entry);
    // A failed creation is forgotten so the next call can try again.
    entry.catch(() => sessions.delete(key));
  }
  return entry;
}

function toFeeds(ort: Ort, inputs: NamedTensors): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const [name, wire] of Object.entries(inputs)) {
    const t = ortReady(wire);
    feeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  }
  return feeds;
}

/** Copies an ORT output into an array that owns its buffer (ORT's may view the shared WASM heap). */
async function toWire(tensor: Tensor): Promise<WireTensor> {
  const data = tensor.location === 'cpu' ? tensor.data : await tensor.getData(true);
  const dims = [...tensor.dims];
  if (Array.isArray(data)) return { type: 'string', dims, data: [...(data as string[])] };
  const view = data as ArrayBufferView & { slice(): ArrayBufferView; length: number };
  const owned = view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice();
  // float16 travels as raw bits; ORT may hand back a Float16Array where the browser has one.
  const typed = tensor.type === 'float16' ? new Uint16Array(owned.buffer, 0, view.length) : owned;
  return { type: tensor.type, dims, data: typed } as WireTensor;
}

async function guarded<T>(backend: WorkerBackend, work: () => Promise<T>): Promise<T> {
  try {
    if (backend !== 'webgpu' || !deviceLost) return await work();
    if (lostError) throw lostError;
    return await Promise.race([work(), deviceLost]);
  } catch (error) {
    throw failure(error, 'run');
  }
}

export async function runModel({ model, backend, inputs }: RunRequest, report: Report = silent): Promise<RunResult> {
  const ort = await runtime();
  const entry = await entryFor(model, backend, report);
  return entry.queue.push(async () => {
    checkInputs(model.id, entry.session.inputMetadata, inputs);
    let warmupMs: number | undefined;
    if (!entry.warmed) {
      report({ modelId: model.id, phase: 'warmup', loaded: 0, total: 1 });
      const t = now();
      // The warm-up runs on the first real input (outputs discarded), not on zeros: a model can
      // branch on input values (Silero VAD's sample rate picks an If branch; 0 is not a rate).
      const warm = await guarded(backend, () => entry.session.run(toFeeds(ort, inputs)));
      for (const t of Object.values(warm)) t.dispose();
      warmupMs = now() - t;
      entry.warmed = true;
      report({ modelId: model.id, phase: 'warmup', loaded: 1, total: 1 });
    }
    const t0 = now();
    const results = await guarded(backend, () => entry.session.run(toFeeds(ort, inputs)));
    const runMs = now() - t0;
    const outputs = await collect(entry, results);
    const firstRun = entry.runs++ === 0;
    const timings: RunTimings = { ...(firstRun ? entry.creation : {}), ...(warmupMs === undefined ? {} : { warmupMs }), runMs, firstRun };
    // The call that created or first used the session ends its progress bar (WASM has no warm-up phase).
    if (warmupMs !== undefined || firstRun) report({ modelId: model.id, phase: 'done', loaded: 1, total: 1 });
    return { outputs, backend, timings, ...(firstRun ? { source: entry.source } : {}) };
  });
}

/** Reads a session's outputs into wire tensors and frees ORT's copies. */
async function collect(entry: Entry, results: Record<string, Tensor>): Promise<NamedTensors> {
  const outputs: NamedTensors = {};
  for (const name of entry.session.outputNames) {
    const tensor = results[name];
    if (!tensor) continue;
    outputs[name] = await toWire(tensor);
    tensor.dispose();
  }
  return outputs;
}

/**
 * The Lab's timed run: a fresh session (an earlier one for this model and backend is released
 * so creation is measured), the first run as a user would see it (on WebGPU it compiles the
 * shaders), then `warmRuns` timed runs. Timing stays in the worker, so message passing does
 * not count.
 */
export async function benchModel({ model, backend, inputs, warmRuns, settleMs = 0 }: BenchRequest, report: Report = silent): Promise<BenchResult> {
  const ort = await runtime();
  await releaseModel(model.id, backend);
  const entry = await entryFor(model, backend, report);
  return entry.queue.push(async () => {
    checkInputs(model.id, entry.session.inputMetadata, inputs);
    const feeds = toFeeds(ort, inputs);
    report({ modelId: model.id, phase: 'warmup', loaded: 0, total: 1 });
    const t0 = now();
    const first = await guarded(backend, () => entry.session.run(feeds));
    const firstRunMs = now() - t0;
    const outputs = await collect(entry, first);
    while (now() - t0 < settleMs) {
      const results = await guarded(backend, () => entry.session.run(feeds));
      for (const tensor of Object.values(results)) tensor.dispose();
    }
    const warmMs: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      const t = now();
      const results = await guarded(backend, () => entry.session.run(feeds));
      warmMs.push(now() - t);
      for (const tensor of Object.values(results)) tensor.dispose();
      report({ modelId: model.id, phase: 'warmup', loaded: i + 1, total: warmRuns });
    }
    entry.warmed = true;
    entry.runs += 1 + warmRuns;
    report({ modelId: model.id, phase: 'done', loaded: 1, total: 1 });
    return { outputs, backend, createMs: entry.creation.createMs ?? 0, firstRunMs, warmMs };
  });
}

/**
 * Releases every session: ORT frees their buffers inside the WASM heap, which keeps its
 * size but is reused by the next model, so memory stays bounded without a new worker.
 */
export async function releaseAll(): Promise<void> {
  const ids = new Set([...sessions.keys()].map((key) => key.split('\u0000')[0]!));
  for (const id of ids) await releaseModel(id);
}

export async function releaseModel(modelId: string, backend?: WorkerBackend): Promise<void> {
  const backends: WorkerBackend[] = backend ? [backend] : ['webgpu', 'wasm'];
  for (const b of backends) {
    const key = keyOf(modelId, b);
    const entry = sessions.get(key);
    sessions.delete(key);
    if (entry) await entry.then((e) => e.queue.push(() => e.session.release())).catch(() => undefined);
  }
}

/** Destroys ORT's GPUDevice for real; runs then fail with DeviceLostError (recovery tests). */
export function loseGpuDevice(): boolean {
  if (!gpuDevice) return false;
  gpuDevice.destroy();
  return true;
}
