/**
 * What the Lab refuses before loading: files protobuf cannot hold (2 GB) and models that
 * would not fit in WASM's 4 GB address space (memory64 is not in onnxruntime-web's builds).
 */
import type { ModelFacts } from '../shared/model-facts.ts';
import { LabProblem } from './lab-error.ts';

export const GiB = 2 ** 30;
/** protobuf's hard limit on one message: larger models keep their weights in external data. */
export const MAX_MODEL_BYTES = 2 * GiB;
/** wasm32's address space. */
export const WASM_MEMORY_BYTES = 4 * GiB;

/** Checked on `File.size` (or Content-Length) before a byte is read. */
export function checkModelSize(bytes: number): void {
  if (bytes === 0) throw new LabProblem('empty', 'the file has 0 bytes');
  if (bytes > MAX_MODEL_BYTES) throw new LabProblem('too-large', `${bytes} bytes is over the 2 GB an ONNX file can hold (protobuf's limit)`);
}

/**
 * A lower bound of the WASM heap a session needs: the model file and its external data are
 * copied in, then every initializer becomes a tensor there, then the inputs. Activations come
 * on top, so a model near the limit can still fail; one over it certainly will.
 */
export function wasmEstimate(facts: Pick<ModelFacts, 'fileBytes' | 'externalBytes' | 'initializerBytes'>, inputBytes = 0): number {
  return facts.fileBytes + facts.externalBytes + facts.initializerBytes + inputBytes;
}

export const fitsWasm = (estimate: number): boolean => estimate <= WASM_MEMORY_BYTES;
