/**
 * The whole OCR of one picture: detection → DB boxes → crops → direction → reading, each
 * line by every recognizer, one reading kept.
 * Pure: models run through the given `ModelRunner` (the engine in the browser,
 * onnxruntime-node in tests), so the same code is checked in Node and shipped to the page.
 */
import type { ModelRunner, RgbaImage } from '../model-runner.ts';
import { classifyLines } from './classify.ts';
import { cropQuad } from './crop.ts';
import { dbBoxes, filterBoxes, sortBoxes, type DbParams } from './db-postprocess.ts';
import { onlyFloatOutput } from './batches.ts';
import { detectionInput } from './preprocess.ts';
import type { CtcResult } from './ctc.ts';
import { recognizeLines } from './recognize.ts';
import { pickReading, type ReadingRule, type Recognizer } from './recognizers.ts';
import type { OcrLine, OcrStage } from './types.ts';

export const DET_MODEL = 'ppocr-det';
const DEFAULT_RULE: ReadingRule = 'script';

/** Options of `runOcr`. */
export interface OcrOptions {
  /** The recognizers that read every line (`loadRecognizers`); one reading per line is kept. */
  recognizers: readonly Recognizer[];
  /** How that reading is chosen; default `script` (measured best, docs/OCR.md). */
  rule?: ReadingRule;
  /** Longest side of the detector's input (PaddleOCR `det_limit_side_len`); default 960. */
  maxSide?: number;
  /** DB thresholds, PaddleOCR's defaults unless given. */
  db?: Partial<DbParams>;
  /** Lines read with lower confidence are dropped (PaddleOCR `drop_score`); default 0.5. */
  dropScore?: number;
  /** Skip the direction classifier (PaddleOCR `use_angle_cls=False`); default false. */
  skipClassifier?: boolean;
  signal?: AbortSignal;
  /** Called as each stage starts, for progress display. */
  onStage?: (stage: OcrStage) => void;
}

/** What `runOcr` found. */
export interface OcrResult {
  /** Lines in reading order: top to bottom, then left to right. */
  lines: OcrLine[];
  /** Boxes the detector found, including lines later dropped for low confidence. */
  detected: number;
  /** The detector's input size after resizing. */
  detectionSize: { width: number; height: number };
  /** Wall time of each stage in milliseconds (pre/post-processing included). */
  timings: Record<OcrStage, number>;
}

/** One reading per recognizer → the one `rule` keeps, with whose it is. */
function choose(readings: readonly CtcResult[], rule: ReadingRule): { reading: CtcResult; index: number } {
  const index = pickReading(readings, rule);
  return { reading: readings[index]!, index };
}

/** Reads the text in `image`. Rejects with the signal's reason when aborted. */
export async function runOcr(image: RgbaImage, run: ModelRunner, options: OcrOptions): Promise<OcrResult> {
  const { signal, onStage } = options;
  const timings: Record<OcrStage, number> = { detect: 0, classify: 0, recognize: 0 };
  const stage = (name: OcrStage) => {
    signal?.throwIfAborted();
    onStage?.(name);
    return performance.now();
  };

  let t0 = stage('detect');
  const x = detectionInput(image, options.maxSide ?? 960);
  const [, , height, width] = x.dims as [number, number, number, number];
  const map = onlyFloatOutput(DET_MODEL, await run(DET_MODEL, { x }, signal));
  const found = sortBoxes(filterBoxes(dbBoxes({ width, height, data: map.data }, image.width, image.height, options.db), image.width, image.height));
  const crops = found.map((b) => cropQuad(image, b.box));
  timings.detect = performance.now() - t0;

  t0 = stage('classify');
  const turned = options.skipClassifier ? { lines: crops, directions: crops.map(() => ({ flipped: false, score: 0 })) } : await classifyLines(crops, run, signal);
  timings.classify = performance.now() - t0;

  t0 = stage('recognize');
  const rule = options.rule ?? DEFAULT_RULE;
  const readAll = async (images: readonly RgbaImage[]) => {
    const byRecognizer: CtcResult[][] = [];
    for (const recognizer of options.recognizers) byRecognizer.push(await recognizeLines(images, recognizer, run, signal));
    return images.map((_, i) => choose(byRecognizer.map((r) => r[i]!), rule));
  };
  const upright = await readAll(turned.lines);
  // PP-OCR's direction classifier learnt Chinese and Latin: it turns some Hangul lines upside
  // down. So a line it turned is read as it was too, and the more confident reading decides.
  const turnedIndices = turned.directions.flatMap((d, i) => (d.flipped ? [i] : []));
  const asFound = await readAll(turnedIndices.map((i) => crops[i]!));
  const flipped = turned.directions.map((d) => d.flipped);
  turnedIndices.forEach((i, k) => {
    if (asFound[k]!.reading.confidence > upright[i]!.reading.confidence) [upright[i], flipped[i]] = [asFound[k]!, false];
  });
  timings.recognize = performance.now() - t0;

  const dropScore = options.dropScore ?? 0.5;
  const lines: OcrLine[] = [];
  upright.forEach(({ reading: r, index }, i) => {
    if (r.confidence < dropScore || !r.text.trim()) return;
    const box = found[i]!.box.map(([px, py]): [number, number] => [px, py]);
    lines.push({ text: r.text, confidence: r.confidence, box, flipped: flipped[i]!, recognizer: options.recognizers[index]!.model });
  });
  // The classifier turns lines, not the page: on an upside-down page the boxes were sorted
  // from the picture's top, which is the text's bottom. Most lines turned means the page was.
  if (lines.length && lines.filter((l) => l.flipped).length * 2 > lines.length) lines.reverse();
  return { lines, detected: found.length, detectionSize: { width, height }, timings };
}
