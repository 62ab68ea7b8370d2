/** The bare page's one message each way (bench/bare/bare.worker.ts). */
import type { BenchInputs, EncodedOutput } from '../../src/shared/bench-input.ts';

/**
 * `webgpu`: `onnxruntime-web/webgpu`, the build the playground ships (C++ WebGPU EP, Asyncify).
 * `wasm`: `onnxruntime-web/wasm`, the plain CPU build.
 * `jsep`: `onnxruntime-web`, the older JavaScript WebGPU backend: a second opinion on WebGPU outputs.
 */
export type Flavour = 'webgpu' | 'jspi' | 'wasm' | 'jsep';

export interface BareRequest {
  flavour: Flavour;
  backend: 'webgpu' | 'wasm';
  threads: number;
  modelUrl: string;
  inputs: BenchInputs;
  n: number;
  warmup: number;
  maxMs: number;
  /**
   * ORT's graph optimisation level (default 'all', the app's). When set, ORT's runtime is
   * started first on a one-node model, so `createMs` is the session's creation alone.
   */
  optLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

export type BareResult =
  | {
      ok: true;
      ortVersion: string;
      crossOriginIsolated: boolean;
      threads: number;
      adapter?: { vendor: string; architecture: string; device: string; description: string };
      createMs: number;
      firstRunMs: number;
      times: number[];
      outputs: Record<string, EncodedOutput>;
    }
  | { ok: false; message: string };
