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
];

/** `--quick`: the one model CI's smoke test runs. */
export const QUICK_MODEL = 'health-risk';

export const modelPath = (id: string) => `models/${id}/1/model.onnx`;

export type Outputs = Record<string, Float32Array>;

function feeds(inputs: BenchInputs): Record<string, ort.Tensor> {
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
