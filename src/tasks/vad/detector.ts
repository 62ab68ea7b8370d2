/**
 * A streaming voice activity detector over Silero VAD v5: push 16 kHz mono audio in chunks
 * of any length (a microphone's 128-sample worklet blocks, a file's whole buffer), get a
 * probability for every complete 512-sample frame, and speech segments by hysteresis.
 */
import type { ModelRunner } from '../model-runner.ts';
import { createSegmenter, type Frame, type Segment, type SegmentParams } from './segmenter.ts';
import {
  SILERO_CONTEXT_SAMPLES,
  SILERO_FRAME_SAMPLES,
  SILERO_MODEL_ID,
  SILERO_SAMPLE_RATE,
  initialState,
  readSilero,
  sileroFeeds,
} from './silero.ts';

export interface VadOptions {
  /** Catalog id of the model; `silero-vad` unless a test repository names another. */
  modelId?: string;
  /** Segmentation thresholds and lengths; see DEFAULT_SEGMENT_PARAMS. */
  segments?: Partial<SegmentParams>;
  /** Passed to every model call; an aborted detector needs `reset()` before more audio. */
  signal?: AbortSignal;
}

export interface Vad {
  /**
   * Buffers `samples` (16 kHz mono, any length; copied, so the caller may reuse its buffer)
   * and runs the model on every complete frame. Calls are queued, so the recurrent state
   * always follows the audio's order even when a caller does not await.
   */
  push(samples: Float32Array): Promise<Frame[]>;
  /** Ends the stream: runs the partial last frame (zero-padded, as Silero's own code does) and closes an open segment. */
  flush(): Promise<Frame[]>;
  /** Forgets audio, state, context and segments, ready for a new stream. */
  reset(): void;
  /** Closed segments so far (after `flush()`, all of them). */
  segments(): Segment[];
}

const MS_PER_SAMPLE = 1000 / SILERO_SAMPLE_RATE;

export function createVad(run: ModelRunner, options: VadOptions = {}): Vad {
  const modelId = options.modelId ?? SILERO_MODEL_ID;
  // The window the model sees: 64 samples of context, then the frame being filled.
  let window = new Float32Array(SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES);
  let filled = 0;
  let state = initialState();
  let samplesDone = 0;
  let segmenter = createSegmenter(options.segments);
  let closed: Segment[] = [];
  let flushed = false;
  let queue: Promise<unknown> = Promise.resolve();
  // Bumped by reset() so a queued call from before it cannot touch the new stream.
  let generation = 0;

  const runFrame = async (validSamples: number): Promise<Frame> => {
    const mine = generation;
    const feeds = sileroFeeds(window, state);
    const next = new Float32Array(window.length);
    next.set(window.subarray(window.length - SILERO_CONTEXT_SAMPLES));
    window = next;
    filled = 0;
    const outputs = await run(modelId, feeds, options.signal);
    if (mine !== generation) throw new Error('the detector was reset during a model call');
    const { probability, state: nextState } = readSilero(outputs);
    state = nextState;
    const frame = { startMs: samplesDone * MS_PER_SAMPLE, endMs: (samplesDone + validSamples) * MS_PER_SAMPLE, probability };
    samplesDone += validSamples;
    const segment = segmenter.add(frame);
    if (segment) closed.push(segment);
    return frame;
  };

  const enqueue = <T>(job: () => Promise<T>): Promise<T> => {
    const mine = generation;
    const result = queue.then(() => {
      if (mine !== generation) throw new Error('the detector was reset while this call was queued');
      return job();
    });
    queue = result.catch(() => undefined);
    return result;
  };

  // Rejects rather than throws: callers of a Promise-returning method expect a rejection.
  const afterFlush = () => Promise.reject(new Error('the detector was flushed: call reset() before pushing a new stream'));

  return {
    push(samples) {
      if (flushed) return afterFlush();
      const copy = Float32Array.from(samples);
      return enqueue(async () => {
        const frames: Frame[] = [];
        let at = 0;
        while (at < copy.length) {
          const take = Math.min(SILERO_FRAME_SAMPLES - filled, copy.length - at);
          window.set(copy.subarray(at, at + take), SILERO_CONTEXT_SAMPLES + filled);
          filled += take;
          at += take;
          if (filled === SILERO_FRAME_SAMPLES) frames.push(await runFrame(SILERO_FRAME_SAMPLES));
        }
        return frames;
      });
    },
    flush() {
      if (flushed) return afterFlush();
      flushed = true;
      return enqueue(async () => {
        const frames: Frame[] = [];
        if (filled > 0) {
          window.fill(0, SILERO_CONTEXT_SAMPLES + filled);
          frames.push(await runFrame(filled));
        }
        const last = segmenter.end();
        if (last) closed.push(last);
        return frames;
      });
    },
    reset() {
      generation++;
      window = new Float32Array(SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES);
      filled = 0;
      state = initialState();
      samplesDone = 0;
      segmenter = createSegmenter(options.segments);
      closed = [];
      flushed = false;
    },
    segments: () => [...closed],
  };
}
