/**
 * The one input check of a run, before onnxruntime sees it: unexpected, missing, wrongly
 * typed or shaped inputs, the batch size and the size limits, worded like Triton. Pure and
 * shared: the browser's worker adapts onnxruntime-web's input metadata to it
 * (src/worker/input-check.ts), the server its v2 metadata (src/server/validate-inputs.ts);
 * each turns the message into its own error type.
 */
import { toV2Datatype } from './kserve-v2-tensors.ts';
import { assertWellFormed, type NamedTensors } from './tensor.ts';

/** One declared input, in v2 terms. */
export interface DeclaredInput {
  name: string;
  /** v2 datatype ('FP32'); undefined for a non-tensor input, whose type and shape are not checked. */
  datatype?: string;
  /**
   * Declared dims: -1, a symbolic name or a huge number means any size; undefined means the
   * rank is unknown too. Shown as given in messages (`[batch,4]` or `[-1,4]`).
   */
  shape?: ReadonlyArray<number | string>;
}

/** Upper bounds on what one input may ask onnxruntime to allocate. */
export interface InputLimits {
  /** Largest size of a dynamic dim (fixed dims are the model's). */
  maxDim: number;
  /** Most elements of one input. */
  maxElements: number;
}

export interface InputRules {
  model: string;
  /** 0 or absent: no batching; else the first dim is the batch and may not exceed this. */
  maxBatchSize?: number;
  limits?: InputLimits;
}

const shapeText = (shape: ReadonlyArray<number | string>) => `[${shape.join(',')}]`;
const quoted = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

/**
 * A declared dim is fixed when it is a plain size. onnxruntime-web 1.30 reports an unnamed
 * dynamic dim as 4294967295 (-1 read as uint32) where onnxruntime-node reports '' (seen with
 * Silero VAD v5), and v2 metadata says -1: all of them mean any size.
 */
const fixedDim = (d: number | string): d is number => typeof d === 'number' && d >= 0 && d < 2 ** 31;

/** Why the inputs cannot run (Triton's words), or undefined when they can. */
export function inputProblem(declared: readonly DeclaredInput[], inputs: NamedTensors, rules: InputRules): string | undefined {
  const { model } = rules;
  const allowed = declared.map((d) => d.name);
  const given = Object.keys(inputs);
  for (const name of given) {
    if (!allowed.includes(name)) return `unexpected inference input '${name}', allowed inputs are: ${allowed.join(', ')}`;
  }
  const missing = allowed.filter((name) => !Object.hasOwn(inputs, name));
  if (missing.length > 0) {
    return (
      `expected ${allowed.length} inputs but got ${given.length} inputs for model '${model}'. ` +
      `Got input(s) ${quoted(given)}, but missing required input(s) ${quoted(missing)}. Please provide all required input(s).`
    );
  }
  for (const meta of declared) {
    const tensor = inputs[meta.name]!;
    try {
      assertWellFormed(meta.name, tensor);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    if (meta.datatype === undefined) continue;
    const datatype = toV2Datatype(tensor.type);
    if (datatype !== meta.datatype) return `inference input '${meta.name}' data-type is '${datatype}', but model '${model}' expects '${meta.datatype}'`;
    const shape = meta.shape;
    if (shape && (tensor.dims.length !== shape.length || shape.some((d, i) => fixedDim(d) && d !== tensor.dims[i]))) {
      return `unexpected shape for input '${meta.name}' for model '${model}'. Expected ${shapeText(shape)}, got ${shapeText(tensor.dims)}`;
    }
    const maxBatchSize = rules.maxBatchSize ?? 0;
    if (maxBatchSize > 0 && (tensor.dims[0] ?? 0) > maxBatchSize) return `inference request batch-size must be <= ${maxBatchSize} for '${model}'`;
    if (rules.limits) {
      const problem = limitProblem(meta, tensor.dims, model, rules.limits);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The size limits: every dim the model leaves open, and the element count. */
function limitProblem(meta: DeclaredInput, dims: readonly number[], model: string, limits: InputLimits): string | undefined {
  for (let i = 0; i < dims.length; i++) {
    const declared = meta.shape?.[i];
    if (declared !== undefined && fixedDim(declared)) continue;
    if (dims[i]! > limits.maxDim) {
      return `dim ${i} of input '${meta.name}' for model '${model}' is ${dims[i]}, more than the limit of ${limits.maxDim} (max_input_dim)`;
    }
  }
  const elements = dims.reduce((n, d) => n * d, 1);
  if (elements > limits.maxElements) {
    return `input '${meta.name}' for model '${model}' has ${elements} elements, more than the limit of ${limits.maxElements} (max_input_elements)`;
  }
  return undefined;
}
