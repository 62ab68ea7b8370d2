/**
 * The speech-probability timeline as SVG points: time across 0–1000, probability up. A long
 * recording (18,750 frames in ten minutes) is reduced to at most `maxPoints`, each the
 * highest probability of its stretch, so a short burst of speech never disappears.
 */
import type { Frame } from '../tasks/vad/segmenter.ts';

export function timelinePoints(frames: readonly Frame[], startMs: number, spanMs: number, maxPoints = 2000): string {
  const width = Math.max(1, spanMs - startMs);
  const x = (ms: number) => (((ms - startMs) / width) * 1000).toFixed(1);
  const y = (p: number) => (100 - p * 90).toFixed(1);
  if (frames.length <= maxPoints) return frames.map((f) => `${x((f.startMs + f.endMs) / 2)},${y(f.probability)}`).join(' ');
  const per = Math.ceil(frames.length / maxPoints);
  const points: string[] = [];
  for (let i = 0; i < frames.length; i += per) {
    const stretch = frames.slice(i, i + per);
    const peak = Math.max(...stretch.map((f) => f.probability));
    points.push(`${x((stretch[0]!.startMs + stretch.at(-1)!.endMs) / 2)},${y(peak)}`);
  }
  return points.join(' ');
}
