/**
 * KServe v2 tensors: the datatypes, the protocol error, and one tensor to and from its JSON
 * `data` or its binary blob. The message framing (headers, blobs in order, requests and
 * responses) is in kserve-v2.ts, which re-exports what callers need from here.
 */
import { elementCount, packBytes, packedAt, packedCount, type PackedBytes, type TensorType, type WireTensor } from './tensor.ts';

/** The v2 datatypes we speak. FP16 can only travel binary. */
export type V2Datatype =
  | 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32' | 'INT64'
  | 'FP16' | 'FP32' | 'FP64' | 'BYTES';

const DATATYPE_OF: Record<TensorType, V2Datatype> = {
  bool: 'BOOL', uint8: 'UINT8', uint16: 'UINT16', uint32: 'UINT32', uint64: 'UINT64',
  int8: 'INT8', int16: 'INT16', int32: 'INT32', int64: 'INT64',
  float16: 'FP16', float32: 'FP32', float64: 'FP64', string: 'BYTES', bytes: 'BYTES',
};
// BYTES arrives as text (`string`) unless the reader asks for raw bytes (see `rawBytes`).
const TYPE_OF = Object.fromEntries(Object.entries(DATATYPE_OF).filter(([t]) => t !== 'bytes').map(([t, d]) => [d, t])) as Record<V2Datatype, TensorType>;

/** Nesting deeper than this is refused before parsing (Triton: "JSON nested too deep"). */
export const MAX_JSON_DEPTH = 64;
/**
 * Values a request's JSON may hold (each '[' or '{' opens one, each ',' adds one), counted
 * before parsing. JSON.parse costs 0.05-0.4 µs and 8-100 bytes per value, so 63 MB of
 * `[{},{},…]` stalled the event loop for 16 s. 2^22 is more than three times the largest
 * JSON tensor we expect (1×3×640×640 FP32: 1,228,800 numbers) and parses in 1-2 s at worst
 * on the development VM; anything larger belongs in the binary extension, which is never parsed.
 */
export const MAX_JSON_VALUES = 2 ** 22;
/**
 * Arrays and objects a request's JSON may hold. They cost the most to parse (~0.5 µs and
 * ~100 bytes each); a request needs a handful, plus one per row when `data` is nested
 * (1,925 for a nested 1×3×640×640), so 2^18 only refuses deeply row-split data or junk.
 */
export const MAX_JSON_CONTAINERS = 2 ** 18;

/** The v2 name of a wire tensor type (`float32` → `FP32`, `string` → `BYTES`). */
export const toV2Datatype = (type: TensorType): V2Datatype => DATATYPE_OF[type];
/** The wire type of a v2 datatype, or undefined for a name we do not know. */
export const fromV2Datatype = (datatype: string): TensorType | undefined =>
  Object.hasOwn(TYPE_OF, datatype) ? TYPE_OF[datatype as V2Datatype] : undefined;

/** A protocol error with the HTTP status Triton would answer (400 bad input, 413, 503, ...). */
export class V2Error extends Error {
  override readonly name = 'V2Error';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export type V2Parameters = Record<string, string | number | boolean>;
/** One tensor in the JSON part of a request or response. Binary tensors carry no `data`. */
export interface V2TensorJson { name: string; shape: number[]; datatype: string; parameters?: V2Parameters; data?: unknown[] }


// Numeric tensors go on the wire as their own bytes: v2 is little-endian, and so is every
// host we run on (x86, ARM). A big-endian host would need a byte swap here.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
/** A 400: the caller sent something Triton would refuse. */
export const bad = (message: string) => new V2Error(400, message);
/** " for model 'm'" in messages, as Triton words them. */
export const forModel = (model?: string) => (model ? ` for model '${model}'` : '');

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array,
  int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array,
  int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array,
} as const;

/** BYTES elements: each a 4-byte little-endian length, then its bytes (UTF-8 for text). */
function encodeElements(packed: PackedBytes): Uint8Array {
  const count = packedCount(packed);
  const out = new Uint8Array(4 * count + packed.bytes.length);
  const view = new DataView(out.buffer);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const element = packedAt(packed, i);
    view.setUint32(at, element.length, true);
    out.set(element, at + 4);
    at += 4 + element.length;
  }
  return out;
}

/**
 * A BYTES blob packed into one fresh buffer (the blob may sit in a pooled Node Buffer): one
 * pass checks the framing and counts, one fills the offsets and copies; no object per element.
 */
function packElements(blob: Uint8Array, count: number, name: string): PackedBytes {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  let elements = 0;
  let total = 0;
  for (let at = 0; at < blob.length; elements++) {
    if (at + 4 > blob.length) throw bad(`incomplete BYTES element length for tensor '${name}'`);
    const length = view.getUint32(at, true);
    if (at + 4 + length > blob.length) throw bad(`BYTES element of ${length} bytes overruns tensor '${name}'`);
    total += length;
    at += 4 + length;
  }
  if (elements !== count) throw bad(`tensor '${name}' holds ${elements} BYTES elements, its shape needs ${count}`);
  const offsets = new Uint32Array(count + 1);
  const bytes = new Uint8Array(total);
  for (let i = 0, at = 0, end = 0; i < count; i++) {
    const length = view.getUint32(at, true);
    offsets[i] = end;
    // A view per element costs an object each: short elements (the common case) copy by hand.
    if (length > 32) bytes.set(blob.subarray(at + 4, at + 4 + length), end);
    else for (let k = 0; k < length; k++) bytes[end + k] = blob[at + 4 + k]!;
    end += length;
    at += 4 + length;
  }
  offsets[count] = total;
  return { bytes, offsets };
}

function decodeStrings(blob: Uint8Array, count: number, name: string): string[] {
  const packed = packElements(blob, count, name);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    try {
      out[i] = decoder.decode(packedAt(packed, i));
    } catch {
      throw bad(`BYTES element of tensor '${name}' is not valid UTF-8`);
    }
  }
  return out;
}

/** The raw bytes of a tensor as sent in a binary blob. */
export function tensorBytes(t: WireTensor): Uint8Array {
  if (t.type === 'string') return encodeElements(packBytes(t.data.map((v) => encoder.encode(v))));
  if (t.type === 'bytes') return encodeElements(t.data);
  if (!LITTLE_ENDIAN) throw new V2Error(501, 'binary tensors need a little-endian host');
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function checkedCount(name: string, shape: number[], model?: string): number {
  try {
    return elementCount(shape);
  } catch (error) {
    throw bad(`invalid shape for tensor '${name}'${forModel(model)}: ${(error as Error).message}`);
  }
}

/** A tensor from a binary blob; the blob's size must match the shape exactly (Triton's check). */
export function tensorFromBytes(type: TensorType, name: string, shape: number[], bytes: Uint8Array, model?: string): WireTensor {
  const count = checkedCount(name, shape, model);
  if (type === 'string') return { type, dims: shape, data: decodeStrings(bytes, count, name) };
  if (type === 'bytes') return { type, dims: shape, data: packElements(bytes, count, name) };
  const Array_ = ARRAYS[type];
  const expected = count * Array_.BYTES_PER_ELEMENT;
  if (bytes.length !== expected) {
    throw bad(`input byte size mismatch for input '${name}'${forModel(model)}. Expected ${expected}, got ${bytes.length}`);
  }
  if (!LITTLE_ENDIAN) throw new V2Error(501, 'binary tensors need a little-endian host');
  // Copy into a fresh, aligned buffer of our own: a blob may start at any byte offset, and
  // in Node `bytes` may be a Buffer whose slice() would share (and later transfer) its pool.
  return { type, dims: shape, data: new Array_(new Uint8Array(bytes).buffer) } as WireTensor;
}

const SPECIAL_FLOATS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * A tensor from JSON `data` (flat or nested, row-major). Strict JSON has no NaN or Infinity,
 * so floats also accept the strings "NaN", "Infinity", "-Infinity" (and we send those).
 */
export function tensorFromJson(type: TensorType, name: string, shape: number[], data: unknown, model?: string): WireTensor {
  if (type === 'float16') throw bad(`receiving FP16 data via JSON is not supported. Please use the binary data format for input '${name}'`);
  if (!Array.isArray(data)) throw bad(`tensor '${name}' has no 'data' array and no binary data`);
  const count = checkedCount(name, shape, model);
  const flat: unknown[] = data.flat(MAX_JSON_DEPTH);
  if (flat.length !== count) {
    throw bad(`unexpected number of elements for tensor '${name}'${forModel(model)}. Expected ${count}, got ${flat.length}`);
  }
  const wrong = (v: unknown) => bad(`tensor '${name}' of type ${DATATYPE_OF[type]} cannot hold the value ${JSON.stringify(v)}`);
  if (type === 'string' || type === 'bytes') {
    if (!flat.every((v) => typeof v === 'string')) throw bad(`tensor '${name}' of type BYTES needs string elements`);
    const strings = flat as string[];
    return type === 'string' ? { type, dims: shape, data: strings } : { type, dims: shape, data: packBytes(strings.map((v) => encoder.encode(v))) };
  }
  const out = new ARRAYS[type](count);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) {
      const v = flat[i];
      if (typeof v !== 'number' || !Number.isInteger(v)) throw wrong(v);
      out[i] = BigInt(v);
      // Assigning wraps out-of-range integers silently; reading back catches it.
      if (out[i] !== BigInt(v)) throw wrong(v);
    }
  } else {
    const isFloat = type === 'float32' || type === 'float64';
    for (let i = 0; i < count; i++) {
      const v = flat[i];
      let n: unknown = v;
      if (type === 'bool') n = typeof v === 'boolean' ? Number(v) : undefined;
      else if (isFloat && typeof v === 'string' && Object.hasOwn(SPECIAL_FLOATS, v)) n = SPECIAL_FLOATS[v];
      if (typeof n !== 'number' || (!isFloat && !Number.isInteger(n))) throw wrong(v);
      out[i] = n;
      if (!isFloat && out[i] !== n) throw wrong(v); // wrapped: out of range for the type
    }
  }
  return { type, dims: shape, data: out } as WireTensor;
}

/** JSON `data` for a tensor (flat). FP16 cannot travel as JSON; int64 beyond 2^53 loses precision. */
export function tensorToJson(name: string, t: WireTensor): unknown[] {
  switch (t.type) {
    case 'float16':
      throw bad(`sending FP16 data via JSON is not supported. Please use the binary data format for output '${name}'`);
    case 'string':
      return t.data;
    case 'bytes':
      return Array.from({ length: packedCount(t.data) }, (_, i) => {
        try {
          return decoder.decode(packedAt(t.data, i));
        } catch {
          throw bad(`element ${i} of BYTES tensor '${name}' is not text: ask for it with binary_data`);
        }
      });
    case 'bool':
      return Array.from(t.data, (v) => v !== 0);
    case 'int64':
    case 'uint64':
      return Array.from(t.data, Number);
    case 'float32':
    case 'float64':
      return Array.from(t.data, (v) => (Number.isFinite(v) ? v : String(v)));
    default:
      return Array.from(t.data);
  }
}
