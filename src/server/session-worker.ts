/**
 * A session worker: owns one onnxruntime-node session per model and runs them, one call
 * at a time. `session.run` is a synchronous native call (KSERVE-V2.md), so it lives here,
 * off the event loop that answers HTTP.
 */
import * as ort from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { classifyRuntimeMessage, sanitizeRuntimeMessage } from '../shared/errors.ts';
import { ortReady, transferablesOf, type NamedTensors, type WireTensor } from '../shared/tensor.ts';
import type { FromWorker, SessionIo, ToWorker, WorkerInit } from './pool-messages.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const sessions = new Map<string, ort.InferenceSession>();

const reply = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
/** onnxruntime's message without its source locations or this machine's paths: it goes to clients. */
const messageOf = (error: unknown) => sanitizeRuntimeMessage(error instanceof Error ? error.message : String(error));

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): SessionIo[] {
  return meta.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] }));
}

async function load(key: string, path: string): Promise<void> {
  try {
    // Loading a key again (an upload replaced) releases the old session first.
    await unload(key);
    const session = await ort.InferenceSession.create(path, {
      intraOpNumThreads: init.intraOpThreads,
      // Parallelism comes from the pool; one inter-op thread keeps each worker to its share.
      interOpNumThreads: 1,
      executionProviders: [init.executionProvider],
    });
    sessions.set(key, session);
    reply({ kind: 'loaded', key, inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) });
  } catch (error) {
    reply({ kind: 'load-failed', key, message: messageOf(error) });
  }
}

async function unload(key: string): Promise<void> {
  const session = sessions.get(key);
  sessions.delete(key);
  await session?.release();
}

/** ORT's tensor data can be a view on native memory: copy it into buffers we can transfer. */
function toWire(tensor: ort.Tensor): WireTensor {
  const dims = [...tensor.dims];
  if (tensor.type === 'string') return { type: 'string', dims, data: [...(tensor.data as string[])] };
  const data = tensor.data as Exclude<WireTensor['data'], string[]>;
  return { type: tensor.type, dims, data: data.slice() } as WireTensor;
}

async function run(id: number, key: string, inputs: NamedTensors, outputs: string[]): Promise<void> {
  const session = sessions.get(key);
  if (!session) return reply({ kind: 'run-failed', id, message: `model '${key}' is not loaded`, invalidInput: false });
  // No prototype: a model input named '__proto__' must stay an ordinary key.
  const feeds: Record<string, ort.Tensor> = Object.create(null) as Record<string, ort.Tensor>;
  try {
    for (const [name, wire] of Object.entries(inputs)) {
      const t = ortReady(wire);
      feeds[name] = new ort.Tensor(t.type, t.data as ort.Tensor.DataType, t.dims);
    }
  } catch (error) {
    // onnxruntime refused to make a tensor of what the client sent (data that does not fill its dims).
    return reply({ kind: 'run-failed', id, message: messageOf(error), invalidInput: true });
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
    reply({ kind: 'run-failed', id, message, invalidInput: classifyRuntimeMessage(message, 'run') === 'InvalidInputError' });
  }
}

port.on('message', (message: ToWorker) => {
  // Messages are handled in order; the pool sends a worker one run at a time.
  if (message.kind === 'load') void load(message.key, message.path);
  else if (message.kind === 'unload') void unload(message.key);
  else void run(message.id, message.key, message.inputs, message.outputs);
});
