/**
 * Frames straight from the camera's track, for live reading. Not from the page's <video>:
 * the browser may stop painting a muted video scrolled out of view or in a busy tab, and
 * then its "current frame" stays the first (often black) one while the camera streams on.
 * `ImageCapture.grabFrame()` takes the track's next frame whatever the page shows; where a
 * browser lacks it, the <video> is the fallback. A frame with nothing in it (a camera
 * warming up) is no frame: undefined, and the reader asks again.
 */
import { isBlankFrame } from './blank-frame.ts';
import { captureFrame } from './image-decode.ts';

interface ImageCaptureLike {
  grabFrame(): Promise<ImageBitmap>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike;

/** Side of the copy a frame is checked for blankness on. */
const PROBE = 32;
const JPEG = { type: 'image/jpeg', quality: 0.92 } as const;

/** A function that gives the camera's next frame as a JPEG, or undefined while there is none. */
export function cameraFrames(track: MediaStreamTrack, video: () => HTMLVideoElement | undefined): () => Promise<Blob | undefined> {
  const Capture = (globalThis as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  const capture = Capture ? new Capture(track) : undefined;
  // One small canvas per camera, not per frame, to check frames for blankness.
  const probe = new OffscreenCanvas(PROBE, PROBE).getContext('2d', { willReadFrequently: true })!;
  const blank = (source: CanvasImageSource) => {
    probe.drawImage(source, 0, 0, PROBE, PROBE);
    return isBlankFrame(probe.getImageData(0, 0, PROBE, PROBE).data);
  };
  return async () => {
    if (track.readyState !== 'live') return undefined;
    if (!capture) {
      const v = video();
      if (!v || v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || v.videoWidth === 0 || blank(v)) return undefined;
      return captureFrame(v);
    }
    const bitmap = await capture.grabFrame().catch(() => undefined);
    if (!bitmap) return undefined;
    try {
      if (blank(bitmap)) return undefined;
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
      return await canvas.convertToBlob(JPEG);
    } finally {
      bitmap.close();
    }
  };
}
