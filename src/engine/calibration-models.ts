/**
 * What the thread tuner times: a catalog model heavy enough for the thread count to matter
 * (its measured single-thread work per run, `hints.cpuMsPerRun`), on its reference input
 * filled with seeded values, so every device times the same work.
 */
import { findModel, modelRef } from '../catalog/index.ts';
import { benchTensor } from '../shared/bench-input.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { absolute } from './client.ts';
import type { Calibration } from './thread-tuner.ts';

/** Below this much work per run, threads cost more to start than they save. */
export const CALIBRATE_ABOVE_CPU_MS = 10;
/** The Device page's "measure again": PP-OCR's recognizer, which every OCR demo runs. */
export const DEFAULT_CALIBRATION_MODEL = 'ppocr-rec';

/** Above this, the default model is timed instead: a measurement should take a second or two, not ten. */
export const CALIBRATE_BELOW_CPU_MS = 60;

/** What to time after a run of `modelId`: that model if it is heavy but not too heavy, the default one if heavier. */
export function calibrationFor(modelId: string): Calibration | undefined {
  const model = findModel(modelId);
  if (!model || model.hints.cpuMsPerRun < CALIBRATE_ABOVE_CPU_MS) return undefined;
  if (model.hints.cpuMsPerRun > CALIBRATE_BELOW_CPU_MS && modelId !== DEFAULT_CALIBRATION_MODEL) return defaultCalibration();
  // Float inputs only: a model with other input types is not timed (none in the catalog is heavy).
  if (model.inputs.some((input) => input.type !== 'float32')) return undefined;
  const dims = model.hints.referenceInputs;
  const inputs = (): NamedTensors => Object.fromEntries(model.inputs.map((input) => [input.name, benchTensor({ type: 'float32', dims: dims[input.name]!, seed: 1 })]));
  return { model: absolute(modelRef(model)), inputs };
}

export function defaultCalibration(): Calibration {
  return calibrationFor(DEFAULT_CALIBRATION_MODEL)!;
}
