/**
 * OCR as a job: an encoded picture in, the lines read out. Decoding and scaling happen where
 * the job runs (the inference worker, or the server), so only the visitor's own file crosses
 * a boundary. Served in the datacenter as the v2 pipeline model `ocr`.
 */
import { analysedMegapixels, pictureSize } from '../picture-size.ts';
import type { Task } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { bytesTensor, floatTable, jsonTensor, readFloatRows, readJson, readSingleBytes } from '../wire.ts';
import { CLS_MODEL } from './classify.ts';
import { DET_MODEL, runOcr, type OcrResult } from './pipeline.ts';
import { loadRecognizers, RECOGNIZERS } from './recognizers.ts';
import type { OcrLine, Point } from './types.ts';

/** Longest side of the picture a job reads; detection itself works at most at 960. */
export const MAX_IMAGE_SIDE = 1920;

export interface OcrJobInput {
  /** The picture as the visitor gave it: JPEG, PNG, WebP, … */
  image: Uint8Array;
}

export interface OcrJobResult extends OcrResult {
  /** Size of the picture the boxes refer to (after scaling down). */
  imageSize: { width: number; height: number };
  /** The original size, when it was scaled down. */
  downscaledFrom?: { width: number; height: number };
}

type Info = Omit<OcrJobResult, 'lines'>;

const isInfo = (v: unknown): v is Info => typeof v === 'object' && v !== null && 'imageSize' in v && 'detected' in v;

export const ocrTask: Task<OcrJobInput, OcrJobResult> = {
  id: 'ocr',
  models: [DET_MODEL, CLS_MODEL, ...RECOGNIZERS.map((r) => r.model)],
  size(input) {
    // From the header; a file whose header we cannot read counts as a full-size picture.
    const size = pictureSize(input.image) ?? { width: MAX_IMAGE_SIDE, height: MAX_IMAGE_SIDE };
    return { work: analysedMegapixels(size, MAX_IMAGE_SIDE), unit: 'megapixel', uploadBytes: input.image.length };
  },
  async run(input, { run, env, signal, onProgress }) {
    const [picture, recognizers] = await Promise.all([env.decodeImage(input.image, MAX_IMAGE_SIDE), loadRecognizers((path) => env.readModelText(path))]);
    const steps = ['detect', 'classify', 'recognize'] as const;
    const result = await runOcr(picture.image, run, {
      recognizers,
      ...(signal ? { signal } : {}),
      onStage: (stage) => onProgress?.({ step: stage, done: steps.indexOf(stage), total: steps.length }),
    });
    onProgress?.({ step: 'recognize', done: steps.length, total: steps.length });
    const { width, height } = picture.image;
    const scaled = picture.original.width !== width || picture.original.height !== height;
    return { ...result, imageSize: { width, height }, ...(scaled ? { downscaledFrom: picture.original } : {}) };
  },
  wire: {
    inputs: [{ name: 'image', datatype: 'BYTES', shape: [1] }],
    outputs: [
      { name: 'lines', datatype: 'BYTES', shape: [-1] },
      { name: 'boxes', datatype: 'FP32', shape: [-1, 4, 2] },
      { name: 'info', datatype: 'BYTES', shape: [1] },
    ],
    encodeInput: (input) => ({ image: bytesTensor(input.image) }),
    decodeInput: (tensors) => ({ image: readSingleBytes(tensors, 'image') }),
    encodeResult(result) {
      const { lines, ...info } = result;
      return {
        lines: jsonTensor(lines.map(({ text, confidence, flipped, recognizer }) => ({ text, confidence, flipped, recognizer }))),
        boxes: floatTable(lines.map((l) => l.box.flat()), [4, 2]),
        info: jsonTensor([info]),
      };
    },
    decodeResult(tensors) {
      const texts = readJson(tensors, 'lines') as Pick<OcrLine, 'text' | 'confidence' | 'flipped' | 'recognizer'>[];
      const boxes = readFloatRows(tensors, 'boxes', [4, 2]);
      const [info] = readJson(tensors, 'info');
      if (!isInfo(info) || boxes.length !== texts.length) throw new TaskInputError('the OCR answer is incomplete');
      const lines = texts.map((line, i): OcrLine => ({ ...line, box: Array.from({ length: 4 }, (_, k): Point => [boxes[i]![k * 2]!, boxes[i]![k * 2 + 1]!]) }));
      return { ...info, lines };
    },
  },
};
