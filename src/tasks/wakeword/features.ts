/**
 * openWakeWord's shared front end as one pure step: 80 ms of audio in, one 96-value speech
 * embedding out, with everything it must remember carried in a plain state object (so a
 * stream can be cut into jobs, each starting from the last one's state, and the state can
 * cross the worker boundary or the network).
 */
import type { ModelRunner } from '../model-runner.ts';
import {
  CHUNK_SAMPLES,
  EMBEDDING_MODEL_ID,
  EMBEDDING_SIZE,
  EMBEDDING_WINDOW,
  MEL_BANDS,
  MEL_CONTEXT_SAMPLES,
  MEL_FRAMES_PER_CHUNK,
  MEL_MODEL_ID,
  MEL_WINDOW,
  onlyOutput,
} from './openwakeword.ts';

export interface FeatureState {
  /** The last 480 samples of the previous step (16-bit values); zeros at the start of a stream. */
  tail: Float32Array;
  /** The latest 76 mel frames, rescaled, oldest first. */
  mel: Float32Array;
  /** The latest 16 embeddings, oldest first; absent until the first step. */
  embeddings?: Float32Array;
}

/**
 * A new stream. The mel buffer starts as ones, as upstream's `AudioFeatures` does; the
 * embedding buffer is filled on the first step with the embedding of that all-ones window,
 * as if the stream had been silent before it began (upstream fills it from random noise,
 * which would make our scores differ run to run).
 */
export function initialFeatureState(): FeatureState {
  return { tail: new Float32Array(MEL_CONTEXT_SAMPLES), mel: new Float32Array(MEL_WINDOW * MEL_BANDS).fill(1) };
}

/** openWakeWord's rescaling of the mel model's output (utils.py `melspec_transform`). */
export const rescaleMel = (value: number): number => value / 10 + 2;

const embed = async (run: ModelRunner, mel: Float32Array, signal?: AbortSignal): Promise<Float32Array> => {
  const outputs = await run(EMBEDDING_MODEL_ID, { input_1: { type: 'float32', dims: [1, MEL_WINDOW, MEL_BANDS, 1], data: Float32Array.from(mel) } }, signal);
  return Float32Array.from(onlyOutput(outputs, EMBEDDING_MODEL_ID, EMBEDDING_SIZE));
};

/** `rows` with `row` appended and the oldest row dropped. */
function shiftIn(rows: Float32Array, row: Float32Array): Float32Array {
  const next = new Float32Array(rows.length);
  next.set(rows.subarray(row.length));
  next.set(row, rows.length - row.length);
  return next;
}

/**
 * One 80 ms step: `chunk` holds exactly 1280 samples as 16-bit values. Returns the new state
 * (the old one is left untouched) and the embedding window the classifiers read.
 */
export async function featureStep(state: FeatureState, chunk: Float32Array, run: ModelRunner, signal?: AbortSignal): Promise<FeatureState> {
  if (chunk.length !== CHUNK_SAMPLES) throw new Error(`a feature step takes ${CHUNK_SAMPLES} samples, got ${chunk.length}`);
  let embeddings = state.embeddings;
  if (!embeddings) {
    const start = await embed(run, state.mel, signal);
    embeddings = new Float32Array(EMBEDDING_WINDOW * EMBEDDING_SIZE);
    for (let i = 0; i < EMBEDDING_WINDOW; i++) embeddings.set(start, i * EMBEDDING_SIZE);
  }
  const audio = new Float32Array(MEL_CONTEXT_SAMPLES + CHUNK_SAMPLES);
  audio.set(state.tail);
  audio.set(chunk, MEL_CONTEXT_SAMPLES);
  const melOut = onlyOutput(
    await run(MEL_MODEL_ID, { input: { type: 'float32', dims: [1, audio.length], data: audio } }, signal),
    MEL_MODEL_ID,
    MEL_FRAMES_PER_CHUNK * MEL_BANDS,
  );
  const fresh = Float32Array.from(melOut, rescaleMel);
  const mel = shiftIn(state.mel, fresh);
  const embedding = await embed(run, mel, signal);
  return { tail: Float32Array.from(chunk.subarray(CHUNK_SAMPLES - MEL_CONTEXT_SAMPLES)), mel, embeddings: shiftIn(embeddings, embedding) };
}
