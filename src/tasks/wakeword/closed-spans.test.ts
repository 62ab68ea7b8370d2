import { describe, expect, it } from 'vitest';
import { closedSpans } from './closed-spans.ts';

const frame = (endMs: number, open: boolean) => ({ endMs, open, scores: [0] });

describe('closedSpans', () => {
  it('merges consecutive closed frames and skips open ones', () => {
    const frames = [frame(80, false), frame(160, false), frame(240, true), frame(320, false), frame(400, true)];
    expect(closedSpans(frames)).toEqual([
      { startMs: 0, endMs: 160 },
      { startMs: 240, endMs: 320 },
    ]);
  });

  it('gives nothing when the gate never closed', () => {
    expect(closedSpans([frame(80, true), frame(160, true)])).toEqual([]);
  });

  it('does not merge across a gap in the frames (a live view trimmed at its start)', () => {
    expect(closedSpans([frame(800, false), frame(960, false)])).toEqual([
      { startMs: 720, endMs: 800 },
      { startMs: 880, endMs: 960 },
    ]);
  });
});
