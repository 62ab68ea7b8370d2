/**
 * The page's single engine and settings, created once from the address's options.
 */
import { Engine } from '../../engine/client.ts';
import { chooseWasmThreads } from '../../engine/ladder.ts';
import { spawnInferenceWorker } from '../../engine/spawn.ts';
import { WorkerBridge } from '../../engine/worker-bridge.ts';
import { parseAppOptions } from './app-options.ts';
import { Settings } from './settings.svelte.ts';

/** Give WASM memory back after five quiet minutes; sessions come back lazily. */
const IDLE_RETIRE_MS = 5 * 60_000;

export const options = parseAppOptions(location.search);
export const settings = new Settings(options);
export const cores = navigator.hardwareConcurrency || 1;

export const bridge = new WorkerBridge({
  spawn: spawnInferenceWorker,
  config: {
    wasmThreads: chooseWasmThreads(globalThis.crossOriginIsolated, cores, options.threads),
    ...(options.storageMb ? { cacheBudgetBytes: Math.round(options.storageMb * 2 ** 20) } : {}),
  },
  idleMs: IDLE_RETIRE_MS,
});

export const engine = new Engine(bridge, () => settings.preference);
