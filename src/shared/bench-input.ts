/**
 * Benchmark inputs described as data, so the playground page, the bare onnxruntime-web page
 * and onnxruntime-node build the very same tensors from a seed (bench/, docs/BENCHMARKS.md).
 */
import { seededFloats } from './random.ts';
import type { WireTensor } from './tensor.ts';

export interface BenchInput {
  type: 'float32' | 'int64';
  dims: number[];
  /** Seeded uniform values in [lo, hi) (float32 only). */
  seed?: number;
  lo?: number;
  hi?: number;
  /** Every element this value instead (e.g. Silero's zero state, its 16000 Hz rate). */
  fill?: number;
}

export type BenchInputs = Record<string, BenchInput>;

const count = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Builds one tensor; each call returns fresh buffers (the engine may transfer them away). */
export function benchTensor(input: BenchInput): WireTensor {
  const n = count(input.dims);
  if (input.type === 'int64') return { type: 'int64', dims: input.dims, data: new BigInt64Array(n).fill(BigInt(input.fill ?? 0)) };
  const data = input.fill === undefined ? seededFloats(input.seed ?? 1, n, input.lo ?? 0, input.hi ?? 1) : new Float32Array(n).fill(input.fill);
  return { type: 'float32', dims: input.dims, data };
}

export function benchTensors(inputs: BenchInputs): Record<string, WireTensor> {
  return Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, benchTensor(input)]));
}

/** A tensor's bytes as base64: compact enough to hand a 640×640 map back to Playwright. */
export interface EncodedOutput {
  type: string;
  dims: number[];
  base64: string;
}

export function encodeOutput(t: { type: string; dims: readonly number[]; data: unknown }): EncodedOutput {
  const view = t.data as ArrayBufferView;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { type: t.type, dims: [...t.dims], base64: btoa(binary) };
}
