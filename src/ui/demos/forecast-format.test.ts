import { describe, expect, it } from 'vitest';
import { formatDay, formatMw, formatPercent } from './forecast-format.ts';

describe('forecast page formats', () => {
  it('writes MW with grouping and no decimals', () => {
    expect(formatMw('en', 29384.6)).toBe('29,385');
    expect(formatMw('ko', 29384.6)).toBe('29,385');
  });
  it('writes percentages with two decimals', () => {
    expect(formatPercent('en', 1.4057)).toBe('1.41');
    expect(formatPercent('ko', 3)).toBe('3.00');
  });
  it('writes the series’ calendar day with its weekday, the same day in every time zone', () => {
    // ICU versions differ in punctuation ("Mon 14 Aug" or "Mon, 14 Aug"): check the parts.
    expect(formatDay('en', '2000-08-14')).toMatch(/^Mon,? 14 Aug 2000$/);
    expect(formatDay('en', '2000-08-27', false)).toMatch(/^Sun,? 27 Aug$/);
    expect(formatDay('ko', '2000-08-14')).toMatch(/^2000년 8월 14일 \(?월\)?$/);
  });
});
