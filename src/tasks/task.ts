/**
 * A task: the unit that runs whole, on this device (in the inference worker) or in the
 * datacenter (as a KServe v2 pipeline model of the same name). Pure: models run through
 * the injected runner, and what differs between the browser and Node (decoding a picture,
 * reading a file shipped beside the models) comes in through `TaskEnv`. The same `run`
 * executes in the worker, in the server and under onnxruntime-node in unit tests.
 */
import type { V2Datatype } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import type { ModelRunner, RgbaImage } from './model-runner.ts';

/** Work units of a job, for the cost model: what its run time grows with. */
export type WorkUnit = 'megapixel' | 'second' | 'form';

/** How big a job is: its work in the task's own unit, and what a datacenter run uploads. */
export interface JobSize {
  work: number;
  unit: WorkUnit;
  uploadBytes: number;
}

/** A picture decoded for a task, and its size before any scaling. */
export interface DecodedPicture {
  image: RgbaImage;
  original: { width: number; height: number };
}

/** What the runtime provides: the browser worker and Node implement it differently. */
export interface TaskEnv {
  /** Decodes an encoded picture (JPEG, PNG, …), scaled so its longer side is at most `maxSide`. Throws `UnreadableImageError`. */
  decodeImage(bytes: Uint8Array, maxSide: number): Promise<DecodedPicture>;
  /** Reads a text file of the model repository, e.g. `ppocr-rec/1/ppocr_keys_v1.txt`. */
  readModelText(path: string): Promise<string>;
}

/** The steps tasks report; each has a ko/en label (`job.step.*`). */
export type JobStep = 'detect' | 'classify' | 'recognize' | 'listen' | 'assess' | 'forecast';

/** Where a job is in its work, for a progress bar: `done` of `total` in the step's unit. */
export interface JobProgress {
  step: JobStep;
  done: number;
  total: number;
}

export interface TaskContext {
  run: ModelRunner;
  env: TaskEnv;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Part of the result, as soon as it is known (a long recording's frames, second by second). */
  onPartial?: (partial: unknown) => void;
}

/** A tensor of a pipeline model's v2 metadata (variable dims are -1). */
export interface TaskTensorSpec {
  name: string;
  datatype: V2Datatype;
  shape: number[];
}

/**
 * How a job and its result travel as KServe v2 tensors: the input is the job's own bytes
 * (a BYTES tensor holding the photo or the WAV), the outputs are structured. One codec for
 * the browser client and the server.
 */
export interface TaskWire<I, R> {
  inputs: TaskTensorSpec[];
  outputs: TaskTensorSpec[];
  encodeInput(input: I): NamedTensors;
  /** Server side: throws a `TaskInputError` for a request that does not hold a job. */
  decodeInput(tensors: NamedTensors): I;
  encodeResult(result: R): NamedTensors;
  decodeResult(tensors: NamedTensors): R;
}

export interface Task<I, R> {
  /** Also the name of its pipeline model in the datacenter's repository. */
  id: string;
  /** Catalog ids of the models `run` calls. */
  models: readonly string[];
  size(input: I): JobSize;
  run(input: I, context: TaskContext): Promise<R>;
  wire: TaskWire<I, R>;
}

/** A job the task cannot read (a file that is no picture, a form value out of range). */
export class TaskInputError extends Error {
  override readonly name: string = 'TaskInputError';
}

/** The file is not a picture this runtime can decode. */
export class UnreadableImageError extends TaskInputError {
  override readonly name = 'UnreadableImageError';
}
