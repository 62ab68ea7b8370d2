/**
 * OCR with PaddleOCR's PP-OCRv4 models (ppocr-det, ppocr-cls, ppocr-rec), in pure
 * TypeScript around any `ModelRunner`. The recognizer reads digits, Latin letters and
 * Chinese characters; it was not trained on Hangul and does not read it. See docs/OCR.md.
 */
export { runOcr, DET_MODEL, type OcrOptions, type OcrResult } from './pipeline.ts';
export { loadDictionary } from './dictionary.ts';
export { CLS_MODEL } from './classify.ts';
export { REC_MODEL } from './recognize.ts';
export { DB_DEFAULTS, type DbParams } from './db-postprocess.ts';
export type { OcrLine, OcrStage, Point, Quad } from './types.ts';
