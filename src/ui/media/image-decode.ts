/**
 * Pictures from files, pastes and the camera into the RgbaImage the OCR task reads.
 * Large photos are scaled down first: a 12-megapixel phone photo would make a detection
 * tensor of hundreds of megabytes for no gain in accuracy.
 */
import type { RgbaImage } from '../../tasks/model-runner.ts';

/** Longest side kept; OCR detection itself works at most at 960. */
export const MAX_IMAGE_SIDE = 1920;

export interface DecodedImage {
  image: RgbaImage;
  /** For display: a URL of the (possibly scaled) picture. */
  url: string;
  /** The original size when it was scaled down. */
  downscaledFrom?: { width: number; height: number };
}

function toRgba(source: CanvasImageSource, width: number, height: number): DecodedImage {
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, w, h);
  const data = context.getImageData(0, 0, w, h);
  return {
    image: { width: w, height: h, data: data.data },
    url: canvas.toDataURL('image/png'),
    ...(scale < 1 ? { downscaledFrom: { width, height } } : {}),
  };
}

/** Throws `UnreadableImageError` for anything the browser cannot decode as a picture. */
export async function decodeImage(blob: Blob): Promise<DecodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    const error = new Error(`cannot read ${blob.type || 'this file'} as a picture`);
    error.name = 'UnreadableImageError';
    throw error;
  }
  try {
    return toRgba(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

/** The current frame of a playing video (the camera). */
export function captureFrame(video: HTMLVideoElement): DecodedImage {
  return toRgba(video, video.videoWidth, video.videoHeight);
}
