/**
 * KServe v2 (Open Inference Protocol) codec: infer requests and responses in JSON and with
 * Triton's binary tensor extension, to and from our `WireTensor`. Pure and shared: the
 * browser's datacenter client and the Node server use this one codec, so both ends agree
 * byte for byte. Only Uint8Array/DataView/TextEncoder: no Node `Buffer`, no DOM types.
 * This file frames messages; one tensor's encoding is in kserve-v2-tensors.ts.
 * Reference: /work/shared/KSERVE-V2.md (Triton `docs/protocol/extension_binary_data.md`).
 */
import { BoundedMemo } from './bounded-memo.ts';
import type { NamedTensors } from './tensor.ts';
import {
  MAX_JSON_CONTAINERS,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
  V2Error,
  bad,
  forModel,
  fromV2Datatype,
  tensorBytes,
  tensorFromBytes,
  tensorFromJson,
  tensorToJson,
  toV2Datatype,
  type V2TensorJson,
} from './kserve-v2-tensors.ts';

export { MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, MAX_JSON_VALUES, V2Error, fromV2Datatype, tensorBytes, toV2Datatype } from './kserve-v2-tensors.ts';
export type { V2Datatype, V2Parameters, V2TensorJson } from './kserve-v2-tensors.ts';

/** The header that tells where the JSON ends and the binary blobs begin. */
export const HEADER_LENGTH = 'Inference-Header-Content-Length';

export interface EncodedMessage { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const ASCII = /^[\x00-\x7f]*$/;

/**
 * What the pre-parse scan allows. A response is only checked for depth: it comes from the
 * server the client chose, and an output's size is the model's, not a caller's.
 */
export interface JsonLimits { depth: number; values: number; containers: number }
export const REQUEST_JSON_LIMITS: JsonLimits = { depth: MAX_JSON_DEPTH, values: MAX_JSON_VALUES, containers: MAX_JSON_CONTAINERS };
const RESPONSE_JSON_LIMITS: JsonLimits = { depth: MAX_JSON_DEPTH, values: Infinity, containers: Infinity };

/**
 * Refuses JSON nested too deep or holding too many values with one linear scan, before
 * JSON.parse sees it: a bad body costs milliseconds, not seconds and gigabytes.
 */
export function checkJson(bytes: Uint8Array, limits: JsonLimits = REQUEST_JSON_LIMITS): void {
  let depth = 0;
  let values = 0;
  let containers = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x2c) {
      if (++values > limits.values) throw tooManyValues(limits.values);
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limits.depth) throw bad(`JSON nested too deep: more than ${limits.depth} levels`);
      if (++values > limits.values) throw tooManyValues(limits.values);
      if (++containers > limits.containers) {
        throw bad(`JSON holds more than ${limits.containers} arrays and objects; send tensor 'data' flat, or use the binary tensor extension`);
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

const tooManyValues = (max: number) => bad(`JSON holds more than ${max} values; send large tensors with the binary tensor extension`);

/** Splits a body into its JSON header and the binary blobs after it. */
function splitBody(body: Uint8Array, headerLength: number | undefined, limits: JsonLimits): { header: Record<string, unknown>; blobs: Uint8Array } {
  let jsonEnd = body.length;
  if (headerLength !== undefined) {
    if (!Number.isSafeInteger(headerLength) || headerLength <= 0 || headerLength > body.length) {
      throw bad(`inference header size should be in range (0, ${body.length}], got: ${headerLength}`);
    }
    jsonEnd = headerLength;
  }
  return { header: parseHeader(body.subarray(0, jsonEnd), limits), blobs: body.subarray(jsonEnd) };
}

/**
 * Parsed request headers by their text. A client sends the same header again and again (it
 * changes only with the shapes or options), and parsing it cost a tiny model's request
 * ~2 µs of the server's main thread. Only small headers, a bounded number of them, frozen
 * so that no request can change what another one reads.
 */
const HEADER_MEMO_MAX_BYTES = 1024;
const HEADER_MEMO_SIZE = 64;
const headerMemo = new BoundedMemo<string, Record<string, unknown>>(HEADER_MEMO_SIZE);

function parseHeader(json: Uint8Array, limits: JsonLimits): Record<string, unknown> {
  const memo = limits === REQUEST_JSON_LIMITS && json.length <= HEADER_MEMO_MAX_BYTES;
  const text = memo ? decodeOrUndefined(json) : undefined;
  const known = text === undefined ? undefined : headerMemo.get(text);
  if (known) return known;
  checkJson(json, limits);
  let header: unknown;
  try {
    header = JSON.parse(text ?? decoder.decode(json));
  } catch (error) {
    throw bad(`failed to parse the JSON header: ${(error as Error).message}`);
  }
  if (!isRecord(header)) throw bad('the JSON header must be an object');
  return text === undefined ? header : headerMemo.set(text, deepFreeze(header));
}

/** UTF-8 text, or undefined when it is not (the caller's own path then says why). */
function decodeOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `inputs` or `outputs` tensors from a parsed header, consuming binary blobs in order. */
function readTensors(list: unknown, blobs: Uint8Array, key: string, model?: string, rawBytes = false): NamedTensors {
  if (!Array.isArray(list)) throw bad(`'${key}' must be an array of tensors`);
  // No prototype: a tensor named '__proto__' must be an ordinary key (and an unknown input).
  const tensors: NamedTensors = Object.create(null) as NamedTensors;
  let at = 0;
  for (const item of list) {
    if (!isRecord(item) || typeof item.name !== 'string') throw bad(`each of '${key}' needs a string 'name'`);
    const { name, datatype, shape, parameters, data } = item;
    if (Object.hasOwn(tensors, name)) throw bad(`duplicate tensor '${name}' in '${key}'`);
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) throw bad(`tensor '${name}' needs a numeric 'shape' array`);
    const known = typeof datatype === 'string' ? fromV2Datatype(datatype) : undefined;
    const type = known === 'string' && rawBytes ? 'bytes' : known;
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

/** Makes the body of a message with blobs; a caller with a cheaper allocator than `new Uint8Array` (Node's pooled Buffer) passes it. */
export type Allocate = (length: number) => Uint8Array<ArrayBuffer>;
const newBytes: Allocate = (length) => new Uint8Array(length);

/** Builds one message: JSON header, then the blobs of the tensors sent binary. */
function encodeMessage(header: Record<string, unknown>, key: string, tensors: NamedTensors, binary: (name: string) => boolean, allocate = newBytes): EncodedMessage {
  const blobs: Uint8Array[] = [];
  header[key] = Object.entries(tensors).map(([name, t]): V2TensorJson => {
    const entry: V2TensorJson = { name, shape: t.dims, datatype: toV2Datatype(t.type) };
    if (!binary(name)) return { ...entry, data: tensorToJson(name, t) };
    const bytes = tensorBytes(t);
    blobs.push(bytes);
    return { ...entry, parameters: { binary_data_size: bytes.length } };
  });
  const text = JSON.stringify(header);
  if (blobs.length === 0) return { body: encoder.encode(text), headers: { 'Content-Type': 'application/json' } };
  // The JSON is written straight into the body: a buffer costs a tiny model's answer about
  // a microsecond, and the JSON's size is known without encoding it when it is ASCII (usual).
  const jsonLength = ASCII.test(text) ? text.length : encoder.encode(text).length;
  const body = allocate(jsonLength + blobs.reduce((n, b) => n + b.length, 0));
  encoder.encodeInto(text, body);
  let at = jsonLength;
  for (const b of blobs) {
    body.set(b, at);
    at += b.length;
  }
  return { body, headers: { 'Content-Type': 'application/octet-stream', [HEADER_LENGTH]: String(jsonLength) } };
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
    const { header, blobs } = splitBody(body, inferenceHeaderLength, RESPONSE_JSON_LIMITS);
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

/**
 * Server side: decodes and validates an infer request (400 `V2Error` on any fault). The
 * inputs' `dims` may be frozen arrays shared with other requests (a small header is parsed
 * once: parseHeader): make new dims, never change these.
 */
export function decodeInferRequest(
  body: Uint8Array,
  inferenceHeaderLength: number | undefined,
  modelName?: string,
  options: { rawBytes?: boolean } = {},
): DecodedInferRequest {
  const { header, blobs } = splitBody(body, inferenceHeaderLength, REQUEST_JSON_LIMITS);
  const request: DecodedInferRequest = {
    inputs: readTensors(header.inputs, blobs, 'inputs', modelName, options.rawBytes),
    binaryOutputDefault: isRecord(header.parameters) && header.parameters.binary_data_output === true,
    binaryByOutput: Object.create(null) as Record<string, boolean>,
  };
  if (header.id !== undefined) {
    if (typeof header.id !== 'string') throw bad("'id' must be a string");
    request.id = header.id;
  }
  if (header.outputs !== undefined) {
    if (!Array.isArray(header.outputs)) throw bad("'outputs' must be an array");
    // onnxruntime cannot run with no outputs; Triton's clients omit 'outputs' to mean all.
    if (header.outputs.length === 0) throw bad("'outputs' is empty: name at least one output, or leave 'outputs' out for all of them");
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

/** The message of a v2 error body (`{"error": "…"}`), or undefined for anything else (a proxy's HTML page). */
export function v2ErrorMessage(bytes: Uint8Array): string | undefined {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an output goes back binary: its own `binary_data` wins, else `binary_data_output`. */
export function wantsBinary(request: Pick<DecodedInferRequest, 'binaryOutputDefault' | 'binaryByOutput'>, name: string): boolean {
  return Object.hasOwn(request.binaryByOutput, name) ? request.binaryByOutput[name] === true : request.binaryOutputDefault;
}

/** Server side: the response body and headers (binary when any output is sent binary). */
export function encodeInferResponse(
  result: InferResult,
  request: Pick<DecodedInferRequest, 'binaryOutputDefault' | 'binaryByOutput'> = { binaryOutputDefault: false, binaryByOutput: {} },
  allocate?: Allocate,
): EncodedMessage {
  const header: Record<string, unknown> = { model_name: result.modelName };
  if (result.modelVersion !== undefined) header.model_version = result.modelVersion;
  if (result.id !== undefined) header.id = result.id;
  return encodeMessage(header, 'outputs', result.outputs, (name) => wantsBinary(request, name), allocate);
}

// --- Model repository extension (Triton's `load` with file override) ----------------------

/** A load request: the model's configuration (JSON text, as Triton wants it) and its files by repository-relative path. */
export interface RepositoryLoad {
  config: string;
  files: Record<string, Uint8Array>;
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  // In slices: String.fromCharCode(...bytes) overflows the stack past ~100 kB.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * `POST v2/repository/models/<name>/load` body with files, as Triton's model repository
 * extension defines it: `{"parameters": {"config": "<json>", "file:1/model.onnx": "<base64>"}}`.
 */
export function encodeLoadRequest(load: RepositoryLoad): EncodedMessage {
  const parameters: Record<string, string> = { config: load.config };
  for (const [path, bytes] of Object.entries(load.files)) parameters[`file:${path}`] = toBase64(bytes);
  return { body: new TextEncoder().encode(JSON.stringify({ parameters })), headers: { 'Content-Type': 'application/json' } };
}

/** Reads a load request; `undefined` files means a plain load by name (no override). Throws V2Error 400 on a malformed body. */
export function decodeLoadRequest(body: Uint8Array): { config?: string; files?: Record<string, Uint8Array> } {
  if (body.length === 0) return {};
  checkJson(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new V2Error(400, 'failed to parse the load request JSON');
  }
  const parameters = (parsed as { parameters?: unknown } | null)?.parameters;
  if (parameters === undefined) return {};
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) throw new V2Error(400, "'parameters' must be an object");
  const out: { config?: string; files?: Record<string, Uint8Array> } = {};
  for (const [key, value] of Object.entries(parameters as Record<string, unknown>)) {
    if (key === 'config') {
      if (typeof value !== 'string') throw new V2Error(400, "'config' must be a JSON string");
      out.config = value;
    } else if (key.startsWith('file:')) {
      if (typeof value !== 'string') throw new V2Error(400, `'${key}' must be base64 text`);
      try {
        (out.files ??= Object.create(null) as Record<string, Uint8Array>)[key.slice('file:'.length)] = fromBase64(value);
      } catch {
        throw new V2Error(400, `'${key}' is not valid base64`);
      }
    }
  }
  return out;
}
