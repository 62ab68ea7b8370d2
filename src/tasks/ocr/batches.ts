/**
 * Line batching shared by the classifier and the recognizer: PaddleOCR sorts crops by
 * aspect ratio and runs them six at a time, so lines of similar width share a padded
 * tensor and little of it is padding.
 */
import type { RgbaImage } from '../model-runner.ts';
import type { NamedTensors, WireTensor } from '../../shared/tensor.ts';

/** PaddleOCR's `cls_batch_num` and `rec_batch_num`. */
export const LINE_BATCH = 6;

/** Indices of `lines` grouped into batches of `size`, narrowest aspect ratio first. */
export function batchesByRatio(lines: readonly RgbaImage[], size = LINE_BATCH): number[][] {
  const order = lines.map((_, i) => i).sort((a, b) => lines[a]!.width / lines[a]!.height - lines[b]!.width / lines[b]!.height);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

/** The model's one float32 output, with an error naming what came back otherwise. */
export function onlyFloatOutput(modelId: string, outputs: NamedTensors): WireTensor & { type: 'float32' } {
  const tensors = Object.values(outputs);
  const t = tensors[0];
  if (tensors.length !== 1 || !t || t.type !== 'float32') {
    throw new TypeError(`${modelId} should return one float32 tensor but returned [${Object.entries(outputs).map(([k, v]) => `${k}: ${v.type}`).join(', ')}]; is the catalog entry pointing at the right model?`);
  }
  return t;
}
