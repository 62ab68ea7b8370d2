import { describe, expect, it } from 'vitest';
import { maxAbsDiff, quantile, summarize } from './stats.ts';

describe('bench stats', () => {
  it('takes the median of odd and even samples', () => {
    expect(summarize([3, 1, 2]).median).toBe(2);
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('takes p90 by nearest rank', () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(summarize(ten).p90).toBe(9);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(summarize([5]).p90).toBe(5);
  });

  it('reports n, min and mean', () => {
    expect(summarize([2, 4, 6])).toMatchObject({ n: 3, min: 2, mean: 4 });
  });

  it('refuses empty samples', () => {
    expect(() => summarize([])).toThrow('no samples');
  });

  it('lets no wrong answer pass the output check', () => {
    expect(maxAbsDiff([1, 2, 3], [1, 2.5, 3])).toBe(0.5);
    expect(maxAbsDiff([1, 2], [1, 2, 3])).toBe(Infinity);
    expect(maxAbsDiff([Number.NaN], [0])).toBe(Infinity);
  });
});
