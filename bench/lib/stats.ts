/**
 * Statistics for the benchmarks: the order statistics are the app's own (the Lab reports
 * the same median and p90), and the output check is the Lab's agreement measure.
 */
import { agreement } from '../../src/lab/agreement.ts';

export { quantile, summarize, type Summary } from '../../src/shared/stats.ts';

/** Largest |a[i] - b[i]|; Infinity when the lengths differ or a value is NaN (a wrong answer must not pass). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return agreement(a, b).maxAbsDiff;
}

/** Rounds for the JSON file and the table: enough digits to compare, no noise digits. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
