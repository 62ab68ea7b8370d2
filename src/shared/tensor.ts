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
  // v2 BYTES as raw bytes, packed (PackedBytes): what the server reads and sends, an encoded
  // photo or WAV in a job. ORT takes it as text (ortReady); `string` is for small tensors
  // the app itself makes.
  | 'bytes';

/**
 * BYTES elements in one buffer: element i is `bytes.subarray(offsets[i], offsets[i + 1])`.
 * 16 M empty elements are 64 MB of offsets, not 16 M objects (one Uint8Array each cost
 * ~160× the data and a 12 s stall), and both buffers can be transferred to a worker.
 */
export interface PackedBytes {
  bytes: Uint8Array;
  /** Element starts, and the end of the last one: length = elements + 1. */
  offsets: Uint32Array;
}

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
  bytes: PackedBytes;
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

/** Packs elements into one fresh buffer (never a view on the caller's, so it can be transferred). */
export function packBytes(elements: readonly Uint8Array[]): PackedBytes {
  const offsets = new Uint32Array(elements.length + 1);
  let total = 0;
  elements.forEach((element, i) => {
    offsets[i] = total;
    total += element.length;
  });
  offsets[elements.length] = total;
  const bytes = new Uint8Array(total);
  elements.forEach((element, i) => bytes.set(element, offsets[i]));
  return { bytes, offsets };
}

/** How many elements a packed tensor holds. */
export const packedCount = (p: PackedBytes): number => Math.max(0, p.offsets.length - 1);

/** Element i of a packed tensor (a view, not a copy). */
export const packedAt = (p: PackedBytes, i: number): Uint8Array => p.bytes.subarray(p.offsets[i], p.offsets[i + 1]);

/** Every element as a view: for the few-element tensors of a job, never for a client's. */
export const unpackBytes = (p: PackedBytes): Uint8Array[] => Array.from({ length: packedCount(p) }, (_, i) => packedAt(p, i));

/** Elements a tensor's data holds. */
export const dataLength = (t: WireTensor): number => (t.type === 'bytes' ? packedCount(t.data) : t.data.length);

/** Throws a RangeError naming the tensor when `data` does not hold `dims`' element count. */
export function assertWellFormed(name: string, t: WireTensor): void {
  const expected = elementCount(t.dims);
  const length = dataLength(t);
  if (length !== expected) {
    throw new RangeError(`tensor '${name}' has ${length} elements but shape [${t.dims.join(',')}] needs ${expected}`);
  }
}

/**
 * The buffers to hand to `postMessage`/Comlink `transfer()` so tensor data moves instead of
 * being copied. A buffer shared by two tensors is listed once (listing it twice throws).
 */
export function transferablesOf(tensors: Iterable<WireTensor>): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const t of tensors) {
    if (t.type === 'string') continue;
    const buffers = t.type === 'bytes' ? [t.data.bytes.buffer, t.data.offsets.buffer] : [t.data.buffer];
    // A SharedArrayBuffer cannot be transferred, and does not need to be.
    for (const buffer of buffers) if (buffer instanceof ArrayBuffer) seen.add(buffer);
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
    else if (t.type === 'bytes') out[name] = { ...t, data: { bytes: t.data.bytes.slice(), offsets: t.data.offsets.slice() } };
    else out[name] = { ...t, data: t.data.slice() } as WireTensor;
  }
  return out;
}

/** A tensor onnxruntime can take: every type but raw `bytes`. */
export type OrtReadyTensor = Exclude<WireTensor, WireTensorOf<'bytes'>>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The tensor as onnxruntime takes it: raw BYTES become its string tensor (UTF-8 text). This
 * is the one place a client's BYTES become one object per element, just before onnxruntime
 * copies them into its own strings.
 */
export function ortReady(t: WireTensor): OrtReadyTensor {
  if (t.type !== 'bytes') return t;
  const { bytes, offsets } = t.data;
  const data = new Array<string>(packedCount(t.data));
  // ASCII (the usual text): one decode of the whole buffer, then substrings; a decode per
  // element would make a view object each.
  if (bytes.every((b) => b < 0x80)) {
    const all = utf8.decode(bytes);
    for (let i = 0; i < data.length; i++) data[i] = all.slice(offsets[i], offsets[i + 1]);
    return { type: 'string', dims: t.dims, data };
  }
  for (let i = 0; i < data.length; i++) {
    try {
      data[i] = utf8.decode(packedAt(t.data, i));
    } catch {
      throw new RangeError(`BYTES element ${i} is not valid UTF-8: onnxruntime takes text`);
    }
  }
  return { type: 'string', dims: t.dims, data };
}

const utf8Encoder = new TextEncoder();

/** Bytes `s` takes in UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD: 3 bytes). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * onnxruntime's string output packed for the trip back (see PackedBytes): one encode of all
 * the strings joined, offsets from each one's UTF-8 length; no array per element.
 */
export function packStrings(dims: number[], strings: readonly string[]): WireTensorOf<'bytes'> {
  const offsets = new Uint32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = offsets[i]! + utf8Length(strings[i]!);
  const bytes = utf8Encoder.encode(strings.join(''));
  // Halves of a surrogate pair split across two elements join into one character: then encode one by one.
  if (bytes.length !== offsets[strings.length]) return { type: 'bytes', dims, data: packBytes(strings.map((s) => utf8Encoder.encode(s))) };
  return { type: 'bytes', dims, data: { bytes, offsets } };
}
