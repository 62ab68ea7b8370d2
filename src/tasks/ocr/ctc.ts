/**
 * CTC greedy decoding (PaddleOCR `CTCLabelDecode`): take the most probable class at each
 * time step, merge repeats, drop blanks.
 */

/** A decoded line. */
export interface CtcResult {
  text: string;
  /** Mean of the kept characters' probabilities; 0 when nothing was kept. */
  confidence: number;
}

/**
 * The recognizer's classes: index 0 is the CTC blank, then the dictionary's lines, then
 * a space (PaddleOCR's `use_space_char`). PP-OCRv4 with ppocr_keys_v1.txt: 1 + 6623 + 1 = 6625.
 */
export function ctcCharset(dictionary: readonly string[]): string[] {
  return ['', ...dictionary, ' '];
}

/**
 * Decodes one sequence of `steps` × `classes` probabilities starting at `offset` in `probs`.
 * `charset` is `ctcCharset(dictionary)`.
 */
export function ctcGreedyDecode(probs: ArrayLike<number>, steps: number, classes: number, charset: readonly string[], offset = 0): CtcResult {
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base]!;
    for (let k = 1; k < classes; k++) {
      const p = probs[base + k]!;
      if (p > bestP) [best, bestP] = [k, p];
    }
    // A repeat is one character unless a blank separates the two (then previous is 0).
    if (best !== 0 && best !== previous) {
      text += charset[best] ?? '';
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept ? sum / kept : 0 };
}
