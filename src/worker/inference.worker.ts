/**
 * The inference worker: wires the typed contract to the GPU probe and ORT sessions.
 * Tensor buffers leave by transfer, never by copy.
 */
import { expose, transfer } from 'comlink';
import type { InferenceApi, WorkerBackend } from '../shared/protocol.ts';
import { transferablesOf } from '../shared/tensor.ts';
import { probeGpu } from './gpu.ts';
import { loseGpuDevice, releaseModel, runModel, startRuntime } from './sessions.ts';

const api = {
  async init(config) {
    const [gpu, ortVersion] = await Promise.all([probeGpu(), startRuntime(config.wasmThreads)]);
    return { gpu, crossOriginIsolated: self.crossOriginIsolated, wasmThreads: config.wasmThreads, ortVersion };
  },
  async run(request) {
    const result = await runModel(request);
    return transfer(result, transferablesOf(Object.values(result.outputs)));
  },
  async release(modelId: string, backend?: WorkerBackend) {
    await releaseModel(modelId, backend);
  },
  async loseGpuDevice() {
    return loseGpuDevice();
  },
} satisfies InferenceApi;

expose(api);
