/**
 * Frames read per second for live camera reading: from the times the last frames finished
 * (ms, ascending), over a sliding window so the rate follows the machine's load. The first
 * frame alone (it includes loading the models) gives no rate.
 */
export const RATE_WINDOW = 8;

export function framesPerSecond(finishedAt: readonly number[], window = RATE_WINDOW): number {
  const recent = finishedAt.slice(-window);
  if (recent.length < 2) return 0;
  const spanMs = recent.at(-1)! - recent[0]!;
  return spanMs > 0 ? ((recent.length - 1) * 1000) / spanMs : 0;
}
