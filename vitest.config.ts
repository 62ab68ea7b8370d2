import { defineConfig } from 'vitest/config';

/** Unit tests: pure cores in Node (ladder, tensors, errors, i18n, tasks) plus onnxruntime-node known answers. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // The dictionaries load on demand in the app (src/i18n/index.ts); tests get both up front.
    setupFiles: ['src/i18n/test-setup.ts'],
  },
});
