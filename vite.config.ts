import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { serveModels } from './scripts/vite-plugin-models.ts';
import { ORT_BUILD_CACHE } from './src/shared/offline-caches.ts';

/**
 * Cross-origin isolation gives WASM its threads (SharedArrayBuffer). The same headers are
 * sent by dev, preview and (later) the datacenter endpoint that serves the built app.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Offline kiosks: the service worker precaches the app shell and the samples; models come
 * from the IndexedDB model store, not from here. Cached on first use instead: the OCR
 * dictionaries, and onnxruntime-web's WebAssembly, 14 to 27 MB a build, of which a device
 * only ever fetches the builds its backends run (src/engine/worker-set.ts). `prompt`: a new
 * version is offered, never swapped in under a visitor.
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: {
    name: 'AX 플레이그라운드 · AX Playground',
    short_name: 'AX Playground',
    description: '내 GPU에서 AI 모델을 바로 실행해 보세요 · Run AI models on your own GPU — Gwangju AI demonstration city',
    lang: 'ko',
    start_url: './',
    display: 'standalone',
    background_color: '#f6f7f9',
    theme_color: '#0b5cad',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // mjs: pdf.js's worker; pdf: the document reader's sample.
    globPatterns: ['**/*.{js,mjs,css,html,svg,png,wasm,json,wav,pdf}'],
    globIgnores: ['**/ort-wasm-*.wasm'],
    maximumFileSizeToCacheInBytes: 40 * 2 ** 20,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/v2/, /^\/models\//, /^\/metrics/],
    runtimeCaching: [
      {
        urlPattern: ({ url }) => url.pathname.startsWith('/models/') && url.pathname.endsWith('.txt'),
        handler: 'CacheFirst',
        options: { cacheName: 'ax-model-text' },
      },
      {
        // Content-hashed names: a cached build is never stale, and an old version's builds
        // are dropped once three builds of two versions are kept.
        urlPattern: ({ url }) => /\/ort-wasm-[^/]*\.wasm$/.test(url.pathname),
        handler: 'CacheFirst',
        options: { cacheName: ORT_BUILD_CACHE, expiration: { maxEntries: 6 }, cacheableResponse: { statuses: [200] } },
      },
    ],
  },
  devOptions: { enabled: false },
});

export default defineConfig({
  plugins: [svelte(), serveModels({ root: 'models', headers: isolationHeaders }), pwa],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // Pre-bundling breaks ORT's wasm URL resolution in dev (onnxruntime#20978).
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // ORT's wasm is a 27 MB asset loaded by the worker only; it is not part of the page's JS.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        // Each language's dictionary is a chunk of its own, loaded on demand (src/i18n/index.ts);
        // the prefix lets the bundle measure count the visitor's language in the first load.
        chunkFileNames: (chunk) => (chunk.facadeModuleId && /\/src\/i18n\/[a-z]{2}\.ts$/.test(chunk.facadeModuleId) ? 'assets/i18n-[name]-[hash].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
