/**
 * The task environment under Node (the server's pipeline models, unit tests, evaluation
 * scripts): pictures decoded with our PNG reader and jpeg-js, scaled like the browser does
 * it, model-repository files read from disk.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { resizeBilinear } from '../tasks/ocr/image.ts';
import { decodePng } from '../tasks/ocr/png.ts';
import { pictureSize } from '../tasks/picture-size.ts';
import { UnreadableImageError, type DecodedPicture, type TaskEnv } from '../tasks/task.ts';

/** Pictures larger than this are refused before decoding (a 20,000² PNG would take 1.6 GB). */
export const MAX_DECODED_MEGAPIXELS = 64;

function decode(bytes: Uint8Array): { width: number; height: number; data: Uint8ClampedArray } {
  const size = pictureSize(bytes);
  if (!size) throw new UnreadableImageError('the file is not a PNG or JPEG picture');
  if (size.width * size.height > MAX_DECODED_MEGAPIXELS * 1e6) {
    throw new UnreadableImageError(`the picture is ${size.width}×${size.height}: at most ${MAX_DECODED_MEGAPIXELS} megapixels are read`);
  }
  try {
    if (bytes[0] === 0x89) return decodePng(bytes, (data) => inflateSync(data));
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_DECODED_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
    return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
  } catch (error) {
    throw new UnreadableImageError(`the picture cannot be decoded: ${(error as Error).message}`);
  }
}

export function nodeTaskEnv(repository: string): TaskEnv {
  const texts = new Map<string, Promise<string>>();
  return {
    async decodeImage(bytes, maxSide): Promise<DecodedPicture> {
      const image = decode(bytes);
      const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
      const original = { width: image.width, height: image.height };
      if (scale === 1) return { image, original };
      return { image: resizeBilinear(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale))), original };
    },
    readModelText(path) {
      let text = texts.get(path);
      if (!text) {
        text = readFile(join(repository, path), 'utf8');
        texts.set(path, text);
        text.catch(() => texts.delete(path));
      }
      return text;
    },
  };
}
