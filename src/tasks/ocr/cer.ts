/**
 * Character error rate for the OCR evaluation: edit distance between what was read and
 * the truth, over the truth's length, after a normalization that forgives what is not a
 * reading error (see `normalizeForCer`).
 */

/**
 * NFKC (the Chinese dictionary has full-width punctuation such as `：` that mean the ASCII
 * character) and no whitespace: the recognizer often drops the space between Latin words
 * and line breaks depend on the detector, so neither counts as a misread character.
 */
export function normalizeForCer(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** Levenshtein distance over code points (a Chinese character counts once). */
export function editDistance(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * Errors and truth length of one picture: its lines read in order against its true lines.
 * `keepSpaces` counts spaces too (runs collapsed to one, lines joined by one), for the
 * secondary figure that shows the recognizer's dropped spaces.
 */
export function cerCounts(read: readonly string[], truth: readonly string[], keepSpaces = false): { errors: number; length: number } {
  const norm = keepSpaces ? (s: string) => s.normalize('NFKC').replace(/\s+/gu, ' ').trim() : normalizeForCer;
  const [r, t] = [norm(read.join(' ')), norm(truth.join(' '))];
  return { errors: editDistance(r, t), length: [...t].length };
}
