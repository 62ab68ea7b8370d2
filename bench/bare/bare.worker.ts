/**
 * Bare onnxruntime-web, the baseline: one session, `session.run` timed in the worker that
 * runs it, no queue, no protocol. One worker per configuration (ORT fixes its thread
 * count once per worker). Type-checked with the DOM lib, hence the narrow `scope` type.
 */
import type * as OrtWeb from 'onnxruntime-web/webgpu';
import { benchTensors, encodeOutput } from '../../src/shared/bench-input.ts';
import { ortReady } from '../../src/shared/tensor.ts';
import { primerModel } from '../../src/worker/primer-model.ts';
import type { BareRequest, BareResult } from './protocol.ts';

type Ort = typeof OrtWeb;
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<BareRequest>) => void) | null;
  postMessage(message: BareResult): void;
  crossOriginIsolated: boolean;
};

async function load(flavour: BareRequest['flavour']): Promise<Ort> {
  // Each flavour in its own chunk, imported lazily like the app does, so ORT's pthread
  // workers load ORT's chunk and not this file.
  if (flavour === 'wasm') return (await import('onnxruntime-web/wasm')) as unknown as Ort;
  if (flavour === 'jsep') return (await import('onnxruntime-web')) as unknown as Ort;
  if (flavour === 'jspi') return (await import('onnxruntime-web/jspi')) as unknown as Ort;
  return await import('onnxruntime-web/webgpu');
}

async function adapterInfo() {
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return undefined;
  const { vendor, architecture, device, description } = adapter.info;
  return { vendor, architecture, device, description };
}

async function bench(request: BareRequest): Promise<BareResult> {
  const ort = await load(request.flavour);
  ort.env.wasm.numThreads = request.threads;
  ort.env.wasm.proxy = false;
  const bytes = new Uint8Array(await (await fetch(request.modelUrl)).arrayBuffer());
  if (request.optLevel) await (await ort.InferenceSession.create(primerModel(), { executionProviders: ['wasm'] })).release();
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [request.backend === 'webgpu' ? { name: 'webgpu' } : { name: 'wasm' }],
    graphOptimizationLevel: request.optLevel ?? 'all',
  });
  const createMs = performance.now() - t0;
  const feeds = () => Object.fromEntries(Object.entries(benchTensors(request.inputs)).map(([name, wire]) => { const t = ortReady(wire); return [name, new ort.Tensor(t.type, t.data as Float32Array, t.dims)]; }));
  const once = async (inputs: Record<string, OrtWeb.Tensor>) => {
    const results = await session.run(inputs);
    // What a caller needs in the end: the outputs on the CPU.
    const out: Record<string, { type: string; dims: readonly number[]; data: unknown }> = {};
    for (const [name, t] of Object.entries(results)) out[name] = { type: t.type, dims: t.dims, data: t.location === 'cpu' ? t.data : await t.getData(true) };
    return out;
  };
  let t = performance.now();
  let last = await once(feeds());
  const firstRunMs = performance.now() - t;
  for (let i = 1; i < request.warmup; i++) await once(feeds());
  const times: number[] = [];
  const end = performance.now() + request.maxMs;
  while (times.length < request.n && (times.length === 0 || performance.now() < end)) {
    const inputs = feeds();
    t = performance.now();
    last = await once(inputs);
    times.push(performance.now() - t);
  }
  await session.release();
  const outputs = Object.fromEntries(Object.entries(last).map(([name, o]) => [name, encodeOutput(o)]));
  return {
    ok: true,
    ortVersion: ort.env.versions.web ?? 'unknown',
    crossOriginIsolated: scope.crossOriginIsolated,
    threads: ort.env.wasm.numThreads ?? request.threads,
    ...(request.backend === 'webgpu' ? { adapter: await adapterInfo() } : {}),
    createMs,
    firstRunMs,
    times,
    outputs,
  };
}

scope.onmessage = (event) => {
  bench(event.data).then(
    (result) => scope.postMessage(result),
    (error: unknown) => scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
};
