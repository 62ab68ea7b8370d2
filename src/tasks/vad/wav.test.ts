import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWav } from './wav.ts';

/** A RIFF/WAVE file with the given PCM16 frames (interleaved) and optional extra chunks before `data`. */
function wav(samples: number[], { channels = 1, rate = 16000, bits = 16, code = 1, extra = new Uint8Array(0) } = {}): Uint8Array {
  const data = samples.length * 2;
  const bytes = new Uint8Array(44 + extra.length + data);
  const v = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  v.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, code, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, bits, true);
  bytes.set(extra, 36);
  ascii(36 + extra.length, 'data');
  v.setUint32(40 + extra.length, data, true);
  samples.forEach((s, i) => v.setInt16(44 + extra.length + i * 2, s, true));
  return bytes;
}

describe('decodeWav', () => {
  it('decodes mono PCM16 to [-1, 1)', () => {
    expect(decodeWav(wav([0, 16384, -32768, 32767]))).toEqual({ sampleRate: 16000, channels: 1, samples: Float32Array.of(0, 0.5, -1, 32767 / 32768) });
  });

  it('mixes stereo down to mono', () => {
    const { channels, samples } = decodeWav(wav([16384, 0, -16384, -16384], { channels: 2, rate: 48000 }));
    expect(channels).toBe(2);
    expect([...samples]).toEqual([0.25, -0.5]);
  });

  it('skips other chunks, including an odd-sized one with its pad byte', () => {
    const list = Uint8Array.of(...[...'LIST'].map((c) => c.charCodeAt(0)), 3, 0, 0, 0, 1, 2, 3, 0);
    expect([...decodeWav(wav([8192], { extra: list })).samples]).toEqual([0.25]);
  });

  it('explains what it cannot read', () => {
    expect(() => decodeWav(new TextEncoder().encode('hello, this is not audio'))).toThrow(/not a WAV/);
    expect(() => decodeWav(wav([0], { bits: 24 }))).toThrow(/16-bit PCM/);
    expect(() => decodeWav(wav([0], { code: 3 }))).toThrow(/not supported/);
    expect(() => decodeWav(wav([0, 0, 0], { channels: 3 }))).toThrow(/3 channels/);
  });

  it('reads a committed sample at its documented length', () => {
    const { samples: list } = JSON.parse(readFileSync('public/samples/vad/samples.json', 'utf8')) as { samples: { file: string; durationMs: number }[] };
    const clip = decodeWav(readFileSync(`public/samples/vad/${list[1]!.file}`));
    expect(clip.sampleRate).toBe(16000);
    expect((clip.samples.length / 16000) * 1000).toBeCloseTo(list[1]!.durationMs, 0);
  });
});
