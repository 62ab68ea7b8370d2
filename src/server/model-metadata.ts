/**
 * A model's v2 metadata: from its config.pbtxt where present, else derived from the ONNX
 * graph the way Triton's auto-complete does (symbolic dims become -1). With
 * `max_batch_size > 0` config dims exclude the batch dim and metadata shows a leading -1.
 */
import type { InputLimits } from '../shared/input-check.ts';
import type { BatchPolicy } from './batching.ts';
import { toV2Datatype, type V2Datatype } from '../shared/kserve-v2.ts';
import type { TensorType } from '../shared/tensor.ts';
import type { PbMessage } from './pbtxt.ts';
import type { SessionIo } from './pool-messages.ts';
import { parseLimit } from './validate-inputs.ts';

export interface TensorMetadata { name: string; datatype: V2Datatype; shape: number[] }

export interface ModelMetadata {
  name: string;
  versions: string[];
  /** Triton's names: an ONNX model, or a pipeline of models (pipeline-models.ts). */
  platform: 'onnxruntime_onnx' | 'ensemble';
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
  /** 0 means no batching; else the first dim is the batch and may not exceed this. */
  maxBatchSize: number;
  /** This model's own input limits (config.pbtxt `parameters`), over the server's. */
  limits?: Partial<InputLimits>;
  /** config.pbtxt `dynamic_batching`: waiting requests share one run (batching.ts). */
  dynamicBatching?: BatchPolicy;
}

const ORT_TYPES = new Set<string>(['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'float16', 'float32', 'float64', 'string']);

/** Config `TYPE_*` names → v2 names (Triton's `TYPE_STRING` is v2 `BYTES`). */
const CONFIG_TYPES: Record<string, V2Datatype> = {
  TYPE_BOOL: 'BOOL', TYPE_UINT8: 'UINT8', TYPE_UINT16: 'UINT16', TYPE_UINT32: 'UINT32', TYPE_UINT64: 'UINT64',
  TYPE_INT8: 'INT8', TYPE_INT16: 'INT16', TYPE_INT32: 'INT32', TYPE_INT64: 'INT64',
  TYPE_FP16: 'FP16', TYPE_FP32: 'FP32', TYPE_FP64: 'FP64', TYPE_STRING: 'BYTES',
};

function fromSessionIo(io: SessionIo): TensorMetadata {
  if (!ORT_TYPES.has(io.type)) throw new Error(`tensor '${io.name}' has type '${io.type}', which the v2 protocol cannot carry`);
  return { name: io.name, datatype: toV2Datatype(io.type as TensorType), shape: io.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
}

function fromConfigTensor(entry: PbMessage, maxBatchSize: number, where: string): TensorMetadata {
  const name = entry.name?.[0];
  const type = entry.data_type?.[0];
  const dims = entry.dims ?? [];
  if (typeof name !== 'string') throw new Error(`config.pbtxt: an ${where} has no name`);
  if (typeof type !== 'string' || !CONFIG_TYPES[type]) throw new Error(`config.pbtxt: ${where} '${name}' has unknown data_type ${String(type)}`);
  if (!dims.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d >= -1)) {
    throw new Error(`config.pbtxt: ${where} '${name}' has invalid dims`);
  }
  return { name, datatype: CONFIG_TYPES[type], shape: maxBatchSize > 0 ? [-1, ...dims] : [...dims] };
}

/** config.pbtxt `parameters` keys that set a model's input limits (validate-inputs.ts). */
const LIMIT_PARAMETERS = { max_input_dim: 'maxDim', max_input_elements: 'maxElements' } as const;

/**
 * A model's input limits from Triton's `parameters` map, e.g.
 * `parameters { key: "max_input_dim" value: { string_value: "4096" } }`; other keys are ignored.
 */
function limitsOf(config: PbMessage | undefined): Partial<InputLimits> | undefined {
  let limits: Partial<InputLimits> | undefined;
  for (const entry of config?.parameters ?? []) {
    if (typeof entry !== 'object') throw new Error('config.pbtxt: parameters must be a message');
    const key = entry.key?.[0];
    if (typeof key !== 'string' || !Object.hasOwn(LIMIT_PARAMETERS, key)) continue;
    const value = entry.value?.[0];
    const text = typeof value === 'object' ? value.string_value?.[0] : undefined;
    const limit = parseLimit(text === undefined ? '' : String(text), `config.pbtxt: parameter '${key}'`);
    if (limit === undefined) throw new Error(`config.pbtxt: parameter '${key}' needs a string_value`);
    (limits ??= {})[LIMIT_PARAMETERS[key as keyof typeof LIMIT_PARAMETERS]] = limit;
  }
  return limits;
}

const positiveInteger = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * Triton's `dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 }`.
 * Like Triton, it needs `max_batch_size > 0` and preferred sizes within it; its other fields
 * (priorities, queue policies) are not honoured and are ignored.
 */
export function batchPolicyOf(config: PbMessage | undefined, maxBatchSize: number): BatchPolicy | undefined {
  const entries = config?.dynamic_batching ?? [];
  if (entries.length === 0) return undefined;
  const entry = entries[0];
  if (entries.length > 1 || typeof entry !== 'object') throw new Error('config.pbtxt: dynamic_batching must be one message');
  if (maxBatchSize <= 0) throw new Error('config.pbtxt: dynamic_batching needs max_batch_size > 0 (the model must have a batch dimension)');
  const preferred = entry.preferred_batch_size ?? [];
  for (const size of preferred) {
    if (!positiveInteger(size) || (size as number) > maxBatchSize) {
      throw new Error(`config.pbtxt: dynamic_batching preferred_batch_size ${String(size)} must be a positive integer <= max_batch_size ${maxBatchSize}`);
    }
  }
  const delay = entry.max_queue_delay_microseconds?.[0] ?? 0;
  if (typeof delay !== 'number' || !Number.isSafeInteger(delay) || delay < 0) {
    throw new Error('config.pbtxt: dynamic_batching max_queue_delay_microseconds must be a non-negative integer');
  }
  return { maxBatchSize, preferredBatchSizes: (preferred as number[]).slice().sort((a, b) => a - b), maxQueueDelayMs: delay / 1000 };
}

/**
 * Builds the metadata. The config wins where it says something; what it leaves out is
 * filled from the model (auto-complete). A config that names a tensor the model lacks is
 * an error, as in Triton.
 */
export function buildMetadata(
  name: string,
  version: string,
  session: { inputs: SessionIo[]; outputs: SessionIo[] },
  config?: PbMessage,
): ModelMetadata {
  const maxBatchSize = Number(config?.max_batch_size?.[0] ?? 0);
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 0) throw new Error('config.pbtxt: max_batch_size must be a non-negative integer');
  const side = (key: 'input' | 'output', ios: SessionIo[]) => {
    const declared = (config?.[key] ?? []).map((e) => {
      if (typeof e !== 'object') throw new Error(`config.pbtxt: ${key} must be a message`);
      return fromConfigTensor(e, maxBatchSize, key);
    });
    if (declared.length === 0) return ios.map(fromSessionIo);
    for (const d of declared) {
      if (!ios.some((io) => io.name === d.name)) throw new Error(`config.pbtxt: ${key} '${d.name}' is not in the model`);
    }
    return declared;
  };
  const limits = limitsOf(config);
  const dynamicBatching = batchPolicyOf(config, maxBatchSize);
  return {
    name,
    versions: [version],
    platform: 'onnxruntime_onnx',
    inputs: side('input', session.inputs),
    outputs: side('output', session.outputs),
    maxBatchSize,
    ...(limits ? { limits } : {}),
    ...(dynamicBatching ? { dynamicBatching } : {}),
  };
}

/** The JSON body of `GET /v2/models/{m}`. */
export function metadataJson(m: ModelMetadata) {
  return { name: m.name, versions: m.versions, platform: m.platform, inputs: m.inputs, outputs: m.outputs };
}
