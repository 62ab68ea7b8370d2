/**
 * How closely a backend's outputs agree with the WASM reference: max abs diff, relative L2,
 * cosine similarity and, for classifier-shaped outputs, argmax agreement. Pure functions.
 */

export interface Agreement {
  /** Largest |a − b|; Infinity when the shapes differ or a value is NaN on one side only. */
  maxAbsDiff: number;
  /** ‖a − b‖₂ / ‖b‖₂ (b is the reference); 0 when both are all zeros. */
  relativeL2: number;
  /** a·b / (‖a‖‖b‖); 1 when both are all zeros. */
  cosine: number;
  /** Fraction of rows (last axis) whose argmax agrees; absent unless the output looks like class scores. */
  argmaxAgreement?: number;
}

/** A classifier-like output: [N, C] or [C] with C ≥ 2 scores per row. */
export function isClassScores(dims: readonly number[]): boolean {
  const classes = dims[dims.length - 1] ?? 0;
  return classes >= 2 && (dims.length === 1 || (dims.length === 2 && dims[0]! >= 1));
}

function argmax(values: ArrayLike<number>, start: number, length: number): number {
  let best = start;
  for (let i = start + 1; i < start + length; i++) if (values[i]! > values[best]!) best = i;
  return best - start;
}

export function agreement(actual: ArrayLike<number>, reference: ArrayLike<number>, dims: readonly number[] = [actual.length]): Agreement {
  if (actual.length !== reference.length) return { maxAbsDiff: Infinity, relativeL2: Infinity, cosine: 0 };
  let maxAbsDiff = 0;
  let diff2 = 0;
  let ref2 = 0;
  let act2 = 0;
  let dot = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const b = reference[i]!;
    // Equal infinities and two NaNs agree; anything else non-finite is a disagreement.
    const d = a === b || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Math.abs(a - b);
    maxAbsDiff = Number.isNaN(d) ? Infinity : Math.max(maxAbsDiff, d);
    if (Number.isFinite(d)) diff2 += d * d;
    ref2 += b * b;
    act2 += a * a;
    dot += a * b;
  }
  const relativeL2 = ref2 === 0 ? (diff2 === 0 ? 0 : Infinity) : Math.sqrt(diff2) / Math.sqrt(ref2);
  const cosine = ref2 === 0 && act2 === 0 ? 1 : ref2 === 0 || act2 === 0 ? 0 : dot / Math.sqrt(ref2 * act2);
  const result: Agreement = { maxAbsDiff, relativeL2, cosine };
  if (isClassScores(dims)) {
    const classes = dims[dims.length - 1]!;
    const rows = actual.length / classes;
    let same = 0;
    for (let r = 0; r < rows; r++) if (argmax(actual, r * classes, classes) === argmax(reference, r * classes, classes)) same++;
    result.argmaxAgreement = rows === 0 ? 1 : same / rows;
  }
  return result;
}

/** The worst of several outputs' agreements: what a comparison row shows for the whole model. */
export function worst(agreements: readonly Agreement[]): Agreement {
  const argmaxes = agreements.flatMap((a) => (a.argmaxAgreement === undefined ? [] : [a.argmaxAgreement]));
  return {
    maxAbsDiff: Math.max(0, ...agreements.map((a) => a.maxAbsDiff)),
    relativeL2: Math.max(0, ...agreements.map((a) => a.relativeL2)),
    cosine: Math.min(1, ...agreements.map((a) => a.cosine)),
    ...(argmaxes.length ? { argmaxAgreement: Math.min(...argmaxes) } : {}),
  };
}
