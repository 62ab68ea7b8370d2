/**
 * The worker set routes each rung's work to the worker of its onnxruntime build. The workers
 * here are Node MessagePorts speaking the same Comlink contract (the browser's real workers
 * are exercised end to end in e2e/ort-builds.spec.ts).
 */
import { expose } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRef, WorkerConfig } from '../shared/protocol.ts';
import { WorkerSet, gpuFlavourFor } from './worker-set.ts';

const started: WorkerConfig[] = [];
const open: { close(): void }[] = [];
const prepared: string[] = [];

/** A "worker" whose init reports the build it was started with, and whose run says which build ran. */
function spawn(): Worker {
  const { port1, port2 } = new MessageChannel();
  let flavour = '';
  expose(
    {
      init: (config: WorkerConfig) => {
        started.push(config);
        flavour = config.flavour;
        return { gpu: { status: 'available', features: [], limits: {} }, crossOriginIsolated: true, wasmThreads: config.wasmThreads, ortVersion: 'test', flavour };
      },
      run: () => flavour,
      prepare: (models: ModelRef[], backend: string) => {
        prepared.push(`${flavour}:${backend}:${models.map((m) => m.id).join(',')}`);
      },
    },
    port2 as unknown as MessagePort,
  );
  open.push(port1, port2);
  return Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
}

afterEach(() => {
  started.length = 0;
  prepared.length = 0;
  for (const port of open.splice(0)) port.close();
});

type RunApi = { run(): Promise<string> };
const ranOn = (set: WorkerSet, backend: 'webgpu' | 'wasm') => set.runOn(backend, (api) => (api as unknown as RunApi).run());

describe('gpuFlavourFor', () => {
  it('picks JSPI where WebAssembly can suspend, else Asyncify, unless one is forced', () => {
    expect(gpuFlavourFor({ Suspending: class {}, promising: () => undefined })).toBe('jspi');
    expect(gpuFlavourFor({})).toBe('asyncify');
    expect(gpuFlavourFor({ Suspending: class {} })).toBe('asyncify');
    expect(gpuFlavourFor({ Suspending: class {}, promising: () => undefined }, 'asyncify')).toBe('asyncify');
  });
});

describe('WorkerSet', () => {
  it('starts only the WASM build until WebGPU work arrives, then a worker with the GPU build', async () => {
    const set = new WorkerSet({ spawn, config: async () => ({ wasmThreads: 2 }), gpuFlavour: 'jspi', idleMs: 0 });
    expect((await set.info()).flavour).toBe('wasm');
    expect(set.used.size).toBe(0);
    expect(await ranOn(set, 'wasm')).toBe('wasm');
    expect(started.map((c) => c.flavour)).toEqual(['wasm']);
    expect(await ranOn(set, 'webgpu')).toBe('jspi');
    expect(started).toEqual([
      { wasmThreads: 2, flavour: 'wasm' },
      { wasmThreads: 2, flavour: 'jspi' },
    ]);
    expect(set.builds).toEqual({ webgpu: 'jspi', wasm: 'wasm' });
    expect([...set.used]).toEqual(['wasm', 'jspi']);
    expect(set.live).toHaveLength(2);
    set.recycle();
  });

  it('replaces one rung’s worker without touching the other’s, and counts every start', async () => {
    const set = new WorkerSet({ spawn, config: async () => ({ wasmThreads: 1 }), gpuFlavour: 'asyncify', idleMs: 0 });
    await ranOn(set, 'wasm');
    await ranOn(set, 'webgpu');
    expect(set.generation).toBe(2);
    set.for('webgpu').recycle();
    expect(set.cpu.alive).toBe(true);
    expect(set.live).toEqual([set.cpu]);
    expect(await ranOn(set, 'webgpu')).toBe('asyncify');
    expect(set.generation).toBe(3);
    set.recycle();
    expect(set.alive).toBe(false);
  });

  it('prepare starts a rung’s worker and its runtime ahead of any run, without counting its build as used', async () => {
    const set = new WorkerSet({ spawn, config: async () => ({ wasmThreads: 2 }), gpuFlavour: 'jspi', idleMs: 0 });
    expect(set.alive).toBe(false);
    await set.prepare('wasm', [{ id: 'a', url: 'models/a/1/model.onnx' }]);
    expect(started).toEqual([{ wasmThreads: 2, flavour: 'wasm' }]);
    expect(prepared).toEqual(['wasm:wasm:a']);
    expect(set.used.size).toBe(0);
    // The first run finds that worker: no second start.
    expect(await ranOn(set, 'wasm')).toBe('wasm');
    expect(set.generation).toBe(1);
    await set.prepare('webgpu');
    expect(prepared).toEqual(['wasm:wasm:a', 'jspi:webgpu:']);
    expect([...set.used]).toEqual(['wasm']);
    set.recycle();
  });

  it('renewCpu restarts an idle CPU worker with its config read again and prepares the page’s models in it; a busy one is left', async () => {
    let threads = 2;
    const set = new WorkerSet({ spawn, config: async () => ({ wasmThreads: threads }), gpuFlavour: 'jspi', idleMs: 0 });
    expect(await set.renewCpu()).toBe(false);
    expect(set.alive).toBe(false);
    await set.prepare('wasm', [{ id: 'a', url: 'models/a/1/model.onnx' }]);
    threads = 1;
    expect(await set.renewCpu()).toBe(true);
    expect(started).toEqual([
      { wasmThreads: 2, flavour: 'wasm' },
      { wasmThreads: 1, flavour: 'wasm' },
    ]);
    expect(prepared).toEqual(['wasm:wasm:a', 'wasm:wasm:a']);
    expect(set.generation).toBe(2);
    // Once the page that asked was left, a new worker starts with nothing prepared.
    set.forgetPrepared();
    expect(await set.renewCpu()).toBe(true);
    // Nothing to prepare: the next call starts the worker, with the new count.
    expect(set.alive).toBe(false);
    expect((await set.info()).wasmThreads).toBe(1);
    expect(started).toHaveLength(3);
    expect(prepared).toHaveLength(2);
    // A call in flight keeps its worker.
    const running = ranOn(set, 'wasm');
    expect(await set.renewCpu()).toBe(false);
    await running;
    expect(set.generation).toBe(3);
    set.recycle();
  });

  it('prepare is reported to the thread tuner as a prepare, never as a run; isAlive starts no worker', async () => {
    const events: unknown[] = [];
    const set = new WorkerSet({ spawn, config: async () => ({ wasmThreads: 2 }), gpuFlavour: 'jspi', idleMs: 0, onWork: (e) => events.push(e) });
    expect(set.isAlive('wasm')).toBe(false);
    await set.prepare('wasm', []);
    expect(events).toEqual([
      { phase: 'start', backend: 'wasm', prepare: true },
      { phase: 'end', backend: 'wasm', ok: false, prepare: true },
    ]);
    expect(set.isAlive('wasm')).toBe(true);
    expect(set.isAlive('webgpu')).toBe(false);
    set.recycle();
  });
});
