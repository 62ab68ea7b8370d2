/**
 * Entry of every session worker thread. Worker threads do not inherit a TypeScript loader
 * from `tsx` (or from Vitest's module runner), so this plain ES module registers tsx for
 * itself and then loads the real worker.
 */
import { tsImport } from 'tsx/esm/api';

await tsImport('./session-worker.ts', import.meta.url);
