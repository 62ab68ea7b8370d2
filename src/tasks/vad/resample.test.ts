import { describe, expect, it } from 'vitest';
import { resample, resampledLength } from './resample.ts';

const tone = (hz: number, rate: number, seconds: number) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));
const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
/** The middle of a signal, away from the edges (treated as silence). */
const middle = (a: Float32Array) => a.subarray(Math.floor(a.length / 4), Math.floor((3 * a.length) / 4));

describe('resample', () => {
  it('keeps the duration', () => {
    expect(resample(new Float32Array(48000), 48000, 16000)).toHaveLength(16000);
    expect(resample(new Float32Array(44100), 44100, 16000)).toHaveLength(16000);
    expect(resample(new Float32Array(8000), 8000, 16000)).toHaveLength(16000);
    expect(resampledLength(1000, 44100, 16000)).toBe(363);
  });

  it('returns the same samples at the same rate', () => {
    const a = tone(440, 16000, 0.01);
    expect(resample(a, 16000, 16000)).toBe(a);
  });

  it('keeps a constant constant and a pass-band tone in place', () => {
    expect(Math.max(...middle(resample(new Float32Array(4800).fill(0.25), 48000, 16000)).map((v) => Math.abs(v - 0.25)))).toBeLessThan(1e-6);
    for (const [from, to] of [[48000, 16000], [44100, 16000], [8000, 16000]] as const) {
      const out = middle(resample(tone(1000, from, 0.2), from, to));
      const expected = middle(tone(1000, to, 0.2));
      const worst = Math.max(...out.map((v, i) => Math.abs(v - expected[i]!)));
      expect(worst, `${from} → ${to}`).toBeLessThan(0.01);
    }
  });

  it('filters out what the new rate cannot hold instead of aliasing it', () => {
    // 12 kHz at 48 kHz would fold to 4 kHz at 16 kHz without the low-pass.
    expect(rms(middle(resample(tone(12000, 48000, 0.2), 48000, 16000)))).toBeLessThan(0.01);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => resample(new Float32Array(4), 0, 16000)).toThrow(/fromRate/);
    expect(() => resample(new Float32Array(4), 16000, Number.NaN)).toThrow(/toRate/);
  });
});
