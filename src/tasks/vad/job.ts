/**
 * Voice activity over a whole clip as a job: 16-bit PCM in (the WAV a datacenter run
 * uploads holds exactly these samples, so both places see the same audio), frames and
 * speech segments out. Pushed in one-second chunks so a long recording reports progress.
 * Served in the datacenter as the v2 pipeline model `vad`.
 */
import type { Task } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { bytesTensor, floatTable, readFloatRows, readSingleBytes } from '../wire.ts';
import { createVad } from './detector.ts';
import { resample } from './resample.ts';
import type { Frame, Segment } from './segmenter.ts';
import { SILERO_MODEL_ID, SILERO_SAMPLE_RATE } from './silero.ts';
import { decodeWav, encodeWav } from './wav.ts';

export interface VadJobInput {
  /** Mono 16-bit samples. */
  pcm: Int16Array;
  sampleRate: number;
}

/** What a VAD job reports as it goes: the frames of the latest second. */
export type VadPartial = Frame[];

export interface VadJobResult {
  frames: Frame[];
  segments: Segment[];
  durationMs: number;
}

/** Clips longer than this are refused: an hour of audio is 112 k model calls. */
export const MAX_VAD_SECONDS = 60 * 60;

export const vadTask: Task<VadJobInput, VadJobResult> = {
  id: 'vad',
  models: [SILERO_MODEL_ID],
  size: (input) => ({ work: input.pcm.length / input.sampleRate, unit: 'second', uploadBytes: 44 + input.pcm.length * 2 }),
  async run(input, { run, signal, onProgress, onPartial }) {
    const seconds = input.pcm.length / input.sampleRate;
    if (!(input.sampleRate >= 4000 && input.sampleRate <= 192_000)) throw new TaskInputError(`a sample rate of ${input.sampleRate} Hz is not audio this task reads`);
    if (seconds > MAX_VAD_SECONDS) throw new TaskInputError(`the recording is ${Math.round(seconds / 60)} minutes long; at most ${MAX_VAD_SECONDS / 60} minutes are read`);
    const samples = new Float32Array(input.pcm.length);
    for (let i = 0; i < samples.length; i++) samples[i] = input.pcm[i]! / 32768;
    const audio = resample(samples, input.sampleRate, SILERO_SAMPLE_RATE);
    const vad = createVad(run, signal ? { signal } : {});
    const frames: Frame[] = [];
    const total = Math.ceil(audio.length / SILERO_SAMPLE_RATE);
    for (let second = 0; second < total; second++) {
      signal?.throwIfAborted();
      const heard = await vad.push(audio.subarray(second * SILERO_SAMPLE_RATE, (second + 1) * SILERO_SAMPLE_RATE));
      frames.push(...heard);
      // The timeline fills as it goes: a ten-minute recording shows its first minutes at once.
      onPartial?.(heard satisfies VadPartial);
      onProgress?.({ step: 'listen', done: second + 1, total });
    }
    frames.push(...(await vad.flush()));
    return { frames, segments: vad.segments(), durationMs: seconds * 1000 };
  },
  wire: {
    inputs: [{ name: 'audio', datatype: 'BYTES', shape: [1] }],
    outputs: [
      { name: 'frames', datatype: 'FP32', shape: [-1, 3] },
      { name: 'segments', datatype: 'FP32', shape: [-1, 3] },
      { name: 'duration_ms', datatype: 'FP32', shape: [1] },
    ],
    encodeInput: (input) => ({ audio: bytesTensor(encodeWav(input.pcm, input.sampleRate)) }),
    decodeInput(tensors) {
      let wav;
      try {
        wav = decodeWav(readSingleBytes(tensors, 'audio'));
      } catch (error) {
        throw new TaskInputError(`'audio' must be a WAV file: ${(error as Error).message}`);
      }
      const pcm = new Int16Array(wav.samples.length);
      for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(wav.samples[i]! * 32768);
      return { pcm, sampleRate: wav.sampleRate };
    },
    encodeResult: (result) => ({
      frames: floatTable(result.frames.map((f) => [f.startMs, f.endMs, f.probability]), [3]),
      segments: floatTable(result.segments.map((s) => [s.startMs, s.endMs, s.peak]), [3]),
      duration_ms: { type: 'float32', dims: [1], data: Float32Array.of(result.durationMs) },
    }),
    decodeResult(tensors) {
      const frames = readFloatRows(tensors, 'frames', [3]).map(([startMs, endMs, probability]) => ({ startMs: startMs!, endMs: endMs!, probability: probability! }));
      const segments = readFloatRows(tensors, 'segments', [3]).map(([startMs, endMs, peak]) => ({ startMs: startMs!, endMs: endMs!, peak: peak! }));
      const [durationMs] = readFloatRows(tensors, 'duration_ms', []).map((row) => row[0]!);
      return { frames, segments, durationMs: durationMs ?? 0 };
    },
  },
};
