/**
 * The page's single engine, settings and consent prompt, created once from the address's options.
 * The shell's part (options, settings, consent, updates) lives in shell.ts and is re-exported
 * here; this module, with the engine, loads with the first route that needs it.
 */
import { Engine } from '../../engine/client.ts';
import { calibrationFor, defaultCalibration } from '../../engine/calibration-models.ts';
import { loadCostState, loadThreadChoice, saveCostState, saveThreadChoice } from '../../engine/cost-store.ts';
import { JobClient } from '../../engine/job-client.ts';
import { RemoteClient } from '../../engine/remote.ts';
import { spawnInferenceWorker } from '../../engine/spawn.ts';
import type { ThreadChoice } from '../../engine/thread-choice.ts';
import { ThreadTuner } from '../../engine/thread-tuner.ts';
import { WorkerSet, gpuFlavourFor } from '../../engine/worker-set.ts';
import { consent, cores, options, settings } from './shell.ts';

export { appUpdate, consent, cores, options, settings } from './shell.ts';

/** Give WASM memory back after five quiet minutes; sessions come back lazily. */
const IDLE_RETIRE_MS = 5 * 60_000;
/** A datacenter answer slower than this is treated as unavailable (then this device answers). */
const DATACENTER_TIMEOUT_MS = 30_000;

/** The WASM thread count, chosen by measurement on this device (or `?threads=`). */
export const threadTuner = new ThreadTuner({
  spawn: spawnInferenceWorker,
  isolated: globalThis.crossOriginIsolated,
  cores,
  userAgent: navigator.userAgent,
  ...(options.threads ? { forced: options.threads } : {}),
  ...(options.storageMb ? { cacheBudgetBytes: Math.round(options.storageMb * 2 ** 20) } : {}),
  store: { load: loadThreadChoice, save: saveThreadChoice },
  calibrationFor,
  defaultCalibration,
  // A new count applies at once while the CPU worker is idle (the fresh worker prepares the
  // page's cached models again); a busy one keeps its count until it is next replaced.
  onChoice: async (choice: ThreadChoice) => {
    if (!bridge.cpu.alive || bridge.cpu.pending > 0) return;
    const running = await bridge.cpu.info();
    if (running.wasmThreads !== threadTuner.countFor(choice)) await bridge.renewCpu();
  },
});

/** One inference worker per onnxruntime-web build: the WASM rung's, and the WebGPU rung's when it is used. */
export const bridge = new WorkerSet({
  spawn: spawnInferenceWorker,
  config: async () => ({
    wasmThreads: await threadTuner.threads(),
    ...(options.storageMb ? { cacheBudgetBytes: Math.round(options.storageMb * 2 ** 20) } : {}),
    ...(options.startup ? { startup: options.startup } : {}),
  }),
  gpuFlavour: gpuFlavourFor(WebAssembly, options.ortGpu),
  idleMs: IDLE_RETIRE_MS,
  onWork: threadTuner.onWork,
});

export const remote = new RemoteClient(() => ({
  baseUrl: settings.endpoint,
  ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  timeoutMs: DATACENTER_TIMEOUT_MS,
  retries: 3,
}));

const deviceMemoryGb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;

export const engine = new Engine({
  bridge,
  remote,
  preference: () => settings.preference,
  consent: consent.ask,
  ...(deviceMemoryGb === undefined ? {} : { deviceMemoryGb }),
});

/** Whole jobs (a photo, a recording, a form), here or in the datacenter, chosen per job. */
export const jobs = new JobClient({ engine, bridge, costs: { load: loadCostState, save: saveCostState } });
