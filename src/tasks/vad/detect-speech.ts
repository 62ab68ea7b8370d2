/** Voice activity for a whole clip: resample to 16 kHz, run every frame, segment. */
import type { ModelRunner } from '../model-runner.ts';
import { createVad, type VadOptions } from './detector.ts';
import { resample } from './resample.ts';
import type { Frame, Segment } from './segmenter.ts';
import { SILERO_SAMPLE_RATE } from './silero.ts';

export interface SpeechDetection {
  frames: Frame[];
  segments: Segment[];
}

/**
 * Runs the detector over `samples` (mono; the caller mixes channels down, e.g. with
 * `decodeWav`) recorded at `sampleRate` Hz. Times are in ms of the original clip.
 */
export async function detectSpeech(samples: Float32Array, sampleRate: number, run: ModelRunner, options: VadOptions = {}): Promise<SpeechDetection> {
  const vad = createVad(run, options);
  const frames = await vad.push(resample(samples, sampleRate, SILERO_SAMPLE_RATE));
  frames.push(...(await vad.flush()));
  return { frames, segments: vad.segments() };
}
