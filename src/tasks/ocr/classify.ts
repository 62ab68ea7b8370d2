/**
 * Direction classifier (PP-OCR mobile v2.0 cls): tells whether a line is upside down so it
 * can be turned before recognition. Input 3×48×192; label 1 ("180") above 0.9 turns it.
 */
import type { ModelRunner, RgbaImage } from '../model-runner.ts';
import { batchesByRatio, onlyFloatOutput } from './batches.ts';
import { rotate180 } from './image.ts';
import { lineBatch } from './preprocess.ts';

export const CLS_MODEL = 'ppocr-cls';
const [CLS_HEIGHT, CLS_WIDTH] = [48, 192];
/** PaddleOCR `cls_thresh`. */
export const CLS_THRESH = 0.9;

/** The verdict for one line. */
export interface Direction {
  flipped: boolean;
  /** The classifier's probability for the label it chose. */
  score: number;
}

/** Classifies every line; returns the lines (turned where needed) and the verdicts, in input order. */
export async function classifyLines(lines: readonly RgbaImage[], run: ModelRunner, signal?: AbortSignal): Promise<{ lines: RgbaImage[]; directions: Direction[] }> {
  const out = [...lines];
  const directions: Direction[] = lines.map(() => ({ flipped: false, score: 0 }));
  for (const batch of batchesByRatio(lines)) {
    signal?.throwIfAborted();
    const x = lineBatch(batch.map((i) => lines[i]!), CLS_HEIGHT, CLS_WIDTH);
    const probs = onlyFloatOutput(CLS_MODEL, await run(CLS_MODEL, { x }, signal));
    batch.forEach((i, n) => {
      const [p0, p180] = [probs.data[n * 2]!, probs.data[n * 2 + 1]!];
      const flipped = p180 > p0 && p180 > CLS_THRESH;
      directions[i] = { flipped, score: Math.max(p0, p180) };
      if (flipped) out[i] = rotate180(lines[i]!);
    });
  }
  return { lines: out, directions };
}
