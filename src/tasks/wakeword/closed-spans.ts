/** Where the VAD gate was closed (no word model ran), as stretches for shading a score line. */
import { CHUNK_SAMPLES, WAKE_SAMPLE_RATE } from './openwakeword.ts';
import type { WakeFrame } from './spotter.ts';

const FRAME_MS = (CHUNK_SAMPLES / WAKE_SAMPLE_RATE) * 1000;

/** Consecutive closed frames merged into one stretch, in ms from the start of the stream. */
export function closedSpans(frames: readonly WakeFrame[]): { startMs: number; endMs: number }[] {
  const spans: { startMs: number; endMs: number }[] = [];
  for (const frame of frames) {
    if (frame.open) continue;
    const last = spans.at(-1);
    if (last && last.endMs === frame.endMs - FRAME_MS) last.endMs = frame.endMs;
    else spans.push({ startMs: frame.endMs - FRAME_MS, endMs: frame.endMs });
  }
  return spans;
}
