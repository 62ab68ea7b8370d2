/**
 * The task environment inside the inference worker: pictures decoded off the main thread
 * with `createImageBitmap` and scaled on an `OffscreenCanvas`; files beside the models
 * fetched once per worker.
 */
import { UnreadableImageError, type DecodedPicture, type TaskEnv } from '../tasks/task.ts';

async function decodeImage(bytes: Uint8Array, maxSide: number): Promise<DecodedPicture> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  } catch {
    throw new UnreadableImageError('the file cannot be read as a picture');
  }
  try {
    const original = { width: bitmap.width, height: bitmap.height };
    const scale = Math.min(1, maxSide / Math.max(original.width, original.height));
    const width = Math.max(1, Math.round(original.width * scale));
    const height = Math.max(1, Math.round(original.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new UnreadableImageError('this browser cannot draw pictures in a worker');
    context.drawImage(bitmap, 0, 0, width, height);
    return { image: { width, height, data: context.getImageData(0, 0, width, height).data }, original };
  } finally {
    bitmap.close();
  }
}

/** `modelBase`: absolute URL of the model repository (`…/models/`). */
export function browserTaskEnv(modelBase: string): TaskEnv {
  return {
    decodeImage,
    readModelText: (path) => modelText(new URL(path, modelBase).href),
  };
}

const texts = new Map<string, Promise<string>>();

function modelText(url: string): Promise<string> {
  let text = texts.get(url);
  if (!text) {
    text = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url} could not be loaded (HTTP ${response.status})`);
      return response.text();
    });
    texts.set(url, text);
    text.catch(() => texts.delete(url));
  }
  return text;
}
