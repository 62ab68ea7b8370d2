/**
 * The wire tensor: what crosses the worker boundary and (later) the KServe v2 codec.
 * Plain data only (no ORT objects, no DOM types) so it can be transferred, not copied.
 */

/** Element types the engine moves. Names follow onnxruntime's `Tensor.Type`. */
export type TensorType =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string'
  // v2 BYTES kept as raw bytes (an encoded photo or WAV in a pipeline model's input); ORT
  // never sees it: its own string tensors are `string`.
  | 'bytes';

export interface TensorDataByType {
  float32: Float32Array;
  float64: Float64Array;
  // float16 travels as its raw bits: Float16Array is not in every browser yet.
  float16: Uint16Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
  string: string[];
  bytes: Uint8Array[];
}

export type WireTensorOf<T extends TensorType> = { type: T; dims: number[]; data: TensorDataByType[T] };

/** `{type, dims, data}`: one tensor, row-major, on the CPU. */
export type WireTensor = { [T in TensorType]: WireTensorOf<T> }[TensorType];

export type NamedTensors = Record<string, WireTensor>;

const ARRAY_BY_TYPE = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
} as const;

export type NumericTensorType = keyof typeof ARRAY_BY_TYPE;

/** Bytes per element; `string` has none (variable length). */
export function bytesPerElement(type: NumericTensorType): number {
  return ARRAY_BY_TYPE[type].BYTES_PER_ELEMENT;
}

/** Number of elements a shape holds; throws on negative, fractional or overflowing dims. */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`invalid dimension ${d} in [${dims.join(',')}]`);
    count *= d;
    if (!Number.isSafeInteger(count)) throw new RangeError(`shape [${dims.join(',')}] has too many elements`);
  }
  return count;
}

/** Throws a RangeError naming the tensor when `data` does not hold `dims`' element count. */
export function assertWellFormed(name: string, t: WireTensor): void {
  const expected = elementCount(t.dims);
  if (t.data.length !== expected) {
    throw new RangeError(`tensor '${name}' has ${t.data.length} elements but shape [${t.dims.join(',')}] needs ${expected}`);
  }
}

/**
 * The buffers to hand to `postMessage`/Comlink `transfer()` so tensor data moves instead of
 * being copied. A buffer shared by two tensors is listed once (listing it twice throws).
 */
export function transferablesOf(tensors: Iterable<WireTensor>): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const t of tensors) {
    if (t.type === 'string' || t.type === 'bytes') continue;
    const buffer = t.data.buffer;
    // A SharedArrayBuffer cannot be transferred, and does not need to be.
    if (buffer instanceof ArrayBuffer) seen.add(buffer);
  }
  return [...seen];
}

/**
 * Copies of the tensors with buffers of their own, to transfer while the originals stay
 * usable. A typed-array copy is a memcpy; structured cloning the same data in postMessage
 * cost ~10x more per call (bench/, docs/BENCHMARKS.md).
 */
export function copyTensors(tensors: NamedTensors): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (t.type === 'string') out[name] = { ...t, data: [...t.data] };
    else if (t.type === 'bytes') out[name] = { ...t, data: t.data.map((element) => element.slice()) };
    else out[name] = { ...t, data: t.data.slice() } as WireTensor;
  }
  return out;
}

/** A tensor onnxruntime can take: every type but raw `bytes`. */
export type OrtReadyTensor = Exclude<WireTensor, WireTensorOf<'bytes'>>;

const utf8 = new TextDecoder();

/** The tensor as onnxruntime takes it: raw BYTES become its string tensor (UTF-8 text). */
export function ortReady(t: WireTensor): OrtReadyTensor {
  return t.type === 'bytes' ? { type: 'string', dims: t.dims, data: t.data.map((element) => utf8.decode(element)) } : t;
}
