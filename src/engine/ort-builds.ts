/**
 * Where each onnxruntime-web build's WebAssembly is served (the same content-hashed assets
 * the builds themselves fetch), and keeping the builds a device used for offline use.
 *
 * The service worker precaches none of them (14 to 27 MB each; a device needs one or two):
 * it caches a build on its first fetch. But on the very first visit the service worker does
 * not control the page yet, so that fetch passes it by; hence the page also stores the
 * builds its workers used in the same cache itself, through the Cache API.
 */
import wasmBuild from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import jspiBuild from 'onnxruntime-web/ort-wasm-simd-threaded.jspi.wasm?url';
import asyncifyBuild from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { OrtFlavour } from '../shared/protocol.ts';
import { ORT_BUILD_CACHE } from '../shared/offline-caches.ts';

export const BUILD_URLS: Record<OrtFlavour, string> = { wasm: wasmBuild, jspi: jspiBuild, asyncify: asyncifyBuild };

/** What `storeBuilds` could not store, and whether that was for want of storage. */
export interface BuildsNotStored {
  missing: OrtFlavour[];
  /** The browser refused to store a build (its quota), rather than the network failing. */
  noRoom: boolean;
}

/**
 * Which of `flavours` are not stored for offline use, after trying to store them (a build
 * already in the browser's HTTP cache costs no second download). Without the Cache API
 * (an insecure origin), all of them.
 */
export async function storeBuilds(flavours: Iterable<OrtFlavour>): Promise<BuildsNotStored> {
  const wanted = [...new Set(flavours)];
  if (!('caches' in globalThis)) return { missing: wanted, noRoom: false };
  const cache = await caches.open(ORT_BUILD_CACHE);
  const result: BuildsNotStored = { missing: [], noRoom: false };
  for (const flavour of wanted) {
    const url = new URL(BUILD_URLS[flavour], location.href).href;
    if (await cache.match(url)) continue;
    // A full quota and a dropped network both leave the build missing; the page says which.
    await cache.add(url).catch((error: unknown) => {
      result.missing.push(flavour);
      if (error instanceof DOMException && error.name === 'QuotaExceededError') result.noRoom = true;
    });
  }
  return result;
}
