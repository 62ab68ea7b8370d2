/**
 * One number for the progress bar across phases. Each phase owns a slice of 0–100 in load
 * order, so the percentage only grows as long as events arrive in order (the worker sends
 * them in order) and ends at exactly 100 with `done`.
 */
import type { LoadPhase, LoadProgress } from './protocol.ts';

const SLICES: Record<LoadPhase, readonly [number, number]> = {
  download: [0, 80],
  verify: [80, 88],
  compile: [88, 96],
  warmup: [96, 100],
  done: [100, 100],
};

export function overallPercent({ phase, loaded, total }: Pick<LoadProgress, 'phase' | 'loaded' | 'total'>): number {
  const [from, to] = SLICES[phase];
  const fraction = total > 0 ? Math.min(1, Math.max(0, loaded / total)) : 0;
  return Math.round((from + (to - from) * fraction) * 10) / 10;
}

/**
 * Limits `download` events to about one per percent so a 100 MB model does not send
 * thousands of messages across the worker boundary; other phases always pass.
 */
export function throttleProgress(listener: (p: LoadProgress) => void): (p: LoadProgress) => void {
  let lastPercent = -1;
  return (progress) => {
    const percent = overallPercent(progress);
    if (progress.phase === 'download' && percent - lastPercent < 1 && progress.loaded < progress.total) return;
    lastPercent = percent;
    listener(progress);
  };
}
