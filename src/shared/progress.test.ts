import { describe, expect, it } from 'vitest';
import { overallPercent, throttleProgress } from './progress.ts';
import type { LoadProgress } from './protocol.ts';

const at = (phase: LoadProgress['phase'], loaded: number, total: number): LoadProgress => ({ modelId: 'm', phase, loaded, total });

describe('overallPercent', () => {
  it('grows across phases in load order and ends at 100', () => {
    const sequence = [at('download', 0, 10), at('download', 5, 10), at('download', 10, 10), at('verify', 0, 1), at('verify', 1, 1), at('compile', 1, 1), at('warmup', 1, 1), at('done', 1, 1)];
    const percents = sequence.map(overallPercent);
    expect(percents).toEqual([0, 40, 80, 80, 88, 96, 100, 100]);
  });
  it('an unknown total does not produce NaN or overshoot', () => {
    expect(overallPercent(at('download', 5, 0))).toBe(0);
    expect(overallPercent(at('download', 15, 10))).toBe(80);
  });
});

describe('throttleProgress', () => {
  it('passes about one download event per percent, every other phase, and the last byte', () => {
    const seen: LoadProgress[] = [];
    const report = throttleProgress((p) => seen.push(p));
    for (let loaded = 0; loaded <= 100_000; loaded += 100) report(at('download', loaded, 100_000));
    report(at('verify', 0, 1));
    const downloads = seen.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThan(70);
    expect(downloads.length).toBeLessThan(90);
    expect(downloads.at(-1)!.loaded).toBe(100_000);
    expect(seen.at(-1)!.phase).toBe('verify');
  });
});
