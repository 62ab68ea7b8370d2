/** Builds OCR lines for the rules' unit tests: text in an upright box at (x, y) of size w × h. */
import type { OcrLine } from '../types.ts';

export function line(text: string, x: number, y: number, w: number, h: number, flipped = false): OcrLine {
  return { text, confidence: 0.99, flipped, box: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]] };
}
