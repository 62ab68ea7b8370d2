/**
 * OCR with PaddleOCR's PP-OCRv4 models (ppocr-det, ppocr-cls, ppocr-rec) and hangul-rec,
 * trained here to read Hangul, in pure TypeScript around any `ModelRunner`. See docs/OCR.md.
 */
export { runOcr, DET_MODEL, type OcrOptions, type OcrResult } from './pipeline.ts';
export { loadDictionary } from './dictionary.ts';
export { CLS_MODEL } from './classify.ts';
export { HANGUL, IDEOGRAPH, HANGUL_RECOGNIZER, PPOCR_RECOGNIZER, RECOGNIZERS, loadRecognizers, pickReading, type ReadingRule, type Recognizer } from './recognizers.ts';
export { DB_DEFAULTS, type DbParams } from './db-postprocess.ts';
export type { OcrLine, OcrStage, Point, Quad } from './types.ts';
