/**
 * Names of the service worker's runtime caches that the page writes to too: vite.config.ts
 * (which builds the service worker) and the page import them from here.
 */
/** onnxruntime-web's WebAssembly builds, by their content-hashed URLs (src/engine/ort-builds.ts). */
export const ORT_BUILD_CACHE = 'ax-ort-builds';
