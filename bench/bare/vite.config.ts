import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/**
 * The bare page is built on its own (not part of the app) into bench/.bare-dist and served
 * by a second instance of the real server (STATIC_DIR), so it gets the same COOP/COEP/CSP.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('../.bare-dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
});
