/**
 * Speech segments from per-frame probabilities by hysteresis, the rule Silero's own
 * `get_speech_timestamps` uses: speech starts at a frame with p ≥ `startThreshold`, and ends
 * once p has stayed below `endThreshold` for `minSilenceMs`; frames between the two
 * thresholds continue whatever is going on, so a wobbling probability does not chop a phrase.
 */

/** One model call: 512 samples (32 ms) at 16 kHz; the last frame of a clip may be shorter. */
export interface Frame {
  startMs: number;
  endMs: number;
  probability: number;
}

/** A stretch of speech, padded by `padMs` each side; `peak` is its highest frame probability. */
export interface Segment {
  startMs: number;
  endMs: number;
  peak: number;
}

export interface SegmentParams {
  /** p at or above this starts speech. */
  startThreshold: number;
  /** p below this counts as silence (0.15 under the start threshold, as Silero does). */
  endThreshold: number;
  /** Silence this long ends a segment: shorter pauses (between words) stay inside it. */
  minSilenceMs: number;
  /** Speech shorter than this (a click, a cough) is dropped. */
  minSpeechMs: number;
  /** Added before and after each segment so onsets and trailing consonants are not clipped. */
  padMs: number;
}

/** The defaults: thresholds from Silero's defaults (0.5, 0.5 − 0.15), silence and speech lengths for short commands. */
export const DEFAULT_SEGMENT_PARAMS: Readonly<SegmentParams> = Object.freeze({
  startThreshold: 0.5,
  endThreshold: 0.35,
  minSilenceMs: 100,
  minSpeechMs: 250,
  padMs: 30,
});

/** Incremental segmentation: feed frames in order, `end()` when the audio ends. */
export interface Segmenter {
  /** Adds a frame; returns the segment it closed, if any. */
  add(frame: Frame): Segment | undefined;
  /** Closes the open segment at the last frame's end (if long enough) and returns it. */
  end(): Segment | undefined;
}

export function createSegmenter(params: Partial<SegmentParams> = {}): Segmenter {
  const p = { ...DEFAULT_SEGMENT_PARAMS, ...params };
  if (!(p.endThreshold <= p.startThreshold)) throw new RangeError(`endThreshold ${p.endThreshold} must not exceed startThreshold ${p.startThreshold}`);
  let start: number | undefined;
  let silenceFrom: number | undefined;
  let peak = 0;
  let lastEnd = 0;

  const close = (endMs: number, audioEnd: number): Segment | undefined => {
    const s = start!;
    start = silenceFrom = undefined;
    if (endMs - s < p.minSpeechMs) return undefined;
    return { startMs: Math.max(0, s - p.padMs), endMs: Math.min(audioEnd, endMs + p.padMs), peak };
  };

  return {
    add(frame) {
      lastEnd = frame.endMs;
      if (start === undefined) {
        if (frame.probability >= p.startThreshold) {
          start = frame.startMs;
          peak = frame.probability;
        }
        return undefined;
      }
      if (frame.probability >= p.endThreshold) {
        silenceFrom = undefined;
        peak = Math.max(peak, frame.probability);
        return undefined;
      }
      silenceFrom ??= frame.startMs;
      return frame.endMs - silenceFrom >= p.minSilenceMs ? close(silenceFrom, frame.endMs) : undefined;
    },
    end() {
      return start === undefined ? undefined : close(silenceFrom ?? lastEnd, lastEnd);
    },
  };
}

/** Segments of a whole clip's frames. */
export function segmentFrames(frames: readonly Frame[], params: Partial<SegmentParams> = {}): Segment[] {
  const segmenter = createSegmenter(params);
  const segments = frames.map((f) => segmenter.add(f)).filter((s): s is Segment => s !== undefined);
  const last = segmenter.end();
  return last ? [...segments, last] : segments;
}
