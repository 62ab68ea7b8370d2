/**
 * Pictures from files, pastes and the camera, for an OCR job. The page keeps the visitor's
 * own file (the job sends its bytes to the worker or the datacenter) and a bitmap scaled to
 * the size the job will analyse, for drawing: both are made off the main thread
 * (`createImageBitmap`), so a 12-megapixel photo never stalls the page.
 */
import { MAX_IMAGE_SIDE } from '../../tasks/ocr/job.ts';

export interface Picture {
  /** The file as given (a camera frame is encoded as JPEG). */
  blob: Blob;
  /** Scaled like the job scales it: the boxes of a result are in its pixels. */
  bitmap: ImageBitmap;
  /** The original size when the job will scale it down. */
  downscaledFrom?: { width: number; height: number };
}

/** Throws `UnreadableImageError` for anything the browser cannot decode as a picture. */
export async function openPicture(blob: Blob): Promise<Picture> {
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob);
  } catch {
    const error = new Error(`cannot read ${blob.type || 'this file'} as a picture`);
    error.name = 'UnreadableImageError';
    throw error;
  }
  const { width, height } = full;
  const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
  if (scale === 1) return { blob, bitmap: full };
  try {
    const bitmap = await createImageBitmap(full, { resizeWidth: Math.max(1, Math.round(width * scale)), resizeHeight: Math.max(1, Math.round(height * scale)), resizeQuality: 'high' });
    return { blob, bitmap, downscaledFrom: { width, height } };
  } finally {
    full.close();
  }
}

/** The current frame of a playing video (the camera), as a JPEG file. */
export async function captureFrame(video: HTMLVideoElement): Promise<Blob> {
  const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
}
