/** What WebGPU looks like from the worker, where ORT will use it. No ORT here. */
import { isSoftwareAdapter } from '../shared/adapter-kind.ts';
import type { GpuProbe } from '../shared/protocol.ts';

const REPORTED_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

export async function probeGpu(): Promise<GpuProbe> {
  const gpu = (self.navigator as Partial<WorkerNavigator>).gpu;
  if (!gpu) return { status: 'unavailable', reason: 'no-navigator-gpu', features: [], limits: {} };
  const adapter = await gpu.requestAdapter().catch(() => null);
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
