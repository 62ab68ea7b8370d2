/**
 * KServe v2 (Open Inference Protocol) codec: infer requests and responses in JSON and with
 * Triton's binary tensor extension, to and from our `WireTensor`. Pure and shared: the
 * browser's datacenter client and the Node server use this one file, so both ends agree
 * byte for byte. Only Uint8Array/DataView/TextEncoder: no Node `Buffer`, no DOM types.
 * Reference: /work/shared/KSERVE-V2.md (Triton `docs/protocol/extension_binary_data.md`).
 */
import { elementCount, type NamedTensors, type TensorType, type WireTensor } from './tensor.ts';

/** The v2 datatypes we speak. FP16 can only travel binary. */
export type V2Datatype =
  | 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32' | 'INT64'
  | 'FP16' | 'FP32' | 'FP64' | 'BYTES';

const DATATYPE_OF: Record<TensorType, V2Datatype> = {
  bool: 'BOOL', uint8: 'UINT8', uint16: 'UINT16', uint32: 'UINT32', uint64: 'UINT64',
  int8: 'INT8', int16: 'INT16', int32: 'INT32', int64: 'INT64',
  float16: 'FP16', float32: 'FP32', float64: 'FP64', string: 'BYTES',
};
const TYPE_OF = Object.fromEntries(Object.entries(DATATYPE_OF).map(([t, d]) => [d, t])) as Record<V2Datatype, TensorType>;

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

/** The header that tells where the JSON ends and the binary blobs begin. */
export const HEADER_LENGTH = 'Inference-Header-Content-Length';
/** Nesting deeper than this is refused before parsing (Triton: "JSON nested too deep"). */
export const MAX_JSON_DEPTH = 64;

export interface EncodedMessage { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }

// Numeric tensors go on the wire as their own bytes: v2 is little-endian, and so is every
// host we run on (x86, ARM). A big-endian host would need a byte swap here.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const bad = (message: string) => new V2Error(400, message);
const forModel = (model?: string) => (model ? ` for model '${model}'` : '');

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array,
  int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array,
  int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array,
} as const;

/** BYTES elements: each a 4-byte little-endian length, then its UTF-8 bytes. */
function encodeStrings(values: readonly string[]): Uint8Array {
  const parts = values.map((v) => encoder.encode(v));
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length, true);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

function decodeStrings(bytes: Uint8Array, count: number, name: string): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) throw bad(`incomplete BYTES element length for tensor '${name}'`);
    const length = view.getUint32(at, true);
    if (at + 4 + length > bytes.length) throw bad(`BYTES element of ${length} bytes overruns tensor '${name}'`);
    try {
      out.push(decoder.decode(bytes.subarray(at + 4, at + 4 + length)));
    } catch {
      throw bad(`BYTES element of tensor '${name}' is not valid UTF-8`);
    }
    at += 4 + length;
  }
  if (out.length !== count) throw bad(`tensor '${name}' holds ${out.length} BYTES elements, its shape needs ${count}`);
  return out;
}

/** The raw bytes of a tensor as sent in a binary blob. */
export function tensorBytes(t: WireTensor): Uint8Array {
  if (t.type === 'string') return encodeStrings(t.data);
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
function tensorFromBytes(type: TensorType, name: string, shape: number[], bytes: Uint8Array, model?: string): WireTensor {
  const count = checkedCount(name, shape, model);
  if (type === 'string') return { type, dims: shape, data: decodeStrings(bytes, count, name) };
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
function tensorFromJson(type: TensorType, name: string, shape: number[], data: unknown, model?: string): WireTensor {
  if (type === 'float16') throw bad(`receiving FP16 data via JSON is not supported. Please use the binary data format for input '${name}'`);
  if (!Array.isArray(data)) throw bad(`tensor '${name}' has no 'data' array and no binary data`);
  const count = checkedCount(name, shape, model);
  const flat: unknown[] = data.flat(MAX_JSON_DEPTH);
  if (flat.length !== count) {
    throw bad(`unexpected number of elements for tensor '${name}'${forModel(model)}. Expected ${count}, got ${flat.length}`);
  }
  const wrong = (v: unknown) => bad(`tensor '${name}' of type ${DATATYPE_OF[type]} cannot hold the value ${JSON.stringify(v)}`);
  if (type === 'string') {
    if (!flat.every((v) => typeof v === 'string')) throw bad(`tensor '${name}' of type BYTES needs string elements`);
    return { type, dims: shape, data: flat as string[] };
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
function tensorToJson(name: string, t: WireTensor): unknown[] {
  switch (t.type) {
    case 'float16':
      throw bad(`sending FP16 data via JSON is not supported. Please use the binary data format for output '${name}'`);
    case 'string':
      return t.data;
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

/** Refuses JSON nested deeper than `max` with one linear scan, before JSON.parse sees it. */
export function checkJsonDepth(bytes: Uint8Array, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw bad(`JSON nested too deep: more than ${max} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** Splits a body into its JSON header and the binary blobs after it. */
function splitBody(body: Uint8Array, headerLength: number | undefined): { header: Record<string, unknown>; blobs: Uint8Array } {
  let jsonEnd = body.length;
  if (headerLength !== undefined) {
    if (!Number.isSafeInteger(headerLength) || headerLength <= 0 || headerLength > body.length) {
      throw bad(`inference header size should be in range (0, ${body.length}], got: ${headerLength}`);
    }
    jsonEnd = headerLength;
  }
  const json = body.subarray(0, jsonEnd);
  checkJsonDepth(json);
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(json));
  } catch (error) {
    throw bad(`failed to parse the JSON header: ${(error as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw bad('the JSON header must be an object');
  return { header: header as Record<string, unknown>, blobs: body.subarray(jsonEnd) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `inputs` or `outputs` tensors from a parsed header, consuming binary blobs in order. */
function readTensors(list: unknown, blobs: Uint8Array, key: string, model?: string): NamedTensors {
  if (!Array.isArray(list)) throw bad(`'${key}' must be an array of tensors`);
  const tensors: NamedTensors = {};
  let at = 0;
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string') throw bad(`each of '${key}' needs a string 'name'`);
    const { name, datatype, shape, parameters, data } = item;
    if (Object.hasOwn(tensors, name)) throw bad(`duplicate tensor '${name}' in '${key}'`);
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) throw bad(`tensor '${name}' needs a numeric 'shape' array`);
    const type = typeof datatype === 'string' ? fromV2Datatype(datatype) : undefined;
    if (!type) throw bad(`tensor '${name}' has unknown datatype ${JSON.stringify(datatype)}`);
    const size = isRecord(parameters) ? parameters.binary_data_size : undefined;
    if (size === undefined) {
      tensors[name] = tensorFromJson(type, name, shape, data, model);
      continue;
    }
    if (data !== undefined) throw bad(`unexpected explicit tensor data for tensor '${name}'${forModel(model)}, binary data was already supplied`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || at + size > blobs.length) {
      throw bad(`tensor '${name}' declares binary_data_size ${JSON.stringify(size)} but only ${blobs.length - at} bytes remain`);
    }
    tensors[name] = tensorFromBytes(type, name, shape, blobs.subarray(at, at + size), model);
    at += size;
  }
  if (at !== blobs.length) throw bad(`unexpected additional binary data: ${blobs.length - at} bytes after the last tensor`);
  return tensors;
}

/** Builds one message: JSON header, then the blobs of the tensors sent binary. */
function encodeMessage(header: Record<string, unknown>, key: string, tensors: NamedTensors, binary: (name: string) => boolean): EncodedMessage {
  const blobs: Uint8Array[] = [];
  header[key] = Object.entries(tensors).map(([name, t]): V2TensorJson => {
    const entry: V2TensorJson = { name, shape: t.dims, datatype: DATATYPE_OF[t.type] };
    if (!binary(name)) return { ...entry, data: tensorToJson(name, t) };
    const bytes = tensorBytes(t);
    blobs.push(bytes);
    return { ...entry, parameters: { binary_data_size: bytes.length } };
  });
  const json = encoder.encode(JSON.stringify(header));
  if (blobs.length === 0) return { body: json, headers: { 'Content-Type': 'application/json' } };
  const body = new Uint8Array(json.length + blobs.reduce((n, b) => n + b.length, 0));
  body.set(json);
  let at = json.length;
  for (const b of blobs) {
    body.set(b, at);
    at += b.length;
  }
  return { body, headers: { 'Content-Type': 'application/octet-stream', [HEADER_LENGTH]: String(json.length) } };
}

export interface EncodeRequestOptions {
  /** Send the inputs as binary blobs (needed for FP16, much smaller for large tensors). */
  binary: boolean;
  /** Outputs to return, in order; omitted means all the model's outputs. */
  outputs?: string[];
  /** Ask for outputs as binary blobs; defaults to `binary`. */
  binaryOutputs?: boolean;
  id?: string;
}

/** Client side: an infer request body and the headers to send with it. */
export function encodeInferRequest(inputs: NamedTensors, options: EncodeRequestOptions): EncodedMessage {
  const binaryOutputs = options.binaryOutputs ?? options.binary;
  const header: Record<string, unknown> = {};
  if (options.id !== undefined) header.id = options.id;
  if (binaryOutputs) header.parameters = { binary_data_output: true };
  if (options.outputs) header.outputs = options.outputs.map((name) => ({ name, parameters: { binary_data: binaryOutputs } }));
  return encodeMessage(header, 'inputs', inputs, () => options.binary);
}

export interface InferResult { modelName: string; modelVersion?: string; id?: string; outputs: NamedTensors }

/** Client side: reads a response body; `inferenceHeaderLength` is its Inference-Header-Content-Length. */
export function decodeInferResponse(body: Uint8Array, inferenceHeaderLength: number | undefined): InferResult {
  try {
    const { header, blobs } = splitBody(body, inferenceHeaderLength);
    if (typeof header.model_name !== 'string') throw bad("response has no 'model_name'");
    const result: InferResult = { modelName: header.model_name, outputs: readTensors(header.outputs, blobs, 'outputs') };
    if (typeof header.model_version === 'string') result.modelVersion = header.model_version;
    if (typeof header.id === 'string') result.id = header.id;
    return result;
  } catch (error) {
    // A response we cannot read is the server's fault, not the caller's: 502 Bad Gateway.
    if (error instanceof V2Error) throw new V2Error(502, `invalid inference response: ${error.message}`);
    throw error;
  }
}

/** What a server needs from a request: inputs, the outputs asked for and how each is sent. */
export interface DecodedInferRequest {
  id?: string;
  inputs: NamedTensors;
  /** Output names in the order asked for; undefined means all outputs. */
  outputs?: string[];
  /** `parameters.binary_data_output`: the default for every output. */
  binaryOutputDefault: boolean;
  /** Per-output `binary_data`, which wins over the default. */
  binaryByOutput: Record<string, boolean>;
}

/** Server side: decodes and validates an infer request (400 `V2Error` on any fault). */
export function decodeInferRequest(body: Uint8Array, inferenceHeaderLength: number | undefined, modelName?: string): DecodedInferRequest {
  const { header, blobs } = splitBody(body, inferenceHeaderLength);
  const request: DecodedInferRequest = {
    inputs: readTensors(header.inputs, blobs, 'inputs', modelName),
    binaryOutputDefault: isRecord(header.parameters) && header.parameters.binary_data_output === true,
    binaryByOutput: {},
  };
  if (header.id !== undefined) {
    if (typeof header.id !== 'string') throw bad("'id' must be a string");
    request.id = header.id;
  }
  if (header.outputs !== undefined) {
    if (!Array.isArray(header.outputs)) throw bad("'outputs' must be an array");
    request.outputs = [];
    for (const o of header.outputs) {
      if (!isRecord(o) || typeof o.name !== 'string') throw bad("each requested output needs a string 'name'");
      if (request.outputs.includes(o.name)) throw bad(`duplicate inference output '${o.name}'${forModel(modelName)}`);
      request.outputs.push(o.name);
      const flag = isRecord(o.parameters) ? o.parameters.binary_data : undefined;
      if (typeof flag === 'boolean') request.binaryByOutput[o.name] = flag;
    }
  }
  return request;
}

/** Whether an output goes back binary: its own `binary_data` wins, else `binary_data_output`. */
export function wantsBinary(request: Pick<DecodedInferRequest, 'binaryOutputDefault' | 'binaryByOutput'>, name: string): boolean {
  return Object.hasOwn(request.binaryByOutput, name) ? request.binaryByOutput[name] === true : request.binaryOutputDefault;
}

/** Server side: the response body and headers (binary when any output is sent binary). */
export function encodeInferResponse(
  result: InferResult,
  request: Pick<DecodedInferRequest, 'binaryOutputDefault' | 'binaryByOutput'> = { binaryOutputDefault: false, binaryByOutput: {} },
): EncodedMessage {
  const header: Record<string, unknown> = { model_name: result.modelName };
  if (result.modelVersion !== undefined) header.model_version = result.modelVersion;
  if (result.id !== undefined) header.id = result.id;
  return encodeMessage(header, 'outputs', result.outputs, (name) => wantsBinary(request, name));
}
