/**
 * The task environment inside the inference worker: pictures decoded off the main thread
 * with `createImageBitmap` and scaled on an `OffscreenCanvas`; files beside the models (the
 * recognizer's dictionary) obtained like the weights: from the verified IndexedDB store, or
 * downloaded, checked against their sha256 and stored, so a task that ran once runs offline.
 */
import { EngineError } from '../shared/errors.ts';
import type { LoadProgress, ModelRef } from '../shared/protocol.ts';
import { UnreadableImageError, type DecodedPicture, type TaskEnv } from '../tasks/task.ts';
import { obtainModel } from './obtain-model.ts';
import { modelsInUse } from './sessions.ts';

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

/** Texts read in this worker, by sha256: decoded once, however many jobs read them. */
const texts = new Map<string, Promise<string>>();

/** `files`: the files the job may read, by repository path (from the catalog, with their sha256). */
export function browserTaskEnv(files: Record<string, ModelRef>, report: (progress: LoadProgress) => void): TaskEnv {
  return {
    decodeImage,
    readModelText(path) {
      const file = Object.hasOwn(files, path) ? files[path] : undefined;
      if (!file) return Promise.reject(new EngineError('ModelLoadError', `the task read '${path}', which the catalog does not list`));
      const key = file.sha256 ?? file.url;
      let text = texts.get(key);
      if (!text) {
        text = obtainModel(file, modelsInUse(), report).then(({ bytes }) => new TextDecoder().decode(bytes));
        texts.set(key, text);
        text.catch(() => texts.delete(key));
      }
      return text;
    },
  };
}
