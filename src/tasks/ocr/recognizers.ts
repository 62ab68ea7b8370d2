/**
 * The line recognizers the OCR reads with, and which reading of a line to keep. Every line
 * is read by each recognizer in `RECOGNIZERS` and one reading kept (`pickReading`).
 * PP-OCRv4's recognizer reads digits, Latin letters and Chinese characters but not Hangul.
 * `hangul-rec`, the Hangul recognizer scripts/recipes/hangul-rec.py trains here, joins
 * `RECOGNIZERS` (and the catalog) only once it reads Hangul well on fonts it never saw:
 * `npx tsx scripts/eval-ocr.ts --compare` measures it beside PP-OCR (docs/OCR.md).
 */
import type { CtcResult } from './ctc.ts';
import { loadDictionary } from './dictionary.ts';

/** A recognizer model and its dictionary file, by repository path. */
export interface RecognizerFiles {
  model: string;
  dictionaryPath: string;
}

/** A recognizer ready to read: its model id and its dictionary's lines. */
export interface Recognizer {
  model: string;
  dictionary: readonly string[];
}

export const PPOCR_RECOGNIZER: RecognizerFiles = { model: 'ppocr-rec', dictionaryPath: 'ppocr-rec/1/ppocr_keys_v1.txt' };
export const HANGUL_RECOGNIZER: RecognizerFiles = { model: 'hangul-rec', dictionaryPath: 'hangul-rec/1/dict.txt' };
/**
 * The recognizers the product reads with, the PP-OCR one first (it is the one a tie keeps).
 * hangul-rec is not among them yet: its first training run did not learn (issue 16).
 */
export const RECOGNIZERS: readonly RecognizerFiles[] = [PPOCR_RECOGNIZER];

/** Loads each recognizer's dictionary through `readText` (a repository path in, its text out). */
export async function loadRecognizers(readText: (path: string) => Promise<string> | string, files: readonly RecognizerFiles[] = RECOGNIZERS): Promise<Recognizer[]> {
  return Promise.all(files.map(async ({ model, dictionaryPath }) => ({ model, dictionary: loadDictionary(await readText(dictionaryPath)) })));
}

/** A Hangul syllable or compatibility jamo (what hangul-rec reads and PP-OCR cannot). */
export const HANGUL = /[\uac00-\ud7a3\u3131-\u318e]/u;
/** A CJK ideograph: what PP-OCR reads Chinese as, and also what it misreads Hangul as. */
export const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** How `pickReading` chooses between the readings of one line. */
export type ReadingRule = 'confidence' | 'script';

/**
 * Index of the reading to keep, given one reading per recognizer in `RECOGNIZERS` order.
 * - `confidence`: the most confident reading.
 * - `script`: the most confident one, except that PP-OCR is not trusted with a line on which
 *   it saw ideographs while the Hangul model saw Hangul: that is how PP-OCR misreads Hangul,
 *   often with high confidence.
 */
export function pickReading(readings: readonly CtcResult[], rule: ReadingRule): number {
  let best = 0;
  readings.forEach((r, i) => {
    if (r.confidence > readings[best]!.confidence) best = i;
  });
  if (rule === 'confidence' || readings.length < 2) return best;
  const [ppocr, hangul] = readings as [CtcResult, CtcResult];
  if (HANGUL.test(hangul.text) && IDEOGRAPH.test(ppocr.text)) return 1;
  return best;
}
