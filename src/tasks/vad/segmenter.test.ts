import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_PARAMS, createSegmenter, segmentFrames, type Frame } from './segmenter.ts';

/** 32 ms frames with the given probabilities. */
const frames = (ps: number[]): Frame[] => ps.map((probability, i) => ({ startMs: i * 32, endMs: (i + 1) * 32, probability }));
const run = (value: number, count: number) => new Array<number>(count).fill(value);

describe('segmentFrames (hysteresis)', () => {
  it('finds one padded segment with its peak', () => {
    // Speech from frame 5 (160 ms) to frame 15 (ends 512 ms), then silence.
    const ps = [...run(0.1, 5), 0.6, ...run(0.9, 8), 0.95, ...run(0.05, 10)];
    expect(segmentFrames(frames(ps))).toEqual([{ startMs: 160 - 30, endMs: 480 + 30, peak: 0.95 }]);
  });

  it('keeps probabilities between the thresholds inside speech, and needs the start threshold to begin', () => {
    const ps = [...run(0.45, 5), ...run(0.8, 5), ...run(0.4, 6), ...run(0.8, 5), ...run(0, 5)];
    // 0.45 alone never starts; 0.4 (≥ 0.35) does not end: one segment from frame 5 to 21.
    expect(segmentFrames(frames(ps))).toEqual([{ startMs: 130, endMs: 21 * 32 + 30, peak: 0.8 }]);
  });

  it('bridges pauses shorter than minSilenceMs and splits at longer ones', () => {
    const short = [...run(0.9, 10), ...run(0.1, 3), ...run(0.9, 10), ...run(0, 5)]; // 96 ms pause
    expect(segmentFrames(frames(short))).toHaveLength(1);
    const long = [...run(0.9, 10), ...run(0.1, 4), ...run(0.9, 10), ...run(0, 5)]; // 128 ms pause
    expect(segmentFrames(frames(long)).map((s) => [s.startMs, s.endMs])).toEqual([
      [0, 320 + 30],
      [14 * 32 - 30, 24 * 32 + 30],
    ]);
  });

  it('drops speech shorter than minSpeechMs', () => {
    const ps = [...run(0, 5), ...run(0.9, 7), ...run(0, 10), ...run(0.9, 8), ...run(0, 10)]; // 224 ms, then 256 ms
    expect(segmentFrames(frames(ps)).map((s) => s.startMs)).toEqual([22 * 32 - 30]);
  });

  it('closes speech still open at the end, clamped to the audio', () => {
    expect(segmentFrames(frames([...run(0, 2), ...run(0.9, 10)]))).toEqual([{ startMs: 34, endMs: 384, peak: 0.9 }]);
  });

  it('reports a segment as soon as its silence is long enough (streaming)', () => {
    const s = createSegmenter();
    const fs = frames([...run(0.9, 10), ...run(0, 4)]);
    expect(fs.slice(0, 13).map((f) => s.add(f))).toEqual(new Array(13).fill(undefined));
    expect(s.add(fs[13]!)).toEqual({ startMs: 0, endMs: 350, peak: 0.9 });
    expect(s.end()).toBeUndefined();
  });

  it('takes other parameters and refuses crossed thresholds', () => {
    expect(DEFAULT_SEGMENT_PARAMS).toEqual({ startThreshold: 0.5, endThreshold: 0.35, minSilenceMs: 100, minSpeechMs: 250, padMs: 30 });
    expect(segmentFrames(frames(run(0.3, 10)), { startThreshold: 0.25, endThreshold: 0.2, padMs: 0 })).toEqual([{ startMs: 0, endMs: 320, peak: 0.3 }]);
    expect(() => createSegmenter({ startThreshold: 0.3, endThreshold: 0.4 })).toThrow(RangeError);
  });
});
