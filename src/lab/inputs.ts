/**
 * Builds the Lab's input tensors: seeded random, zeros, ones, a range, or values from a
 * JSON / .npy file or a picture, shaped by the model's declared dims with symbolic dims
 * filled in. Pure (the page decodes and resizes pictures; this packs the pixels).
 */
import type { DimFact, TensorFact } from '../shared/model-facts.ts';
import { seededRandom } from '../shared/random.ts';
import { elementCount, type NumericTensorType, type WireTensor } from '../shared/tensor.ts';
import { LabProblem } from './lab-error.ts';

export type Fill = { kind: 'random'; seed: number } | { kind: 'zeros' } | { kind: 'ones' } | { kind: 'range'; start: number; step: number };

/** Input types the Lab can build; the rest (strings, sequences) are shown but not fed. */
export const FEEDABLE: readonly NumericTensorType[] = ['float32', 'float16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool'];

export const isFeedable = (dtype: string): dtype is NumericTensorType => (FEEDABLE as readonly string[]).includes(dtype);

/** A starting value for a symbolic dim: 1 for batch-like names, 8 for sequences, 32 for picture sides. */
export function defaultDim(name: string | null): number {
  const n = (name ?? '').toLowerCase();
  if (/seq|len|time|token/.test(n) || n === 'n') return 8;
  if (/height|width|^h$|^w$/.test(n)) return 32;
  return 1;
}

/** The symbolic dims a set of inputs uses (each name once) and unnamed dynamic dims per input/axis. */
export function symbolicDims(inputs: readonly TensorFact[]): string[] {
  const names = new Set<string>();
  for (const input of inputs) (input.dims ?? []).forEach((d, axis) => (typeof d === 'number' ? undefined : names.add(d ?? unnamedKey(input.name, axis))));
  return [...names];
}

/** Key for an unnamed dynamic dim, so it can be given a value like a named one. */
export const unnamedKey = (input: string, axis: number) => `${input}[${axis}]`;

export function resolveDims(input: TensorFact, values: Record<string, number>): number[] {
  return (input.dims ?? []).map((d: DimFact, axis) => {
    if (typeof d === 'number') return d;
    const key = d ?? unnamedKey(input.name, axis);
    return values[key] ?? defaultDim(key);
  });
}

// --- float16 -----------------------------------------------------------------------------

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half-precision bits of a number (round to nearest even). */
export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  let m = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && m & 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | m;
}

export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// --- building tensors --------------------------------------------------------------------

const INTEGER: Partial<Record<NumericTensorType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1], int64: [-(2 ** 53), 2 ** 53], uint64: [0, 2 ** 53], bool: [0, 1],
};

/** Packs plain numbers into the wire array of `type` (values already checked). */
export function pack(type: NumericTensorType, dims: number[], values: ArrayLike<number>): WireTensor {
  const n = values.length;
  switch (type) {
    case 'float16': return { type, dims, data: Uint16Array.from({ length: n }, (_, i) => toHalf(values[i]!)) };
    case 'int64': return { type, dims, data: BigInt64Array.from({ length: n }, (_, i) => BigInt(Math.trunc(values[i]!))) };
    case 'uint64': return { type, dims, data: BigUint64Array.from({ length: n }, (_, i) => BigInt(Math.trunc(values[i]!))) };
    case 'bool': return { type, dims, data: Uint8Array.from({ length: n }, (_, i) => (values[i] ? 1 : 0)) };
    case 'float32': return { type, dims, data: Float32Array.from(values) };
    case 'float64': return { type, dims, data: Float64Array.from(values) };
    case 'int8': return { type, dims, data: Int8Array.from(values) };
    case 'uint8': return { type, dims, data: Uint8Array.from(values) };
    case 'int16': return { type, dims, data: Int16Array.from(values) };
    case 'uint16': return { type, dims, data: Uint16Array.from(values) };
    case 'int32': return { type, dims, data: Int32Array.from(values) };
    case 'uint32': return { type, dims, data: Uint32Array.from(values) };
  }
}

/**
 * A generated tensor. Random values: floats uniform in [0, 1), integers uniform in [0, 10)
 * (valid indices for small tables), uint8 in [0, 256), bool 0/1 — from a mulberry32 seed.
 */
export function makeTensor(type: NumericTensorType, dims: number[], fill: Fill): WireTensor {
  const count = elementCount(dims);
  const values = new Float64Array(count);
  if (fill.kind === 'ones') values.fill(1);
  else if (fill.kind === 'range') for (let i = 0; i < count; i++) values[i] = fill.start + i * fill.step;
  else if (fill.kind === 'random') {
    const next = seededRandom(fill.seed);
    const isInt = type in INTEGER;
    const span = type === 'bool' ? 2 : type === 'uint8' ? 256 : 10;
    for (let i = 0; i < count; i++) values[i] = isInt ? Math.floor(next() * span) : next();
  }
  const range = INTEGER[type];
  if (range) for (let i = 0; i < count; i++) values[i] = Math.min(range[1], Math.max(range[0], Math.trunc(values[i]!)));
  return pack(type, dims, values);
}

/** Numbers of any wire tensor (float16 decoded, 64-bit integers as doubles): for comparing and showing. */
export function toNumbers(tensor: WireTensor): number[] {
  if (tensor.type === 'string') return [];
  if (tensor.type === 'float16') return Array.from(tensor.data, fromHalf);
  return Array.from(tensor.data as ArrayLike<number | bigint>, Number);
}

// --- JSON --------------------------------------------------------------------------------

/** A JSON number, boolean or nested array as a tensor of `type`; the dims come from the nesting. */
export function fromJson(text: string, type: NumericTensorType): WireTensor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LabProblem('json-invalid', error instanceof Error ? error.message : String(error));
  }
  const dims: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) dims.push(v.length);
  const flat: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === dims.length) {
      if (typeof v === 'boolean') flat.push(v ? 1 : 0);
      else if (typeof v === 'number' && Number.isFinite(v)) flat.push(v);
      else throw new LabProblem('json-invalid', `${path || 'the value'} is ${JSON.stringify(v)}, not a number`);
      return;
    }
    if (!Array.isArray(v) || v.length !== dims[depth]) throw new LabProblem('json-ragged', `${path || 'the array'} should have ${dims[depth]} entries: the arrays are not rectangular`);
    v.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
  };
  walk(value, 0, '');
  if (type in INTEGER) {
    const bad = flat.findIndex((x) => !Number.isInteger(x));
    if (bad >= 0) throw new LabProblem('json-not-integer', `value ${flat[bad]} (element ${bad}) is not an integer, and the input is ${type}`);
  }
  return pack(type, dims, flat);
}

// --- pictures ----------------------------------------------------------------------------

export type Layout = 'NCHW' | 'NHWC';
export type Normalize = 'unit' | 'imagenet' | 'raw';

/** NCHW when the channel axis (1 or 3 channels) comes second, NHWC when it comes last. */
export function imageLayout(dims: readonly DimFact[] | null): Layout | undefined {
  if (!dims || dims.length !== 4) return undefined;
  if (dims[1] === 3 || dims[1] === 1) return 'NCHW';
  if (dims[3] === 3 || dims[3] === 1) return 'NHWC';
  return undefined;
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * Packs RGBA pixels, already resized to the input's height × width, into a [1,C,H,W] or
 * [1,H,W,C] tensor. `unit` scales to [0, 1], `imagenet` also subtracts ImageNet's mean and
 * divides by its std, `raw` keeps 0–255 (the default for integer inputs).
 */
export function imageToTensor(rgba: ArrayLike<number>, dims: readonly number[], layout: Layout, type: NumericTensorType, normalize: Normalize): WireTensor {
  const [, a, b, c] = dims as [number, number, number, number];
  const [channels, height, width] = layout === 'NCHW' ? [a, b, c] : [c, a, b];
  if (rgba.length !== width * height * 4) throw new LabProblem('image-layout', `${rgba.length / 4} pixels given for a ${width}×${height} input`);
  const values = new Float64Array(channels * height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      for (let ch = 0; ch < channels; ch++) {
        // One channel: the luminance (Rec. 601), as most greyscale models were trained on.
        const raw = channels === 1 ? 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]! : rgba[p + ch]!;
        const v = normalize === 'raw' ? raw : normalize === 'unit' ? raw / 255 : (raw / 255 - MEAN[ch % 3]!) / STD[ch % 3]!;
        const index = layout === 'NCHW' ? ch * height * width + y * width + x : (y * width + x) * channels + ch;
        values[index] = v;
      }
    }
  }
  return pack(type, [...dims], values);
}
