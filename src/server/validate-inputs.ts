/**
 * Checks a decoded request against the model's metadata before it is queued, so a bad
 * request is a quick 400 worded like Triton's and never occupies a worker.
 */
import { V2Error, toV2Datatype } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import type { ModelMetadata } from './model-metadata.ts';

const bad = (message: string) => new V2Error(400, message);
const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

/** Throws a 400 for unexpected, missing, wrongly typed or wrongly shaped inputs. */
export function validateInputs(model: ModelMetadata, inputs: NamedTensors): void {
  const allowed = model.inputs.map((i) => i.name);
  for (const name of Object.keys(inputs)) {
    if (!allowed.includes(name)) throw bad(`unexpected inference input '${name}', allowed inputs are: ${allowed.join(', ')}`);
  }
  const missing = allowed.filter((name) => !Object.hasOwn(inputs, name));
  if (missing.length > 0) {
    const given = Object.keys(inputs);
    throw bad(
      `expected ${allowed.length} inputs but got ${given.length} inputs for model '${model.name}'. ` +
        `Got input(s) [${given.map((n) => `'${n}'`).join(', ')}], but missing required input(s) [${missing.map((n) => `'${n}'`).join(', ')}]. ` +
        'Please provide all required input(s).',
    );
  }
  for (const meta of model.inputs) {
    const given = inputs[meta.name]!;
    const datatype = toV2Datatype(given.type);
    if (datatype !== meta.datatype) {
      throw bad(`inference input '${meta.name}' data-type is '${datatype}', but model '${model.name}' expects '${meta.datatype}'`);
    }
    const wrongShape =
      given.dims.length !== meta.shape.length || meta.shape.some((d, i) => d >= 0 && d !== given.dims[i]);
    if (wrongShape) {
      throw bad(`unexpected shape for input '${meta.name}' for model '${model.name}'. Expected ${shapeText(meta.shape)}, got ${shapeText(given.dims)}`);
    }
    if (model.maxBatchSize > 0 && given.dims[0]! > model.maxBatchSize) {
      throw bad(`inference request batch-size must be <= ${model.maxBatchSize} for '${model.name}'`);
    }
  }
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
