import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import { decodeWav } from '../vad/wav.ts';
import { featureStep, initialFeatureState, rescaleMel, type FeatureState } from './features.ts';
import { CHUNK_SAMPLES, EMBEDDING_SIZE, MEL_BANDS, MEL_CONTEXT_SAMPLES, MEL_WINDOW } from './openwakeword.ts';

// The reference: the models run directly with onnxruntime-node the way upstream's streaming
// AudioFeatures runs them (one mel call per 80 ms over those samples and the 480 before,
// then windows of 76 mel frames every 8), written here as a batch over the whole clip
// without any of our pipeline code. One mel call over the whole clip would NOT do: the mel
// model floors its dB values at 80 dB below the loudest bin of its input (a clip-wide floor
// changes the quiet frames), which upstream notes as streaming != whole clip.
const runner = nodeRunner('models');
let mel: ort.InferenceSession;
let embedding: ort.InferenceSession;
let jarvis: ort.InferenceSession;
beforeAll(async () => {
  mel = await ort.InferenceSession.create('models/oww-melspectrogram/1/model.onnx');
  embedding = await ort.InferenceSession.create('models/oww-embedding/1/model.onnx');
  jarvis = await ort.InferenceSession.create('models/oww-hey-jarvis/1/model.onnx');
});
afterAll(async () => {
  await runner.release();
  await Promise.all([mel.release(), embedding.release(), jarvis.release()]);
});

/** The known clip, 16 kHz, as 16-bit values, cut to whole 80 ms chunks. */
function clip(): Float32Array {
  const wav = decodeWav(readFileSync('public/samples/wakeword/en-hey-jarvis.wav'));
  expect(wav.sampleRate).toBe(16000);
  const whole = Math.floor(wav.samples.length / CHUNK_SAMPLES) * CHUNK_SAMPLES;
  return Float32Array.from(wav.samples.subarray(0, whole), (v) => Math.round(v * 32768));
}

async function referenceEmbeddings(audio: Float32Array): Promise<Float32Array[]> {
  // A stream starts from 480 zero samples and 76 all-ones mel frames (upstream's buffer).
  const padded = new Float32Array(MEL_CONTEXT_SAMPLES + audio.length);
  padded.set(audio, MEL_CONTEXT_SAMPLES);
  const chunks = audio.length / CHUNK_SAMPLES;
  const spectrogram = new Float32Array((MEL_WINDOW + chunks * 8) * MEL_BANDS).fill(1);
  for (let k = 0; k < chunks; k++) {
    const input = padded.slice(k * CHUNK_SAMPLES, (k + 1) * CHUNK_SAMPLES + MEL_CONTEXT_SAMPLES);
    const out = (await mel.run({ input: new ort.Tensor('float32', input, [1, input.length]) }))['output']!;
    expect(out.dims).toEqual([1, 1, 8, MEL_BANDS]);
    (out.data as Float32Array).forEach((v, i) => (spectrogram[(MEL_WINDOW + k * 8) * MEL_BANDS + i] = v / 10 + 2));
  }
  const batch = new Float32Array(chunks * MEL_WINDOW * MEL_BANDS);
  for (let k = 0; k < chunks; k++) batch.set(spectrogram.subarray((k + 1) * 8 * MEL_BANDS, ((k + 1) * 8 + MEL_WINDOW) * MEL_BANDS), k * MEL_WINDOW * MEL_BANDS);
  const result = await embedding.run({ input_1: new ort.Tensor('float32', batch, [chunks, MEL_WINDOW, MEL_BANDS, 1]) });
  const data = result['conv2d_19']!.data as Float32Array;
  return Array.from({ length: chunks }, (_, k) => data.slice(k * EMBEDDING_SIZE, (k + 1) * EMBEDDING_SIZE));
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('openWakeWord features, step by step, against the models run directly over a known clip', () => {
  it('rescales mel values as upstream does (x / 10 + 2)', () => {
    expect(rescaleMel(-100)).toBe(-8);
    expect(rescaleMel(0)).toBe(2);
    expect(rescaleMel(35)).toBeCloseTo(5.5, 10);
  });

  it('gives every 80 ms the embedding of the latest 76 mel frames, as upstream streams them', async () => {
    const audio = clip();
    const reference = await referenceEmbeddings(audio);
    let state: FeatureState = initialFeatureState();
    let worst = 0;
    for (let k = 0; k < reference.length; k++) {
      state = await featureStep(state, audio.subarray(k * CHUNK_SAMPLES, (k + 1) * CHUNK_SAMPLES), runner.run);
      const latest = state.embeddings!.subarray(state.embeddings!.length - EMBEDDING_SIZE);
      worst = Math.max(worst, maxDiff(latest, reference[k]!));
    }
    expect(worst).toBeLessThan(1e-3);
    expect(reference.length).toBeGreaterThan(60);
  });

  it('keeps the last 76 mel frames: after a step, the newest 8 are the mel model on tail + chunk', async () => {
    const audio = clip().subarray(20 * CHUNK_SAMPLES, 22 * CHUNK_SAMPLES);
    const first = await featureStep(initialFeatureState(), audio.subarray(0, CHUNK_SAMPLES), runner.run);
    const second = await featureStep(first, audio.subarray(CHUNK_SAMPLES), runner.run);
    const direct = (await mel.run({ input: new ort.Tensor('float32', Float32Array.from(audio.subarray(CHUNK_SAMPLES - MEL_CONTEXT_SAMPLES)), [1, 1760]) }))['output']!;
    expect(maxDiff(second.mel.subarray((MEL_WINDOW - 8) * MEL_BANDS), Array.from(direct.data as Float32Array, (v) => v / 10 + 2))).toBeLessThan(1e-6);
    expect(Array.from(second.mel.subarray(0, (MEL_WINDOW - 16) * MEL_BANDS))).toEqual(new Array((MEL_WINDOW - 16) * MEL_BANDS).fill(1));
    expect(Array.from(second.tail)).toEqual(Array.from(audio.subarray(2 * CHUNK_SAMPLES - MEL_CONTEXT_SAMPLES)));
  });

  it('refuses a chunk that is not 80 ms', async () => {
    await expect(featureStep(initialFeatureState(), new Float32Array(1000), runner.run)).rejects.toThrow(/1280 samples/);
  });

  it('the hey-jarvis classifier on the reference embeddings scores the clip above 0.5', async () => {
    const reference = await referenceEmbeddings(clip());
    let best = 0;
    for (let k = 15; k < reference.length; k++) {
      const window = new Float32Array(16 * EMBEDDING_SIZE);
      reference.slice(k - 15, k + 1).forEach((e, i) => window.set(e, i * EMBEDDING_SIZE));
      const out = await jarvis.run({ 'x.1': new ort.Tensor('float32', window, [1, 16, EMBEDDING_SIZE]) });
      best = Math.max(best, (Object.values(out)[0]!.data as Float32Array)[0]!);
    }
    expect(best).toBeGreaterThan(0.5);
  });
});
