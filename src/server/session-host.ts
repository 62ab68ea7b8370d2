/**
 * What a session host does, wherever it lives: owns one onnxruntime-node session per model
 * and runs them, one call at a time. `session.run` is a synchronous native call
 * (KSERVE-V2.md), so it lives off the event loop that answers HTTP: in a worker thread for
 * the repository's models (session-worker.ts), in a child process for uploaded, untrusted
 * ones (session-process.ts), which the pool can kill, or, for tiny repository models only,
 * in the server's own thread (session-inline.ts), where a 20 µs run costs less than any hop.
 */
import * as ort from 'onnxruntime-node';
import { classifyRuntimeMessage, sanitizeRuntimeMessage } from '../shared/errors.ts';
import { ortReady, packStrings, transferablesOf, type NamedTensors, type PackedBytes, type WireTensor } from '../shared/tensor.ts';
import type { FromWorker, SessionIo, ToWorker, WorkerInit } from './pool-messages.ts';

/** How a host talks to its pool: a worker port or a child process's IPC channel. */
export interface SessionChannel {
  send(message: FromWorker, transfer: ArrayBuffer[]): void;
  onMessage(handler: (message: ToWorker) => void): void;
}

/** onnxruntime's message without its source locations or this machine's paths: it goes to clients. */
const messageOf = (error: unknown) => sanitizeRuntimeMessage(error instanceof Error ? error.message : String(error));

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): SessionIo[] {
  return meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] }));
}

/**
 * An output as it crosses to the main thread. onnxruntime-node gives each output a fresh
 * ArrayBuffer of exactly its size, which is transferred as it is (copying it cost ~0.8 ms
 * per 1 MB PP-OCR rec answer, 2026-12-03); data that is a view on a larger buffer is
 * copied, so a transfer never takes more than the output. (Two outputs on one buffer would
 * arrive as two views on one buffer: `transferablesOf` lists it once, and a structured clone
 * keeps the sharing.) Strings go back packed (PackedBytes).
 */
function toWire(tensor: ort.Tensor): WireTensor {
  const dims = [...tensor.dims];
  if (tensor.type === 'string') return packStrings(dims, tensor.data as string[]);
  const data = tensor.data as Exclude<WireTensor['data'], string[] | PackedBytes>;
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  return { type: tensor.type, dims, data: whole ? data : data.slice() } as WireTensor;
}

/**
 * Serves load, unload and run messages on `channel` until the host goes away. `release`
 * frees every session: a thread or process frees them by exiting, the inline host cannot.
 */
export function serveSessions(channel: SessionChannel, init: WorkerInit): { release(): Promise<void> } {
  const sessions = new Map<string, ort.InferenceSession>();
  const reply = (message: FromWorker, transfer: ArrayBuffer[] = []) => channel.send(message, transfer);

  async function unload(key: string): Promise<void> {
    const session = sessions.get(key);
    sessions.delete(key);
    await session?.release();
  }

  async function load(key: string, path: string): Promise<void> {
    try {
      // Loading a key again (an upload replaced) releases the old session first.
      await unload(key);
      const session = await ort.InferenceSession.create(path, {
        intraOpNumThreads: init.intraOpThreads,
        // Parallelism comes from the pool; one inter-op thread keeps each host to its share.
        interOpNumThreads: 1,
        executionProviders: [init.executionProvider],
        // See SERVER.md "Memory": the arena keeps the peak of the largest input for good.
        enableCpuMemArena: init.cpuMemArena,
      });
      sessions.set(key, session);
      reply({ kind: 'loaded', key, inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) });
    } catch (error) {
      reply({ kind: 'load-failed', key, message: messageOf(error) });
    }
  }

  async function run(id: number, key: string, inputs: NamedTensors, outputs: string[]): Promise<void> {
    const session = sessions.get(key);
    if (!session) return reply({ kind: 'run-failed', id, message: `model '${key}' is not loaded`, fault: 'runtime' });
    // No prototype: a model input named '__proto__' must stay an ordinary key.
    const feeds: Record<string, ort.Tensor> = Object.create(null) as Record<string, ort.Tensor>;
    try {
      for (const [name, wire] of Object.entries(inputs)) {
        const t = ortReady(wire);
        feeds[name] = new ort.Tensor(t.type, t.data as ort.Tensor.DataType, t.dims);
      }
    } catch (error) {
      // onnxruntime refused to make a tensor of what the client sent (data that does not fill its dims).
      return reply({ kind: 'run-failed', id, message: messageOf(error), fault: 'input' });
    }
    try {
      const started = performance.now();
      const result = await session.run(feeds, outputs);
      const computeMs = performance.now() - started;
      const wire: NamedTensors = Object.create(null) as NamedTensors;
      for (const name of outputs) wire[name] = toWire(result[name] as ort.Tensor);
      reply({ kind: 'result', id, outputs: wire, computeMs }, transferablesOf(Object.values(wire)));
    } catch (error) {
      const message = messageOf(error);
      const kind = classifyRuntimeMessage(message, 'run');
      reply({ kind: 'run-failed', id, message, fault: kind === 'InvalidInputError' ? 'input' : kind === 'OutOfMemoryError' ? 'memory' : 'runtime' });
    }
  }

  channel.onMessage((message) => {
    // Messages are handled in order; the pool sends a host one run at a time.
    if (message.kind === 'load') void load(message.key, message.path);
    else if (message.kind === 'unload') void unload(message.key);
    else void run(message.id, message.key, message.inputs, message.outputs);
  });
  return { release: async () => void (await Promise.all([...sessions.keys()].map(unload))) };
}
