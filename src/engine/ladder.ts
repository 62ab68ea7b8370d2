/**
 * The backend ladder: WebGPU → WASM → datacenter. Pure decisions, unit-tested in Node; the
 * engine client walks the plan and records what actually ran.
 */
import type { Backend, BackendPreference, GpuProbe, SkipReason } from '../shared/protocol.ts';

/** One rung as planned: usable, or skipped with the reason shown to the user. */
export type Rung = { backend: Backend; skip?: SkipReason };

export type DatacenterState = 'live' | 'down' | 'none';

export interface LadderFacts {
  gpu: Pick<GpuProbe, 'status' | 'reason'>;
  /** The datacenter endpoint: answering, configured but not answering, or not configured. */
  datacenter: DatacenterState;
  /** The model is too heavy for this device (see `isHeavyForDevice`): offload before WASM. */
  heavy?: boolean;
  /** WebGPU was measured to give wrong outputs for this model: `auto` does not use it. */
  webgpuUnreliable?: boolean;
  /** Rungs that failed earlier in this page's life (e.g. the device was lost), by backend. */
  learned?: Partial<Record<Backend, SkipReason>>;
}

const ORDER: readonly Backend[] = ['webgpu', 'wasm', 'datacenter'];

function gpuSkip(gpu: LadderFacts['gpu'], forced: boolean): SkipReason | undefined {
  if (gpu.status === 'unavailable') return gpu.reason ?? 'no-adapter';
  // A software adapter (SwiftShader, llvmpipe, WARP) computes correctly but is slower than
  // WASM, so auto skips it; forcing WebGPU still uses it.
  if (gpu.status === 'software' && !forced) return 'software-adapter';
  return undefined;
}

/**
 * The rungs to try, in order, starting at the preferred one. `auto` starts at WebGPU.
 * Forcing a rung starts the ladder there; later rungs remain as fallbacks, and forcing the
 * datacenter falls back to this device's WASM when the endpoint is gone.
 */
export function planLadder(preference: BackendPreference, facts: LadderFacts): Rung[] {
  const start = preference === 'auto' ? 'webgpu' : preference;
  let order: readonly Backend[] = start === 'datacenter' ? ['datacenter', 'wasm'] : ORDER.slice(ORDER.indexOf(start));
  // A heavy model on a device without a hardware GPU goes to the datacenter before the CPU;
  // WASM stays as the fallback when the datacenter cannot answer.
  if (preference === 'auto' && facts.heavy && facts.datacenter === 'live' && facts.gpu.status !== 'available') order = ['webgpu', 'datacenter', 'wasm'];
  return order.map((backend) => {
    const learned = facts.learned?.[backend];
    if (learned) return { backend, skip: learned };
    if (backend === 'webgpu') {
      const skip = gpuSkip(facts.gpu, preference === 'webgpu');
      // A fast wrong answer is worse than a slower right one; forcing WebGPU is a tester's choice.
      return { backend, skip: skip ?? (facts.webgpuUnreliable && preference !== 'webgpu' ? 'webgpu-unreliable' : undefined) };
    }
    if (backend === 'datacenter' && facts.datacenter !== 'live') {
      return { backend, skip: facts.datacenter === 'down' ? 'datacenter-unavailable' : 'no-endpoint' };
    }
    return { backend };
  });
}

/** The backend the ladder will try first, and the rungs skipped on the way there. */
export function defaultChoice(rungs: Rung[]): { backend: Backend | undefined; skipped: Rung[] } {
  const index = rungs.findIndex((r) => !r.skip);
  return index < 0 ? { backend: undefined, skipped: rungs } : { backend: rungs[index]!.backend, skipped: rungs.slice(0, index) };
}

/** Single-thread CPU time per run above which a model is heavy for a device without a GPU. */
export const HEAVY_CPU_MS = 1500;
/** Model size above which a device with little memory (navigator.deviceMemory ≤ 2 GB) offloads. */
export const HEAVY_BYTES_SMALL_DEVICE = 64 * 2 ** 20;

/**
 * Whether a model exceeds what this device proved it can do: its measured work per run
 * (catalog hint) is large, or it is big and the device reports little memory.
 */
export function isHeavyForDevice(model: { cpuMsPerRun?: number; bytes?: number }, device: { deviceMemoryGb?: number }): boolean {
  if ((model.cpuMsPerRun ?? 0) > HEAVY_CPU_MS) return true;
  return device.deviceMemoryGb !== undefined && device.deviceMemoryGb <= 2 && (model.bytes ?? 0) > HEAVY_BYTES_SMALL_DEVICE;
}

/** Parses `?backend=`; anything unknown means `auto`. */
export function parsePreference(value: string | null | undefined): BackendPreference {
  return value === 'webgpu' || value === 'wasm' || value === 'datacenter' || value === 'auto' ? value : 'auto';
}

/**
 * WASM threads: all cores up to 4 when cross-origin isolated (SharedArrayBuffer), else 1.
 * ORT's own default is ceil(cores/2), which leaves one of two cores idle.
 */
export function chooseWasmThreads(isolated: boolean, cores: number, requested?: number): number {
  if (!isolated) return 1;
  const max = Math.max(1, Math.min(cores || 1, 16));
  if (requested && Number.isInteger(requested) && requested > 0) return Math.min(requested, max);
  return Math.min(max, 4);
}
