import { describe, expect, it } from 'vitest';
import { chooseWasmThreads, defaultChoice, parsePreference, planLadder } from './ladder.ts';

const hardware = { status: 'available' as const };
const software = { status: 'software' as const, reason: 'software-adapter' as const };
const none = { status: 'unavailable' as const, reason: 'no-navigator-gpu' as const };

describe('planLadder', () => {
  it('auto with a hardware GPU starts at WebGPU, then WASM, then the datacenter', () => {
    expect(planLadder('auto', { gpu: hardware, datacenter: 'live' })).toEqual([
      { backend: 'webgpu', skip: undefined },
      { backend: 'wasm' },
      { backend: 'datacenter' },
    ]);
  });

  it('auto skips a software adapter, with the reason', () => {
    const rungs = planLadder('auto', { gpu: software, datacenter: 'none' });
    expect(rungs[0]).toEqual({ backend: 'webgpu', skip: 'software-adapter' });
    expect(defaultChoice(rungs)).toEqual({ backend: 'wasm', skipped: [rungs[0]] });
  });

  it('auto skips WebGPU for a model it computes wrongly, even on a hardware GPU; forcing still uses it', () => {
    const rungs = planLadder('auto', { gpu: hardware, datacenter: 'none', webgpuUnreliable: true });
    expect(rungs[0]).toEqual({ backend: 'webgpu', skip: 'webgpu-unreliable' });
    expect(defaultChoice(rungs).backend).toBe('wasm');
    expect(planLadder('webgpu', { gpu: hardware, datacenter: 'none', webgpuUnreliable: true })[0]).toEqual({ backend: 'webgpu', skip: undefined });
    // No GPU at all says so, not that WebGPU would be wrong.
    expect(planLadder('auto', { gpu: none, datacenter: 'none', webgpuUnreliable: true })[0]?.skip).toBe('no-navigator-gpu');
  });

  it('forcing WebGPU uses a software adapter', () => {
    expect(planLadder('webgpu', { gpu: software, datacenter: 'none' })[0]).toEqual({ backend: 'webgpu', skip: undefined });
  });

  it('forcing WebGPU without WebGPU keeps the reason and falls to WASM', () => {
    const rungs = planLadder('webgpu', { gpu: none, datacenter: 'none' });
    expect(rungs[0]).toEqual({ backend: 'webgpu', skip: 'no-navigator-gpu' });
    expect(defaultChoice(rungs).backend).toBe('wasm');
  });

  it('an unavailable GPU without a stated reason reads as no adapter', () => {
    expect(planLadder('auto', { gpu: { status: 'unavailable' }, datacenter: 'none' })[0]?.skip).toBe('no-adapter');
  });

  it('forcing WASM starts there: nothing faster is listed as skipped', () => {
    const rungs = planLadder('wasm', { gpu: hardware, datacenter: 'live' });
    expect(rungs.map((r) => r.backend)).toEqual(['wasm', 'datacenter']);
    expect(defaultChoice(rungs).skipped).toEqual([]);
  });

  it('a configured datacenter that does not answer is skipped with that reason', () => {
    expect(planLadder('datacenter', { gpu: hardware, datacenter: 'down' })[0]).toEqual({ backend: 'datacenter', skip: 'datacenter-unavailable' });
  });

  it('forcing the datacenter falls back to this device when there is no endpoint', () => {
    const rungs = planLadder('datacenter', { gpu: hardware, datacenter: 'none' });
    expect(rungs).toEqual([{ backend: 'datacenter', skip: 'no-endpoint' }, { backend: 'wasm' }]);
    expect(defaultChoice(rungs).backend).toBe('wasm');
  });

  it('a learned failure (device lost) overrides even a forced rung', () => {
    const rungs = planLadder('webgpu', { gpu: hardware, datacenter: 'none', learned: { webgpu: 'device-lost' } });
    expect(rungs[0]).toEqual({ backend: 'webgpu', skip: 'device-lost' });
  });

  it('reports no backend when every rung is skipped', () => {
    const rungs = planLadder('datacenter', { gpu: none, datacenter: 'none', learned: { wasm: 'out-of-memory' } });
    expect(defaultChoice(rungs)).toEqual({ backend: undefined, skipped: rungs });
  });
});

describe('parsePreference', () => {
  it.each([
    ['webgpu', 'webgpu'],
    ['wasm', 'wasm'],
    ['datacenter', 'datacenter'],
    ['auto', 'auto'],
    ['WEBGPU', 'auto'],
    ['', 'auto'],
    [null, 'auto'],
  ])('%s → %s', (input, expected) => expect(parsePreference(input)).toBe(expected));
});

describe('chooseWasmThreads', () => {
  it('uses one thread without cross-origin isolation', () => expect(chooseWasmThreads(false, 8)).toBe(1));
  it('uses every core up to 4 when isolated', () => {
    expect(chooseWasmThreads(true, 2)).toBe(2);
    expect(chooseWasmThreads(true, 16)).toBe(4);
  });
  it('honours a requested count within the cores', () => {
    expect(chooseWasmThreads(true, 8, 6)).toBe(6);
    expect(chooseWasmThreads(true, 2, 6)).toBe(2);
    expect(chooseWasmThreads(true, 2, 0)).toBe(2);
  });
});

describe('offload policy', () => {
  it('a heavy model without a hardware GPU goes to the datacenter before WASM', () => {
    expect(planLadder('auto', { gpu: software, datacenter: 'live', heavy: true }).map((r) => r.backend)).toEqual(['webgpu', 'datacenter', 'wasm']);
  });
  it('keeps WebGPU first for a heavy model on a hardware GPU, and ignores weight when nothing can offload', () => {
    expect(planLadder('auto', { gpu: hardware, datacenter: 'live', heavy: true }).map((r) => r.backend)).toEqual(['webgpu', 'wasm', 'datacenter']);
    expect(planLadder('auto', { gpu: software, datacenter: 'none', heavy: true }).map((r) => r.backend)).toEqual(['webgpu', 'wasm', 'datacenter']);
  });
  it('a forced rung is not reordered', () => {
    expect(planLadder('wasm', { gpu: software, datacenter: 'live', heavy: true }).map((r) => r.backend)).toEqual(['wasm', 'datacenter']);
  });
  it('weighs measured work and, on small-memory devices, size', async () => {
    const { isHeavyForDevice, HEAVY_CPU_MS, HEAVY_BYTES_SMALL_DEVICE } = await import('./ladder.ts');
    expect(isHeavyForDevice({ cpuMsPerRun: 144 }, {})).toBe(false);
    expect(isHeavyForDevice({ cpuMsPerRun: HEAVY_CPU_MS + 1 }, {})).toBe(true);
    expect(isHeavyForDevice({ bytes: HEAVY_BYTES_SMALL_DEVICE + 1 }, { deviceMemoryGb: 2 })).toBe(true);
    expect(isHeavyForDevice({ bytes: HEAVY_BYTES_SMALL_DEVICE + 1 }, { deviceMemoryGb: 8 })).toBe(false);
    expect(isHeavyForDevice({ bytes: HEAVY_BYTES_SMALL_DEVICE + 1 }, {})).toBe(false);
  });
});
