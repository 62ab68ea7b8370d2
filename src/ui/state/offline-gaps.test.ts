import { describe, expect, it } from 'vitest';
import { offlineGaps } from './offline-gaps.ts';

const demos = [
  { id: 'sign', files: ['det', 'rec', 'rec/1/keys.txt'] },
  { id: 'voice', files: ['vad'] },
  { id: 'risk', files: ['risk'] },
];

describe('offlineGaps', () => {
  it('is ready when the precache is complete and every demo that ran is stored', () => {
    const gaps = offlineGaps(demos, ['det', 'rec', 'rec/1/keys.txt', 'vad'], ['sign', 'voice'], true);
    expect(gaps).toEqual({ ready: true, ranMissing: [], notStored: ['risk'], buildsMissing: [] });
  });
  it('a demo whose weights are stored but not a file beside them does not work offline', () => {
    const gaps = offlineGaps(demos, ['det', 'rec'], ['sign'], true);
    expect(gaps.ready).toBe(false);
    expect(gaps.ranMissing).toEqual(['sign']);
  });
  it('is never ready before the app itself is precached', () => {
    const all = ['det', 'rec', 'rec/1/keys.txt', 'vad', 'risk'];
    expect(offlineGaps(demos, all, [], false)).toEqual({ ready: false, ranMissing: [], notStored: [], buildsMissing: [] });
  });
  it('is not ready while an onnxruntime build that ran a demo is not stored', () => {
    const stored = ['det', 'rec', 'rec/1/keys.txt'];
    expect(offlineGaps(demos, stored, ['sign'], true, ['wasm'])).toMatchObject({ ready: false, ranMissing: [], buildsMissing: ['wasm'] });
    expect(offlineGaps(demos, stored, ['sign'], true, []).ready).toBe(true);
  });
  it('a demo not run yet does not block readiness but is named as not stored', () => {
    const gaps = offlineGaps(demos, [], [], true);
    expect(gaps.ready).toBe(true);
    expect(gaps.notStored).toEqual(['sign', 'voice', 'risk']);
  });
});
