/**
 * The bundled models as benchmarked: realistic inputs (the sizes the demos feed them) made
 * from seeds, and onnxruntime-node as the reference for every output check.
 */
import * as ort from 'onnxruntime-node';
import { benchTensors, type BenchInputs, type EncodedOutput } from '../../src/shared/bench-input.ts';
import { ortReady } from '../../src/shared/tensor.ts';
import { summarize, type Summary } from './stats.ts';

export interface BenchModel {
  id: string;
  /** What the input stands for, for the report. */
  input: string;
  inputs: BenchInputs;
  /** Timed warm runs per configuration (≥ 30; more for models that take well under a millisecond). */
  runs: number;
  /**
   * Smaller inputs for WebGPU on a software adapter: SwiftShader took 110 s for one PP-OCR
   * det run at 640×640 (WASM: ~0.3 s). The WASM baseline of that ratio is re-run on them.
   */
  softwareGpu?: { input: string; inputs: BenchInputs };
  /**
   * Measured for its cold and cached start only (measure 4, whose target covers every catalog
   * model); the other measures time the four models above, which span the catalog's range.
   */
  startOnly?: true;
}

export const MODELS: BenchModel[] = [
  {
    id: 'ppocr-det',
    input: '1×3×640×640 (a photo scaled to the demo size)',
    inputs: { x: { type: 'float32', dims: [1, 3, 640, 640], seed: 11, lo: -1, hi: 1 } },
    runs: 30,
    softwareGpu: { input: '1×3×64×64', inputs: { x: { type: 'float32', dims: [1, 3, 64, 64], seed: 11, lo: -1, hi: 1 } } },
  },
  {
    id: 'ppocr-rec',
    input: '1×3×48×320 (one line of text)',
    inputs: { x: { type: 'float32', dims: [1, 3, 48, 320], seed: 12, lo: -1, hi: 1 } },
    runs: 30,
    softwareGpu: { input: '1×3×48×64', inputs: { x: { type: 'float32', dims: [1, 3, 48, 64], seed: 12, lo: -1, hi: 1 } } },
  },
  {
    id: 'silero-vad',
    input: '512 samples at 16 kHz (one 32 ms chunk), zero state',
    inputs: {
      input: { type: 'float32', dims: [1, 512], seed: 13, lo: -0.5, hi: 0.5 },
      state: { type: 'float32', dims: [2, 1, 128], fill: 0 },
      sr: { type: 'int64', dims: [], fill: 16000 },
    },
    runs: 200,
  },
  { id: 'health-risk', input: '1×10 (one check-up)', inputs: { features: { type: 'float32', dims: [1, 10], seed: 14, lo: -0.1, hi: 0.1 } }, runs: 200 },
  // The rest of the catalog, at the sizes their demos feed them: start only.
  ...startOnly([
    ['ppocr-cls', '1×3×48×192 (one line, upright or not)', { x: { type: 'float32', dims: [1, 3, 48, 192], seed: 15, lo: -1, hi: 1 } }],
    ['hangul-rec', '1×3×48×320 (one line of Hangul)', { x: { type: 'float32', dims: [1, 3, 48, 320], seed: 16, lo: -1, hi: 1 } }],
    ['oww-melspectrogram', '1×1760 samples (an 80 ms step and the 480 before it, 16-bit scale)', { input: { type: 'float32', dims: [1, 1760], seed: 17, lo: -3000, hi: 3000 } }],
    ['oww-embedding', '1×76×32×1 (76 mel frames)', { input_1: { type: 'float32', dims: [1, 76, 32, 1], seed: 18, lo: -2, hi: 2 } }],
    ['oww-hey-jarvis', '1×16×96 (16 embeddings)', { 'x.1': { type: 'float32', dims: [1, 16, 96], seed: 19, lo: -1, hi: 1 } }],
    ['oww-alexa', '1×16×96 (16 embeddings)', { 'onnx::Flatten_0': { type: 'float32', dims: [1, 16, 96], seed: 20, lo: -1, hi: 1 } }],
    ['oww-hey-mycroft', '1×16×96 (16 embeddings)', { 'onnx::Flatten_0': { type: 'float32', dims: [1, 16, 96], seed: 21, lo: -1, hi: 1 } }],
    ['selftest-mlp', '2×4 (the self-test input)', { x: { type: 'float32', dims: [2, 4], seed: 22, lo: -1, hi: 1 } }],
    ['demand-forecast', '1×336 (a week of half-hourly demand, value / mean − 1)', { history: { type: 'float32', dims: [1, 336], seed: 23, lo: -0.3, hi: 0.3 } }],
  ]),
];

function startOnly(rows: [id: string, input: string, inputs: BenchInputs][]): BenchModel[] {
  // `runs` counts timed warm runs, which the start measure does not make.
  return rows.map(([id, input, inputs]) => ({ id, input, inputs, runs: 1, startOnly: true }));
}

/** `--quick`: the one model CI's smoke test runs. */
export const QUICK_MODEL = 'health-risk';

export const modelPath = (id: string) => `models/${id}/1/model.onnx`;

export type Outputs = Record<string, Float32Array>;

/** A model's bench inputs as onnxruntime-node tensors (fresh buffers each call). */
export function feeds(inputs: BenchInputs): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(benchTensors(inputs)).map(([name, wire]) => { const t = ortReady(wire); return [name, new ort.Tensor(t.type, t.data as Float32Array, t.dims)]; }));
}

/** onnxruntime-node in-process: the reference outputs and `runs` timed warm runs on `threads`. */
export async function nativeRuns(model: BenchModel, threads: number, runs: number): Promise<{ summary: Summary; outputs: Outputs }> {
  const session = await ort.InferenceSession.create(modelPath(model.id), { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  try {
    for (let i = 0; i < 3; i++) await session.run(feeds(model.inputs));
    const times: number[] = [];
    let last: ort.InferenceSession.OnnxValueMapType = {};
    for (let i = 0; i < runs; i++) {
      const f = feeds(model.inputs);
      const t = performance.now();
      last = await session.run(f);
      times.push(performance.now() - t);
    }
    const outputs = Object.fromEntries(Object.entries(last).map(([name, t]) => [name, Float32Array.from(t.data as Float32Array)]));
    return { summary: summarize(times), outputs };
  } finally {
    await session.release();
  }
}

/** Decodes a float32 output a page sent back as base64. */
export function decodeOutput(output: EncodedOutput): Float32Array {
  if (output.type !== 'float32') throw new Error(`expected float32 outputs, got ${output.type}`);
  const bytes = Buffer.from(output.base64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}
