/**
 * Entry of every session child process. Like worker-boot.mjs: the child does not inherit
 * a TypeScript loader, so it registers tsx for itself and then loads the real host.
 */
import { tsImport } from 'tsx/esm/api';

await tsImport('./session-process.ts', import.meta.url);
