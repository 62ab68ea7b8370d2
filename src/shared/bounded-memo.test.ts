import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.ts';

describe('BoundedMemo', () => {
  it('keeps answers until it holds its size, then forgets them all before keeping the next', () => {
    const memo = new BoundedMemo<string, number>(2);
    expect(memo.set('a', 1)).toBe(1);
    memo.set('b', 2);
    expect([memo.get('a'), memo.get('b')]).toEqual([1, 2]);
    memo.set('c', 3);
    expect([memo.get('a'), memo.get('b'), memo.get('c')]).toEqual([undefined, undefined, 3]);
  });
});
