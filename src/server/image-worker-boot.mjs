/**
 * Entry of the picture-decoding worker thread; registers tsx for itself like
 * worker-boot.mjs does for the session workers.
 */
import { tsImport } from 'tsx/esm/api';

await tsImport('./image-worker.ts', import.meta.url);
