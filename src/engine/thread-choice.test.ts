import { describe, expect, it } from 'vitest';
import { CHOICE_MAX_AGE_MS, needsCalibration, parseThreadChoice, pickThreads, threadCandidates, type ThreadChoice } from './thread-choice.ts';

const choice: ThreadChoice = {
  threads: 2,
  figures: [
    { threads: 1, medianMs: 400 },
    { threads: 2, medianMs: 250 },
  ],
  model: 'ppocr-rec',
  measuredAt: '2026-12-01T10:00:00.000Z',
  cores: 2,
  userAgent: 'Chromium/156',
};

describe('threadCandidates', () => {
  it('tries powers of two up to the cores (at most 8), and the core count itself', () => {
    expect(threadCandidates(2, true)).toEqual([1, 2]);
    expect(threadCandidates(6, true)).toEqual([1, 2, 4, 6]);
    expect(threadCandidates(16, true)).toEqual([1, 2, 4, 8]);
  });
  it('is one thread without cross-origin isolation or with one core', () => {
    expect(threadCandidates(8, false)).toEqual([1]);
    expect(threadCandidates(1, true)).toEqual([1]);
  });
});

describe('pickThreads', () => {
  it('takes the fastest count', () => {
    expect(pickThreads([{ threads: 1, medianMs: 400 }, { threads: 2, medianMs: 250 }, { threads: 4, medianMs: 180 }])).toBe(4);
  });
  it('keeps fewer threads when more are not at least 5 % faster (a loaded machine: more is slower)', () => {
    expect(pickThreads([{ threads: 1, medianMs: 400 }, { threads: 2, medianMs: 390 }])).toBe(1);
    expect(pickThreads([{ threads: 1, medianMs: 567 }, { threads: 2, medianMs: 1163 }])).toBe(1);
    expect(pickThreads([{ threads: 4, medianMs: 100 }, { threads: 2, medianMs: 102 }, { threads: 1, medianMs: 300 }])).toBe(2);
  });
  it('ignores failed figures and falls back to one thread', () => {
    expect(pickThreads([{ threads: 2, medianMs: NaN }, { threads: 1, medianMs: 10 }])).toBe(1);
    expect(pickThreads([])).toBe(1);
  });
});

describe('needsCalibration', () => {
  const now = Date.parse(choice.measuredAt) + 1000;
  it('measures when nothing is stored, the device changed, or the choice is old', () => {
    expect(needsCalibration(undefined, { cores: 2, userAgent: 'Chromium/156', now })).toBe(true);
    expect(needsCalibration(choice, { cores: 2, userAgent: 'Chromium/156', now })).toBe(false);
    expect(needsCalibration(choice, { cores: 4, userAgent: 'Chromium/156', now })).toBe(true);
    expect(needsCalibration(choice, { cores: 2, userAgent: 'Chromium/157', now })).toBe(true);
    expect(needsCalibration(choice, { cores: 2, userAgent: 'Chromium/156', now: now + CHOICE_MAX_AGE_MS })).toBe(true);
    // A clock set back before the measurement: measure again rather than trust it.
    expect(needsCalibration(choice, { cores: 2, userAgent: 'Chromium/156', now: now - 10_000 })).toBe(true);
  });
});

describe('parseThreadChoice', () => {
  it('keeps a valid record and refuses broken ones', () => {
    expect(parseThreadChoice(JSON.parse(JSON.stringify(choice)))).toEqual(choice);
    expect(parseThreadChoice({ ...choice, threads: 0 })).toBeUndefined();
    expect(parseThreadChoice({ ...choice, measuredAt: 'yesterday' })).toBeUndefined();
    expect(parseThreadChoice({ ...choice, figures: [{ threads: 1, medianMs: -1 }] })).toBeUndefined();
    expect(parseThreadChoice('2')).toBeUndefined();
    expect(parseThreadChoice(null)).toBeUndefined();
  });
});
