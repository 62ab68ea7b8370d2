import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serveModels } from './scripts/vite-plugin-models.ts';

/**
 * Cross-origin isolation gives WASM its threads (SharedArrayBuffer). The same headers are
 * sent by dev, preview and (later) the datacenter endpoint that serves the built app.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte(), serveModels({ root: 'models', headers: isolationHeaders })],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // Pre-bundling breaks ORT's wasm URL resolution in dev (onnxruntime#20978).
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // ORT's wasm is a 27 MB asset loaded by the worker only; it is not part of the page's JS.
    chunkSizeWarningLimit: 1024,
  },
});
