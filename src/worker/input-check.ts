/**
 * The worker's adapter to the shared input check (src/shared/input-check.ts): onnxruntime-web's
 * input metadata in, an `InvalidInputError` out, so a wrong name, type or shape gets a message
 * that says what the model expects (worded like Triton's) instead of an ORT error code.
 */
import { EngineError } from '../shared/errors.ts';
import { inputProblem, type DeclaredInput } from '../shared/input-check.ts';
import { toV2Datatype } from '../shared/kserve-v2-tensors.ts';
import type { NamedTensors, TensorType } from '../shared/tensor.ts';

/** The part of ORT's `InferenceSession.ValueMetadata` this check reads. */
export type InputMetadata =
  | { name: string; isTensor: true; type: string; shape: ReadonlyArray<number | string> }
  | { name: string; isTensor: false };

const ORT_TYPES = new Set<string>(['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'float16', 'float32', 'float64', 'string']);

/** ORT's type name in v2 terms ('float32' → 'FP32'); a type v2 lacks keeps ORT's name and matches nothing. */
const datatypeOf = (type: string) => (ORT_TYPES.has(type) ? toV2Datatype(type as TensorType) : type);

function declaredOf(meta: InputMetadata): DeclaredInput {
  if (!meta.isTensor) return { name: meta.name };
  // onnxruntime-web reports no dims both for a scalar and for an input of unknown rank: accept any.
  return { name: meta.name, datatype: datatypeOf(meta.type), ...(meta.shape.length > 0 ? { shape: meta.shape } : {}) };
}

/** Throws `InvalidInputError` when the inputs do not fit the model's declared inputs. */
export function checkInputs(modelId: string, declared: readonly InputMetadata[], inputs: NamedTensors): void {
  const problem = inputProblem(declared.map(declaredOf), inputs, { model: modelId });
  if (problem !== undefined) throw new EngineError('InvalidInputError', problem);
}
