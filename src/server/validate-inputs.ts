/**
 * The server's adapter to the shared input check (src/shared/input-check.ts): a decoded
 * request against the model's v2 metadata before it is queued, so a bad request is a quick
 * 400 worded like Triton's and never occupies a worker. Also the size limits every input
 * gets, so a dynamic dim cannot make onnxruntime grow its memory without bound.
 */
import { inputProblem, type InputLimits } from '../shared/input-check.ts';
import { V2Error } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import type { ModelMetadata } from './model-metadata.ts';

const bad = (message: string) => new V2Error(400, message);

/**
 * The server-wide limits: 2^26 elements (a 64 MiB body of UINT8, the most the default
 * MAX_BODY_BYTES can carry) and 2^20 per dynamic dim (a minute of 16 kHz audio fits).
 * A model's config.pbtxt overrides them (model-metadata.ts).
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDim: 2 ** 20, maxElements: 2 ** 26 };

/** A positive safe integer from an environment variable or a config parameter; `what` names it in the error. */
export function parseLimit(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * The limits from `MAX_INPUT_DIM` and `MAX_INPUT_ELEMENTS`, else the defaults. Read here, not
 * in config.ts, because only this check uses them; read once, at start.
 */
export function inputLimitsFromEnv(env: Record<string, string | undefined> = process.env): InputLimits {
  return {
    maxDim: parseLimit(env['MAX_INPUT_DIM'], 'MAX_INPUT_DIM') ?? DEFAULT_INPUT_LIMITS.maxDim,
    maxElements: parseLimit(env['MAX_INPUT_ELEMENTS'], 'MAX_INPUT_ELEMENTS') ?? DEFAULT_INPUT_LIMITS.maxElements,
  };
}

const SERVER_LIMITS = inputLimitsFromEnv();

/** Throws a 400 for unexpected, missing, wrongly typed or shaped inputs, a batch too large, or an input over its limits. */
export function validateInputs(model: ModelMetadata, inputs: NamedTensors, serverLimits: InputLimits = SERVER_LIMITS): void {
  const limits = { ...serverLimits, ...model.limits };
  const problem = inputProblem(model.inputs, inputs, { model: model.name, maxBatchSize: model.maxBatchSize, limits });
  if (problem !== undefined) throw bad(problem);
}

/** The outputs to compute: those asked for (each must exist), else all in model order. */
export function resolveOutputs(model: ModelMetadata, requested: string[] | undefined): string[] {
  const names = model.outputs.map((o) => o.name);
  if (requested === undefined) return names;
  for (const name of requested) {
    if (!names.includes(name)) throw bad(`unexpected inference output '${name}' for model '${model.name}'`);
  }
  return requested;
}
