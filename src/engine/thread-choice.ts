/**
 * How many WASM threads this device should use, chosen by measurement (issue 13, item 2):
 * the candidates worth trying, the pick from their timings, when a stored choice is stale,
 * and the stored record's validation. Pure, so it is unit-tested; the measuring itself is
 * thread-tuner.ts.
 */

/** One candidate's timing: the median warm run of the calibration model. */
export interface ThreadFigure {
  threads: number;
  medianMs: number;
}

/** What is stored per device (IndexedDB) and shown on the Device page. */
export interface ThreadChoice {
  threads: number;
  figures: ThreadFigure[];
  /** The catalog model it was measured on, with its reference input. */
  model: string;
  /** ISO time of the measurement. */
  measuredAt: string;
  /** The device facts it holds for: a change means measuring again. */
  cores: number;
  userAgent: string;
}

/** A stored choice older than this is measured again (browsers and ORT change). */
export const CHOICE_MAX_AGE_MS = 30 * 24 * 3600_000;
/** A faster count must beat a smaller one by this much to be worth its extra cores. */
export const MIN_GAIN = 0.05;

/**
 * Thread counts worth timing: 1, 2, 4, … up to the cores (at most 8), plus the core count
 * itself. Without cross-origin isolation WASM has no threads: only 1.
 */
export function threadCandidates(cores: number, isolated: boolean): number[] {
  if (!isolated || cores <= 1) return [1];
  const top = Math.min(cores, 8);
  const counts = new Set<number>();
  for (let n = 1; n <= top; n *= 2) counts.add(n);
  counts.add(top);
  return [...counts].sort((a, b) => a - b);
}

/**
 * The fastest count, except that more threads must be at least MIN_GAIN faster than the
 * best smaller count: a tie goes to fewer threads (less contention with the page, less power).
 */
export function pickThreads(figures: readonly ThreadFigure[]): number {
  const sorted = [...figures].filter((f) => Number.isFinite(f.medianMs) && f.medianMs > 0).sort((a, b) => a.threads - b.threads);
  if (sorted.length === 0) return 1;
  let best = sorted[0]!;
  for (const figure of sorted.slice(1)) if (figure.medianMs < best.medianMs * (1 - MIN_GAIN)) best = figure;
  return best.threads;
}

/** Whether `stored` still describes this device: absent, another core count or browser, or too old → measure. */
export function needsCalibration(stored: ThreadChoice | undefined, device: { cores: number; userAgent: string; now: number }): boolean {
  if (!stored) return true;
  if (stored.cores !== device.cores || stored.userAgent !== device.userAgent) return true;
  const age = device.now - Date.parse(stored.measuredAt);
  return !(age >= 0 && age < CHOICE_MAX_AGE_MS);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 64;

/** A stored record, checked field by field; undefined when anything is off. */
export function parseThreadChoice(value: unknown): ThreadChoice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isCount(v['threads']) || !isCount(v['cores']) || typeof v['model'] !== 'string' || typeof v['userAgent'] !== 'string') return undefined;
  if (typeof v['measuredAt'] !== 'string' || Number.isNaN(Date.parse(v['measuredAt']))) return undefined;
  if (!Array.isArray(v['figures'])) return undefined;
  const figures: ThreadFigure[] = [];
  for (const f of v['figures'] as unknown[]) {
    const figure = f as Record<string, unknown> | null;
    if (!figure || !isCount(figure['threads']) || typeof figure['medianMs'] !== 'number' || !(figure['medianMs'] >= 0)) return undefined;
    figures.push({ threads: figure['threads'], medianMs: figure['medianMs'] });
  }
  return { threads: v['threads'], figures, model: v['model'], measuredAt: v['measuredAt'], cores: v['cores'], userAgent: v['userAgent'] };
}
