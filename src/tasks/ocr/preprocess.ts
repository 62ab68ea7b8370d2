/**
 * Model inputs. PaddleOCR decodes pictures with OpenCV, so its models were trained on BGR
 * channel order; the tensors here are BGR too (channel 0 = blue), NCHW float32.
 */
import type { RgbaImage } from '../model-runner.ts';
import type { WireTensorOf } from '../../shared/tensor.ts';
import { resizeBilinear } from './image.ts';

// PaddleOCR's NormalizeImage for detection: ImageNet statistics applied to the BGR planes in order.
const DET_MEAN = [0.485, 0.456, 0.406] as const;
const DET_STD = [0.229, 0.224, 0.225] as const;
const BGR = [2, 1, 0] as const;

/**
 * Detection input size (PaddleOCR `DetResizeForTest`, limit_type "max"): shrink so the
 * long side is at most `maxSide`, then round each side to a multiple of 32 (at least 32),
 * because the network downsamples by 32.
 */
export function detectionSize(width: number, height: number, maxSide = 960): { width: number; height: number } {
  const ratio = Math.max(width, height) > maxSide ? maxSide / Math.max(width, height) : 1;
  const round32 = (v: number) => Math.max(Math.round((v * ratio) / 32) * 32, 32);
  return { width: round32(width), height: round32(height) };
}

/** The detector's `x`: the picture resized by `detectionSize`, ImageNet-normalized. */
export function detectionInput(image: RgbaImage, maxSide = 960): WireTensorOf<'float32'> {
  const size = detectionSize(image.width, image.height, maxSide);
  const resized = resizeBilinear(image, size.width, size.height);
  const plane = size.width * size.height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) data[c * plane + i] = (resized.data[i * 4 + BGR[c]!]! / 255 - DET_MEAN[c]!) / DET_STD[c]!;
  }
  return { type: 'float32', dims: [1, 3, size.height, size.width], data };
}

/** Width a line keeps at `height` with its aspect ratio, capped at `maxWidth` (PaddleOCR `resize_norm_img`). */
export function lineWidth(image: RgbaImage, height: number, maxWidth: number): number {
  return Math.max(1, Math.min(Math.ceil((height * image.width) / image.height), maxWidth));
}

/**
 * A batch of line images for the classifier or the recognizer: each resized to `height`
 * keeping its aspect ratio (at most `width`), scaled to [-1, 1] ((x/255 − 0.5)/0.5) and
 * left-aligned; the rest of the row stays 0, as PaddleOCR pads.
 */
export function lineBatch(lines: readonly RgbaImage[], height: number, width: number): WireTensorOf<'float32'> {
  const plane = height * width;
  const data = new Float32Array(lines.length * 3 * plane);
  lines.forEach((line, n) => {
    const w = lineWidth(line, height, width);
    const resized = resizeBilinear(line, w, height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < w; x++) {
        const from = (y * w + x) * 4;
        for (let c = 0; c < 3; c++) data[(n * 3 + c) * plane + y * width + x] = resized.data[from + BGR[c]!]! / 127.5 - 1;
      }
    }
  });
  return { type: 'float32', dims: [lines.length, 3, height, width], data };
}
