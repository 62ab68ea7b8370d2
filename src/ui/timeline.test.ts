import { describe, expect, it } from 'vitest';
import { timelinePoints } from './timeline.ts';

const frame = (i: number, probability: number) => ({ startMs: i * 32, endMs: (i + 1) * 32, probability });

describe('timelinePoints', () => {
  it('places each frame at its middle, probability 1 at the top', () => {
    expect(timelinePoints([frame(0, 0), frame(1, 1)], 0, 64)).toBe('250.0,100.0 750.0,10.0');
  });

  it('reduces a long recording to at most maxPoints, keeping a one-frame burst', () => {
    const frames = Array.from({ length: 18_750 }, (_, i) => frame(i, i === 9000 ? 0.97 : 0.02));
    const points = timelinePoints(frames, 0, 600_000, 2000).split(' ');
    expect(points.length).toBeLessThanOrEqual(2000);
    expect(points.some((p) => p.endsWith(',12.7'))).toBe(true);
  });
});
