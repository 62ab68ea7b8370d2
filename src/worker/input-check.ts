/**
 * Checks a run's inputs against the model's declared inputs before ORT sees them, so a
 * wrong name, type or shape gets a message that says what the model expects (worded like
 * Triton's) instead of an ORT error code.
 */
import { EngineError } from '../shared/errors.ts';
import { assertWellFormed, type NamedTensors } from '../shared/tensor.ts';

/** The part of ORT's `InferenceSession.ValueMetadata` this check reads. */
export type InputMetadata =
  | { name: string; isTensor: true; type: string; shape: ReadonlyArray<number | string> }
  | { name: string; isTensor: false };

const shapeText = (shape: ReadonlyArray<number | string>) => `[${shape.join(',')}]`;

/**
 * A declared dim accepts any size when it is symbolic (a name) or unknown. onnxruntime-web
 * 1.30 reports an unnamed dynamic dim as 4294967295 (-1 read as uint32) where
 * onnxruntime-node reports '' (seen with Silero VAD v5), so huge values mean unknown too.
 */
const fixedDim = (d: number | string): d is number => typeof d === 'number' && d >= 0 && d < 2 ** 31;

export function checkInputs(modelId: string, declared: readonly InputMetadata[], inputs: NamedTensors): void {
  const invalid = (message: string) => new EngineError('InvalidInputError', message);
  const names = declared.map((d) => d.name);
  for (const name of Object.keys(inputs)) {
    if (!names.includes(name)) {
      throw invalid(`unexpected inference input '${name}' for model '${modelId}', allowed inputs are: ${names.join(', ')}`);
    }
  }
  for (const meta of declared) {
    const given = inputs[meta.name];
    if (!given) throw invalid(`expected input '${meta.name}' for model '${modelId}' is missing`);
    try {
      assertWellFormed(meta.name, given);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : String(error));
    }
    if (!meta.isTensor) continue;
    if (given.type !== meta.type) {
      throw invalid(`inference input '${meta.name}' data-type is '${given.type}', but model '${modelId}' expects '${meta.type}'`);
    }
    const rankKnown = meta.shape.length > 0;
    const mismatch =
      rankKnown && (given.dims.length !== meta.shape.length || meta.shape.some((d, i) => fixedDim(d) && d !== given.dims[i]));
    if (mismatch) {
      throw invalid(
        `unexpected shape for input '${meta.name}' for model '${modelId}'. Expected ${shapeText(meta.shape)}, got ${shapeText(given.dims)}`,
      );
    }
  }
}
