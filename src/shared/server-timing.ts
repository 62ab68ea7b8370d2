/**
 * `Server-Timing` as our endpoint writes it and every client reads it: `queue`, `compute`
 * and `infer` (the whole request) in milliseconds. Triton sends none; readers treat it as
 * optional.
 */

export interface ServerTimes {
  queueMs: number;
  computeMs: number;
  inferMs: number;
}

/** The header value for one answered request. */
export function formatServerTiming(t: ServerTimes): string {
  return `queue;dur=${t.queueMs.toFixed(2)}, compute;dur=${t.computeMs.toFixed(2)}, infer;dur=${t.inferMs.toFixed(2)}`;
}

/** The `dur` of metric `name` (`infer;dur=12.3`, also with other parameters such as `desc`), or undefined. */
export function serverTimingDuration(header: string | null | undefined, name: string): number | undefined {
  const match = new RegExp(`(?:^|,)\\s*${name};(?:[^,]*;)?\\s*dur=([\\d.]+)`).exec(header ?? '');
  return match ? Number(match[1]) : undefined;
}
