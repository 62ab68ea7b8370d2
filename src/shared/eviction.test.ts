import { describe, expect, it } from 'vitest';
import { planEviction } from './eviction.ts';

const MB = 2 ** 20;
const entries = [
  { id: 'new', bytes: 5 * MB, lastUsed: 300 },
  { id: 'old', bytes: 4 * MB, lastUsed: 100 },
  { id: 'mid', bytes: 2 * MB, lastUsed: 200 },
];

describe('planEviction', () => {
  it('evicts nothing when the model fits', () => {
    expect(planEviction(entries, 3 * MB, 3 * MB, new Set())).toEqual({ evict: [], fits: true });
  });
  it('evicts least recently used first, and only as much as needed', () => {
    expect(planEviction(entries, 5 * MB, 2 * MB, new Set())).toEqual({ evict: ['old'], fits: true });
    expect(planEviction(entries, 7 * MB, 2 * MB, new Set())).toEqual({ evict: ['old', 'mid'], fits: true });
  });
  it('never evicts a model in use', () => {
    expect(planEviction(entries, 5 * MB, 2 * MB, new Set(['old']))).toEqual({ evict: ['mid', 'new'], fits: true });
  });
  it('evicts nothing when even evicting everything would not make room', () => {
    expect(planEviction(entries, 20 * MB, 2 * MB, new Set())).toEqual({ evict: [], fits: false });
    expect(planEviction(entries, 9 * MB, 1 * MB, new Set(['new']))).toEqual({ evict: [], fits: false });
  });
  it('copes with a cache already over its budget', () => {
    expect(planEviction(entries, 4 * MB, -3 * MB, new Set())).toEqual({ evict: ['old', 'mid', 'new'], fits: true });
  });
});
