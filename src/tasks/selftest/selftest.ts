/**
 * The engine self-test: a 286-byte model, y = Relu(x · W + b), made by
 * scripts/make-selftest-model.mjs with W = [[1,0,-1],[0,1,-1],[1,1,0],[-1,0,1]] and
 * b = [0.5,-6,0.25]. Its answers are worked out by hand below, so any backend that computes
 * them wrong (or lays tensors out wrong) fails visibly.
 */
import { findModel, modelRef } from '../../catalog/index.ts';
import type { NamedTensors, WireTensor } from '../../shared/tensor.ts';

/** From the catalog, so its checksum is verified and it is cached like any model. */
export const SELFTEST_MODEL = modelRef(findModel('selftest-mlp')!);

/** Two rows of x. */
export const SELFTEST_INPUT = [1, 2, 3, 4, -1, 0.5, 2, 0] as const;

/**
 * Row 1: x·W = [1+0+3-4, 0+2+3+0, -1-2+0+4] = [0, 5, 1]; + b = [0.5, -1, 1.25]; Relu → [0.5, 0, 1.25].
 * Row 2: x·W = [-1+0+2+0, 0+0.5+2+0, 1-0.5+0+0] = [1, 2.5, 0.5]; + b = [1.5, -3.5, 0.75]; Relu → [1.5, 0, 0.75].
 */
export const SELFTEST_EXPECTED = [0.5, 0, 1.25, 1.5, 0, 0.75] as const;
export const SELFTEST_OUTPUT_DIMS = [2, 3] as const;

/** Fresh tensors each call: the engine transfers (detaches) input buffers. */
export function selftestInputs(): NamedTensors {
  return { x: { type: 'float32', dims: [2, 4], data: Float32Array.from(SELFTEST_INPUT) } };
}

export interface SelftestVerdict {
  pass: boolean;
  maxAbsDiff: number;
  values: number[];
}

/** Compares an output with the hand-computed answer (float32 tolerance). */
export function checkSelftest(output: WireTensor | undefined, tolerance = 1e-5): SelftestVerdict {
  if (!output || output.type !== 'float32') return { pass: false, maxAbsDiff: Infinity, values: [] };
  const values = Array.from(output.data);
  const shapeOk = output.dims.length === 2 && output.dims[0] === SELFTEST_OUTPUT_DIMS[0] && output.dims[1] === SELFTEST_OUTPUT_DIMS[1];
  let maxAbsDiff = values.length === SELFTEST_EXPECTED.length ? 0 : Infinity;
  SELFTEST_EXPECTED.forEach((e, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs((values[i] ?? NaN) - e) || 0)));
  if (values.some((v) => Number.isNaN(v))) maxAbsDiff = Infinity;
  return { pass: shapeOk && maxAbsDiff <= tolerance, maxAbsDiff, values };
}
