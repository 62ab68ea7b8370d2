/**
 * A CTC line recognizer (PP-OCRv4 rec, or hangul-rec which takes the same input): each line
 * at height 48, as wide as its aspect ratio asks within the batch's padded width (at least
 * 320, PaddleOCR's `rec_image_shape`), then CTC greedy decoding over the dictionary.
 */
import type { ModelRunner, RgbaImage } from '../model-runner.ts';
import { batchesByRatio, onlyFloatOutput } from './batches.ts';
import { ctcCharset, ctcGreedyDecode, type CtcResult } from './ctc.ts';
import { lineBatch } from './preprocess.ts';
import type { Recognizer } from './recognizers.ts';

const REC_HEIGHT = 48;
const REC_MIN_WIDTH = 320;
/**
 * No PaddleOCR limit; ours keeps one run's tensor bounded (48 × 2048 × 3 floats per line).
 * A line longer than 2048/48 ≈ 43 times its height is squeezed to fit.
 */
export const REC_MAX_WIDTH = 2048;

/** Reads every line; results in input order. */
export async function recognizeLines(lines: readonly RgbaImage[], recognizer: Recognizer, run: ModelRunner, signal?: AbortSignal): Promise<CtcResult[]> {
  const { model, dictionary } = recognizer;
  const charset = ctcCharset(dictionary);
  const results: CtcResult[] = lines.map(() => ({ text: '', confidence: 0 }));
  for (const batch of batchesByRatio(lines)) {
    signal?.throwIfAborted();
    const maxRatio = Math.max(...batch.map((i) => lines[i]!.width / lines[i]!.height));
    const width = Math.min(REC_MAX_WIDTH, Math.max(REC_MIN_WIDTH, Math.ceil(REC_HEIGHT * maxRatio)));
    const x = lineBatch(batch.map((i) => lines[i]!), REC_HEIGHT, width);
    const probs = onlyFloatOutput(model, await run(model, { x }, signal));
    const [, steps, classes] = probs.dims as [number, number, number];
    if (classes !== charset.length) {
      throw new RangeError(
        `${model} has ${classes} classes but the dictionary gives ${charset.length} (blank + ${dictionary.length} lines + space); load the model's own dictionary file with loadRecognizers()`,
      );
    }
    batch.forEach((i, n) => (results[i] = ctcGreedyDecode(probs.data, steps, classes, charset, n * steps * classes)));
  }
  return results;
}
