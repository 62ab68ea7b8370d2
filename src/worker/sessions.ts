/**
 * The only module that imports onnxruntime-web, in the build its worker was started with
 * (`OrtFlavour`: each build is a chunk of its own, fetched only by a worker that loads it).
 * One session per (model, backend), created
 * once, warmed up once on the first real input (the warm-up compiles
 * WebGPU shaders and is not counted as the user's first run), runs serialized per session,
 * outputs copied to plain CPU arrays the caller can transfer.
 */
import type * as OrtWeb from 'onnxruntime-web/webgpu';
import type { InferenceSession, Tensor } from 'onnxruntime-web/webgpu';
import { EngineError, classifyRuntimeMessage } from '../shared/errors.ts';
import type { BenchRequest, BenchResult, LoadProgress, ModelRef, ModelSource, OrtFlavour, RunRequest, RunResult, RunTimings, WorkerBackend } from '../shared/protocol.ts';
import { SerialQueue } from '../shared/serial.ts';
import { ortReady, type NamedTensors, type WireTensor } from '../shared/tensor.ts';
import { checkInputs } from './input-check.ts';
import { obtainModel } from './obtain-model.ts';

type Report = (progress: LoadProgress) => void;
const silent: Report = () => undefined;

type Ort = typeof OrtWeb;

interface Entry {
  session: InferenceSession;
  queue: SerialQueue;
  warmed: boolean;
  runs: number;
  creation: Pick<RunTimings, 'fetchMs' | 'verifyMs' | 'createMs'>;
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
const sessions = new Map<string, Promise<Entry>>();
/** Rejects when the GPUDevice ORT uses is lost; every WebGPU run races against it. */
let deviceLost: Promise<never> | undefined;
let lostError: EngineError | undefined;
let gpuDevice: GPUDevice | undefined;

/** Fixes the build and the WASM thread count; must precede the first session (ORT reads both once). */
export async function startRuntime(threads: number, build: OrtFlavour): Promise<string> {
  wasmThreads = threads;
  flavour = build;
  const ort = await runtime();
  return ort.env.versions.web ?? 'unknown';
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

async function createEntry(model: ModelRef, backend: WorkerBackend, report: Report): Promise<Entry> {
  const ort = await runtime();
  // The client sends WebGPU work to a GPU build's worker only; this guards that rule.
  if (backend === 'webgpu' && flavour === 'wasm') throw new EngineError('SessionError', "this worker loaded onnxruntime's WASM-only build, which has no WebGPU");
  // A lost device never comes back in this worker; the client recycles it.
  if (backend === 'webgpu' && lostError) throw lostError;
  const { bytes, externalData, source, fetchMs, verifyMs } = await obtainModel(model, modelsInUse(), report);
  report({ modelId: model.id, phase: 'compile', loaded: 0, total: 1 });
  const t1 = now();
  let session: InferenceSession;
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
  return { session, queue: new SerialQueue(), warmed: false, runs: 0, creation: { fetchMs, verifyMs, createMs }, source };
}

function entryFor(model: ModelRef, backend: WorkerBackend, report: Report): Promise<Entry> {
  const key = keyOf(model.id, backend);
  let entry = sessions.get(key);
  if (!entry) {
    entry = createEntry(model, backend, report);
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
    if (warmupMs !== undefined) report({ modelId: model.id, phase: 'done', loaded: 1, total: 1 });
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
export async function benchModel({ model, backend, inputs, warmRuns }: BenchRequest, report: Report = silent): Promise<BenchResult> {
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
