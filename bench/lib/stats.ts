/** Order statistics for timing samples, and the output check against onnxruntime-node. */

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  mean: number;
}

/** Nearest-rank quantile of sorted values (q in [0, 1]); the median averages the middle pair. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  if (q === 0.5 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    min: sorted[0]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/** Largest |a[i] - b[i]|; Infinity when the lengths differ or a value is NaN (a wrong answer must not pass). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return Infinity;
    if (d > max) max = d;
  }
  return max;
}

/** Rounds for the JSON file and the table: enough digits to compare, no noise digits. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
