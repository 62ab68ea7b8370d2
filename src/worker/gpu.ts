/** What WebGPU looks like from the worker, where ORT will use it. No ORT here. */
import type { GpuProbe } from '../shared/protocol.ts';

/** Software rasterizers: correct, but slower than WASM for inference. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|basic render/i;

const REPORTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Decides from adapter facts whether the adapter is a software one. Pure, unit-tested. */
export function isSoftwareAdapter(info: { architecture: string; description: string; device: string; isFallbackAdapter?: boolean }): boolean {
  return Boolean(info.isFallbackAdapter) || SOFTWARE_ADAPTER.test(`${info.architecture} ${info.description} ${info.device}`);
}

export async function probeGpu(): Promise<GpuProbe> {
  const gpu = (self.navigator as Partial<WorkerNavigator>).gpu;
  if (!gpu) return { status: 'unavailable', reason: 'no-navigator-gpu', features: [], limits: {} };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { status: 'unavailable', reason: 'no-adapter', features: [], limits: {} };
  const info = adapter.info;
  // `isFallbackAdapter` moved from GPUAdapter to GPUAdapterInfo; read whichever exists.
  const fallback = (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  const facts = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: fallback,
  };
  const limits: Record<string, number> = {};
  for (const key of REPORTED_LIMITS) limits[key] = adapter.limits[key];
  const software = isSoftwareAdapter(facts);
  return {
    status: software ? 'software' : 'available',
    ...(software ? { reason: 'software-adapter' as const } : {}),
    adapter: facts,
    features: [...adapter.features].sort(),
    limits,
  };
}
