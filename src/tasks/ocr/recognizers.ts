/**
 * The line recognizers the OCR reads with, and which reading of a line to keep. Every line
 * is read by each recognizer in `RECOGNIZERS` and one reading kept (`pickReading`).
 * PP-OCRv4's recognizer reads digits, Latin letters and Chinese characters but not Hangul;
 * `hangul-rec`, trained here by scripts/recipes/hangul-rec.py, reads Hangul, digits and
 * Latin. `npx tsx scripts/eval-ocr.ts --compare` measures each alone and both by each rule
 * (docs/OCR.md).
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
/** The recognizers the product reads with, the PP-OCR one first (it is the one a tie keeps). */
export const RECOGNIZERS: readonly RecognizerFiles[] = [PPOCR_RECOGNIZER, HANGUL_RECOGNIZER];

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

/** How much less confident than PP-OCR the Hangul model may be and still win by script. */
export const SCRIPT_MARGIN = 0.15;

const count = (text: string, pattern: RegExp) => [...text].filter((c) => pattern.test(c)).length;

/**
 * Index of the reading to keep, given one reading per recognizer in `RECOGNIZERS` order
 * (PP-OCR, then the Hangul model).
 * - `confidence`: the most confident reading (PP-OCR on a tie).
 * - `script`: each model where it is strong. The Hangul model's reading is kept only on a
 *   line where it read Hangul: there it wins when it read more syllables than PP-OCR read
 *   ideographs and is not more than `SCRIPT_MARGIN` less confident, else the more confident
 *   reading wins. Why: PP-OCR cannot read Hangul. Over it, it reads blanks (검침일
 *   2026.11.12 → "2026.11.12", very sure of the digits it did read) or an ideograph or two
 *   (식후 30분 복용 → "30是号"). A real Chinese line, one square glyph per syllable, gives
 *   about as many ideographs as the Hangul model misreads it into syllables. On a line
 *   without Hangul PP-OCR reads better (it learnt far more Latin), even when the Hangul
 *   model is surer ("EXIT 34" → "EXTT 34").
 */
export function pickReading(readings: readonly CtcResult[], rule: ReadingRule): number {
  let best = 0;
  readings.forEach((r, i) => {
    if (r.confidence > readings[best]!.confidence) best = i;
  });
  if (rule === 'confidence' || readings.length < 2) return best;
  const [ppocr, hangul] = readings as [CtcResult, CtcResult];
  const syllables = count(hangul.text, HANGUL);
  if (syllables > count(ppocr.text, IDEOGRAPH) && hangul.confidence >= ppocr.confidence - SCRIPT_MARGIN) return 1;
  if (syllables === 0) return 0;
  return best;
}
