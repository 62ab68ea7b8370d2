/**
 * Streams a model download with progress. Bytes are only ever held in memory here; the
 * caller caches them after verification, so a cut connection leaves nothing behind.
 */
import { EngineError } from '../shared/errors.ts';

export type ByteProgress = (loaded: number, total: number) => void;

export async function download(url: string, expectedBytes: number | undefined, onProgress: ByteProgress, init?: RequestInit): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new EngineError('NetworkError', `could not reach ${url}: ${String(error)}`);
  }
  if (!response.ok) throw new EngineError('ModelLoadError', `downloading ${url} failed: HTTP ${response.status}`);
  const header = Number(response.headers.get('content-length'));
  // Compressed bodies report the compressed length; trust it only when nothing is encoded.
  const lengthKnown = Number.isSafeInteger(header) && header > 0 && !response.headers.get('content-encoding');
  const total = lengthKnown ? header : (expectedBytes ?? 0);
  let buffer = new Uint8Array(total || 1 << 20);
  let loaded = 0;
  onProgress(0, total);
  const reader = response.body?.getReader();
  if (!reader) throw new EngineError('ModelLoadError', `downloading ${url} returned no body`);
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new EngineError('NetworkError', `download of ${url} was interrupted after ${loaded} of ${total || '?'} bytes: ${String(error)}`);
    }
    if (chunk.done) break;
    if (loaded + chunk.value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, loaded + chunk.value.length));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
    }
    buffer.set(chunk.value, loaded);
    loaded += chunk.value.length;
    onProgress(loaded, Math.max(total, loaded));
  }
  if (lengthKnown && loaded !== total) {
    throw new EngineError('NetworkError', `download of ${url} ended after ${loaded} of ${total} bytes`);
  }
  return loaded === buffer.length ? buffer : buffer.slice(0, loaded);
}
