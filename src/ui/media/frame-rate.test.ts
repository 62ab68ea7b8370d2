import { describe, expect, it } from 'vitest';
import { framesPerSecond } from './frame-rate.ts';

describe('framesPerSecond', () => {
  it('gives no rate before two frames have finished', () => {
    expect(framesPerSecond([])).toBe(0);
    expect(framesPerSecond([1234])).toBe(0);
  });
  it('counts the intervals between finished frames', () => {
    expect(framesPerSecond([0, 500, 1000])).toBe(2);
    expect(framesPerSecond([1000, 3000])).toBe(0.5);
  });
  it('follows the last frames only', () => {
    // A slow first frame (loading the models) then steady 250 ms frames.
    expect(framesPerSecond([0, 10_000, 10_250, 10_500, 10_750], 4)).toBe(4);
  });
  it('never divides by zero', () => {
    expect(framesPerSecond([5, 5])).toBe(0);
  });
});
