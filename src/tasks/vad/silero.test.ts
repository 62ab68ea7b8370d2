import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import { decodeWav, detectSpeech } from './index.ts';

interface Known {
  file: string;
  segments: { startMs: number; endMs: number }[];
}

const TOLERANCE_MS = 150;
const runner = nodeRunner('models');
afterAll(() => runner.release());

describe('Silero VAD v5 on onnxruntime-node', () => {
  it('finds the known speech of the English car-command clip within ±150 ms', async () => {
    const { samples } = JSON.parse(readFileSync('public/samples/vad/samples.json', 'utf8')) as { samples: Known[] };
    const known = samples.find((s) => s.file === 'en-car-commands.wav')!;
    const clip = decodeWav(readFileSync(`public/samples/vad/${known.file}`));
    const { frames, segments } = await detectSpeech(clip.samples, clip.sampleRate, runner.run);
    expect(frames).toHaveLength(Math.ceil(clip.samples.length / 512));
    expect(segments).toHaveLength(known.segments.length);
    segments.forEach((s, i) => {
      expect(Math.abs(s.startMs - known.segments[i]!.startMs)).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(Math.abs(s.endMs - known.segments[i]!.endMs)).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(s.peak).toBeGreaterThan(0.9);
    });
  });

  it('gives the same segments from a 48 kHz copy of the clip (resampled back to 16 kHz)', async () => {
    const clip = decodeWav(readFileSync('public/samples/vad/en-car-commands.wav'));
    // Linear upsampling is enough to make a 48 kHz input; detectSpeech must bring it back.
    const up = Float32Array.from({ length: clip.samples.length * 3 }, (_, i) => {
      const a = clip.samples[Math.floor(i / 3)]!;
      const b = clip.samples[Math.min(clip.samples.length - 1, Math.floor(i / 3) + 1)]!;
      return a + ((b - a) * (i % 3)) / 3;
    });
    const at16 = await detectSpeech(clip.samples, 16000, runner.run);
    const at48 = await detectSpeech(up, 48000, runner.run);
    expect(at48.segments).toHaveLength(at16.segments.length);
    at48.segments.forEach((s, i) => expect(Math.abs(s.startMs - at16.segments[i]!.startMs)).toBeLessThanOrEqual(64));
  });

  it('scores silence as silence', async () => {
    const { frames, segments } = await detectSpeech(new Float32Array(16000), 16000, runner.run);
    expect(segments).toEqual([]);
    expect(Math.max(...frames.map((f) => f.probability))).toBeLessThan(0.1);
  });
});
