/**
 * Measures 1, 2, 3 and 5 in one browser run, model by model:
 * - engine-overhead: the playground engine end to end (page → worker → page) against bare
 *   onnxruntime-web (same build, backend, threads and input), alternating A/B rounds;
 * - browser-vs-native: bare onnxruntime-web WASM (the webgpu build the app ships and the
 *   plain wasm build) against onnxruntime-node in this process, same threads and input;
 * - threads: bare WASM on 1 thread against all cores, a new worker per configuration;
 * - webgpu-vs-wasm: the engine on WebGPU against the engine on WASM, adapter named.
 * Every browser output is checked against onnxruntime-node (max abs diff).
 */
import type { Page } from '@playwright/test';
import { findModel, modelRef } from '../../src/catalog/index.ts';
import type { EncodedOutput } from '../../src/shared/bench-input.ts';
import type { BenchSpec } from '../../src/ui/state/bench-hook.ts';
import type { BareRequest, Flavour } from '../bare/protocol.ts';
import { decodeOutput, modelPath, nativeRuns, type BenchModel, type Outputs } from '../lib/models.ts';
import { bare, time } from '../lib/pages.ts';
import { OUTPUT_TOLERANCE, type BenchRecord } from '../lib/results.ts';
import { maxAbsDiff, summarize, type Summary } from '../lib/stats.ts';

export interface BrowserMeasureOptions {
  app: Page;
  barePage: Page;
  cores: number;
  /** Engine-overhead A/B rounds (each `runs` long). */
  rounds: number;
  /** Overrides every model's run count (--quick). */
  runs?: number;
  /** Longest a WebGPU configuration keeps timing (SwiftShader runs take seconds). */
  webgpuMaxMs: number;
  adapter: string;
  /** A CPU implementation of WebGPU (SwiftShader): heavy models get their `softwareGpu` inputs. */
  softwareAdapter: boolean;
  /** False when the browser has no WebGPU adapter: those measures are skipped. */
  webgpu: boolean;
  /** The build the app's WebGPU rung loads here (`jspi` or `webgpu`, the Asyncify one): the bare baseline uses the same. */
  gpuFlavour: Flavour;
  log: (line: string) => void;
}

/** Largest difference over every output the reference has; Infinity when one is missing. */
export function outputDiff(outputs: Record<string, EncodedOutput>, reference: Outputs): number {
  let max = 0;
  for (const [name, ref] of Object.entries(reference)) {
    const got = outputs[name];
    max = Math.max(max, got ? maxAbsDiff(decodeOutput(got), ref) : Infinity);
  }
  return max;
}

const check = (diff: number) => ({ max_abs_diff: diff, outputs_ok: diff <= OUTPUT_TOLERANCE });
const fmt = (s: Summary) => `median ${s.median.toFixed(3)} ms, p90 ${s.p90.toFixed(3)} ms, n ${s.n}`;

export async function browserMeasures(model: BenchModel, o: BrowserMeasureOptions): Promise<BenchRecord[]> {
  const runs = o.runs ?? model.runs;
  const records: BenchRecord[] = [];
  const ref = modelRef(findModel(model.id)!);
  const url = new URL(modelPath(model.id), 'http://x/').pathname;

  // onnxruntime-node: the reference outputs and native timings on 1 thread and on all cores.
  const nativeAll = await nativeRuns(model, o.cores, runs);
  const native1 = o.cores === 1 ? nativeAll : await nativeRuns(model, 1, runs);
  const reference = nativeAll.outputs;
  o.log(`${model.id}: onnxruntime-node ${o.cores} threads ${fmt(nativeAll.summary)}; 1 thread ${fmt(native1.summary)}`);

  const bareRun = async (flavour: Flavour, backend: 'wasm' | 'webgpu', threads: number, inputs = model.inputs, ref = reference) => {
    const request: BareRequest = {
      flavour,
      backend,
      threads,
      modelUrl: url,
      inputs,
      n: runs,
      warmup: backend === 'webgpu' ? 2 : 3,
      maxMs: backend === 'webgpu' ? o.webgpuMaxMs : 120_000,
    };
    const result = await bare(o.barePage, request);
    if (!result.ok) throw new Error(`bare ${flavour}/${backend}/${threads}t on ${model.id}: ${result.message}`);
    if (backend === 'wasm' && threads > 1 && !result.crossOriginIsolated) throw new Error('the bare page is not cross-origin isolated: no WASM threads');
    const summary = summarize(result.times);
    const diff = outputDiff(result.outputs, ref);
    o.log(`${model.id}: bare ${flavour} build, ${backend}, ${threads}t: ${fmt(summary)}, create ${result.createMs.toFixed(0)} ms, diff ${diff.toExponential(2)}`);
    return { summary, diff, result, times: result.times };
  };
  const engineRun = async (backend: 'wasm' | 'webgpu', inputs = model.inputs, refOutputs = reference) => {
    const spec: BenchSpec = { model: ref, inputs, backend };
    const result = await time(o.app, spec, runs, backend === 'webgpu' ? 2 : 3, backend === 'webgpu' ? o.webgpuMaxMs : 120_000);
    if (!result.ok) throw new Error(`engine ${backend} on ${model.id}: ${result.name}: ${result.message}`);
    const summary = summarize(result.times);
    const diff = outputDiff(result.outputs, refOutputs);
    o.log(`${model.id}: engine ${backend} (ran on ${result.backend}): ${fmt(summary)}, worker's session.run median ${summarize(result.workerRunMs).median.toFixed(3)} ms, diff ${diff.toExponential(2)}`);
    return { summary, diff, result, times: result.times };
  };

  // 1. Engine overhead on WASM: A/B rounds so drift on a shared machine hits both sides.
  const bareTimes: number[] = [];
  const engineTimes: number[] = [];
  const workerRunMs: number[] = [];
  /** Per engine call: end-to-end minus the worker's own session.run, paired, so machine drift cancels. */
  const pairedOverhead: number[] = [];
  let engineDiff = 0;
  let bareDiff = 0;
  for (let round = 0; round < o.rounds; round++) {
    // The WASM rung's worker loads the WASM-only build (src/engine/worker-set.ts): so does the baseline.
    const b = await bareRun('wasm', 'wasm', o.cores);
    bareTimes.push(...b.times);
    bareDiff = Math.max(bareDiff, b.diff);
    const e = await engineRun('wasm');
    engineTimes.push(...e.times);
    workerRunMs.push(...e.result.workerRunMs);
    pairedOverhead.push(...e.result.times.map((t, i) => t - e.result.workerRunMs[i]!));
    engineDiff = Math.max(engineDiff, e.diff);
    if (e.result.backend !== 'wasm') throw new Error(`engine asked for wasm ran on ${e.result.backend}`);
  }
  const bareWasm = summarize(bareTimes);
  const engineWasm = summarize(engineTimes);
  const ratio = engineWasm.median / bareWasm.median;
  records.push({
    name: 'engine-overhead',
    model: model.id,
    backend: 'wasm',
    ratio,
    median_ms: engineWasm.median,
    p90_ms: engineWasm.p90,
    n: engineWasm.n,
    baseline: { label: `bare onnxruntime-web (wasm build), wasm, ${o.cores} threads`, median_ms: bareWasm.median, p90_ms: bareWasm.p90, n: bareWasm.n },
    ...check(engineDiff),
    target: { text: 'engine ≤ 1.05× bare', met: ratio <= 1.05 },
    details: {
      input: model.input,
      threads: o.cores,
      rounds: o.rounds,
      overhead_ms: engineWasm.median - bareWasm.median,
      worker_session_run_median_ms: summarize(workerRunMs).median,
      paired_overhead_median_ms: summarize(pairedOverhead).median,
      paired_overhead_min_ms: summarize(pairedOverhead).min,
      bare_max_abs_diff: bareDiff,
    },
  });

  // 2 and 3. Browser vs native and thread scaling, on the build the WASM rung ships.
  {
    const label = 'wasm (wasm build)';
    const all = { summary: bareWasm, diff: bareDiff };
    const one = o.cores === 1 ? all : await bareRun('wasm', 'wasm', 1);
    const pairs = [{ threads: o.cores, browser: all, native: nativeAll.summary }];
    if (o.cores > 1) pairs.push({ threads: 1, browser: one, native: native1.summary });
    for (const { threads, browser, native } of pairs) {
      const r = browser.summary.median / native.median;
      records.push({
        name: 'browser-vs-native',
        model: model.id,
        backend: label,
        ratio: r,
        median_ms: browser.summary.median,
        p90_ms: browser.summary.p90,
        n: browser.summary.n,
        baseline: { label: `onnxruntime-node in-process, ${threads} thread${threads > 1 ? 's' : ''}`, median_ms: native.median, p90_ms: native.p90, n: native.n },
        ...check(browser.diff),
        target: { text: 'browser WASM ≤ 2× native', met: r <= 2 },
        details: { threads, input: model.input },
      });
    }
    const speedup = one.summary.median / all.summary.median;
    records.push({
      name: 'threads',
      model: model.id,
      backend: label,
      ratio: all.summary.median / one.summary.median,
      median_ms: all.summary.median,
      p90_ms: all.summary.p90,
      n: all.summary.n,
      baseline: { label: 'same, 1 thread', median_ms: one.summary.median, p90_ms: one.summary.p90, n: one.summary.n },
      ...check(Math.max(all.diff, one.diff)),
      details: {
        threads: o.cores,
        speedup,
        efficiency: speedup / o.cores,
        native_speedup: native1.summary.median / nativeAll.summary.median,
      },
    });
  }

  if (!o.webgpu) return records;
  // 5. WebGPU against WASM through the engine (and bare WebGPU for the engine's overhead there).
  const small = o.softwareAdapter ? model.softwareGpu : undefined;
  const gpuInputs = small?.inputs ?? model.inputs;
  const gpuReference = small ? (await nativeRuns({ ...model, inputs: small.inputs }, o.cores, 1)).outputs : reference;
  const wasmBaseline = small ? (await engineRun('wasm', small.inputs, gpuReference)).summary : engineWasm;
  const bareGpu = await bareRun(o.gpuFlavour, 'webgpu', o.cores, gpuInputs, gpuReference);
  const engineGpu = await engineRun('webgpu', gpuInputs, gpuReference);
  // Wrong WebGPU outputs: ask the older JavaScript WebGPU backend (JSEP) on the same adapter.
  // Right there means the adapter computes correctly and the C++ WebGPU EP is at fault.
  let jsep: { max_abs_diff: number; median_ms: number } | undefined;
  if (engineGpu.diff > OUTPUT_TOLERANCE || bareGpu.diff > OUTPUT_TOLERANCE) {
    const j = await bare(o.barePage, { flavour: 'jsep', backend: 'webgpu', threads: o.cores, modelUrl: url, inputs: gpuInputs, n: 3, warmup: 1, maxMs: o.webgpuMaxMs });
    if (j.ok) jsep = { max_abs_diff: outputDiff(j.outputs, gpuReference), median_ms: summarize(j.times).median };
    o.log(`${model.id}: WebGPU outputs differ from onnxruntime-node by ${engineGpu.diff}; JSEP on the same adapter: ${j.ok ? jsep!.max_abs_diff : j.message}`);
  }
  const gpuRatio = engineGpu.summary.median / wasmBaseline.median;
  records.push({
    name: 'webgpu-vs-wasm',
    model: model.id,
    backend: `webgpu (${o.adapter})`,
    ratio: gpuRatio,
    median_ms: engineGpu.summary.median,
    p90_ms: engineGpu.summary.p90,
    n: engineGpu.summary.n,
    baseline: { label: `engine on wasm, ${o.cores} threads${small ? `, same ${small.input} input` : ''}`, median_ms: wasmBaseline.median, p90_ms: wasmBaseline.p90, n: wasmBaseline.n },
    ...check(engineGpu.diff),
    details: {
      adapter: bareGpu.result.adapter ?? null,
      input: small ? `${small.input} (reduced: software adapter)` : model.input,
      ran_on: engineGpu.result.backend,
      note: o.adapter.includes('swiftshader') ? 'SwiftShader is a CPU rasterizer: this ratio says nothing about GPUs' : undefined,
      ...(jsep ? { jsep_webgpu_same_adapter: jsep } : {}),
      first_run_ms_bare: bareGpu.result.firstRunMs,
      create_ms_bare: bareGpu.result.createMs,
    },
  });
  const gpuOverhead = engineGpu.summary.median / bareGpu.summary.median;
  records.push({
    name: 'engine-overhead',
    model: model.id,
    backend: 'webgpu',
    ratio: gpuOverhead,
    median_ms: engineGpu.summary.median,
    p90_ms: engineGpu.summary.p90,
    n: engineGpu.summary.n,
    baseline: { label: `bare onnxruntime-web (webgpu build), webgpu`, median_ms: bareGpu.summary.median, p90_ms: bareGpu.summary.p90, n: bareGpu.summary.n },
    ...check(engineGpu.diff),
    target: { text: 'engine ≤ 1.05× bare', met: gpuOverhead <= 1.05 },
    details: { adapter: o.adapter, input: small ? `${small.input} (reduced: software adapter)` : model.input, bare_max_abs_diff: bareGpu.diff, worker_session_run_median_ms: summarize(engineGpu.result.workerRunMs).median },
  });
  return records;
}
