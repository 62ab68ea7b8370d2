/**
 * What a task's pipeline needs to run a model, and nothing more: the browser passes the
 * engine (with its ladder, cache and datacenter), Node tests and evaluation scripts pass
 * onnxruntime-node (scripts/lib/node-runner.ts). The same pre/post-processing runs on both.
 */
import type { NamedTensors } from '../shared/tensor.ts';

/** Runs the catalog model `modelId` on `inputs` and returns every output. */
export type ModelRunner = (modelId: string, inputs: NamedTensors, signal?: AbortSignal) => Promise<NamedTensors>;

/** An RGBA picture, row-major, 4 bytes per pixel: the shape of the DOM's ImageData, usable in Node. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
