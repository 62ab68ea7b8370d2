/**
 * Triton's dynamic batching, the pure part: which waiting requests may share one
 * onnxruntime run, when to send them, and how their tensors are joined along dim 0 and the
 * outputs split back. The pool (worker-pool.ts) does the waiting and the running.
 *
 * Requests join a batch only when every input has the same type and the same dims past
 * dim 0, and they ask for the same outputs in the same order (Triton batches only equal
 * shapes too). BYTES tensors never batch: their packed form would need its own join for a
 * few small text models; such requests run alone.
 */
import type { NamedTensors, WireTensor } from '../shared/tensor.ts';

/** A model's `dynamic_batching` (config.pbtxt), with its `max_batch_size`. */
export interface BatchPolicy {
  maxBatchSize: number;
  /** `preferred_batch_size`: sizes sent as soon as they are reached. Empty: the max batch size (Triton's rule). */
  preferredBatchSizes: number[];
  /** `max_queue_delay_microseconds` in ms: how long the oldest request may wait for others (0: never). */
  maxQueueDelayMs: number;
}

/** What the batcher needs to know of a waiting request. */
export interface Batchable {
  /** Its dim 0. */
  rows: number;
  /** Requests with the same signature can share a run; undefined: it runs alone. */
  signature: string | undefined;
  enqueuedAt: number;
}

/** Send the first `take` requests now, or look again in `waitMs`. */
export type BatchPlan = { take: number } | { waitMs: number };

type NumericTensor = Exclude<WireTensor, { type: 'bytes' | 'string' }>;
type NumericData = NumericTensor['data'];

const numeric = (t: WireTensor): t is NumericTensor => t.type !== 'bytes' && t.type !== 'string';

/**
 * The rows (dim 0, shared by every input) and the signature of a request, or undefined
 * when it cannot join a batch (BYTES, a scalar, inputs that disagree on dim 0).
 */
export function batchKey(inputs: NamedTensors, outputs: readonly string[]): { rows: number; signature: string } | undefined {
  const names = Object.keys(inputs).sort();
  let rows: number | undefined;
  const parts: string[] = [];
  for (const name of names) {
    const t = inputs[name]!;
    if (!numeric(t) || t.dims.length === 0 || t.dims[0]! < 1) return undefined;
    if (rows !== undefined && t.dims[0] !== rows) return undefined;
    rows = t.dims[0]!;
    parts.push(`${JSON.stringify(name)}:${t.type}[${t.dims.slice(1).join(',')}]`);
  }
  if (rows === undefined) return undefined;
  return { rows, signature: `${parts.join(';')}→${JSON.stringify(outputs)}` };
}

/**
 * Which of the waiting requests (oldest first) to send now. From the head, requests with the
 * head's signature join in order while the rows fit `maxBatchSize`; the batch closes at the
 * first one that cannot join. A closed or full batch goes at once; else, once the head has
 * waited `maxQueueDelayMs`, whatever has gathered goes; before that, the largest preferred
 * size reached goes, or the batcher waits for more (Triton's dynamic batcher).
 */
export function planBatch(queue: readonly Batchable[], policy: BatchPolicy, now: number): BatchPlan {
  const head = queue[0];
  if (!head) return { waitMs: Infinity };
  if (head.signature === undefined) return { take: 1 };
  const preferred = policy.preferredBatchSizes.length > 0 ? policy.preferredBatchSizes : [policy.maxBatchSize];
  let rows = 0;
  let take = 0;
  let preferredTake = 0;
  let closed = false;
  for (const request of queue) {
    if (request.signature !== head.signature || rows + request.rows > policy.maxBatchSize) {
      closed = true;
      break;
    }
    rows += request.rows;
    take++;
    if (preferred.includes(rows)) preferredTake = take;
  }
  // A head alone past the max batch size cannot happen (validation refuses it); send it alone anyway.
  if (take === 0) return { take: 1 };
  const waited = now - head.enqueuedAt;
  if (closed || rows >= policy.maxBatchSize || waited >= policy.maxQueueDelayMs) return { take };
  if (preferredTake > 0) return { take: preferredTake };
  return { waitMs: policy.maxQueueDelayMs - waited };
}

/** One request's inputs after another along dim 0 (all of one signature: see batchKey). */
export function concatBatch(requests: readonly NamedTensors[]): NamedTensors {
  const first = requests[0];
  if (!first) throw new Error('an empty batch');
  const joined: NamedTensors = Object.create(null) as NamedTensors;
  for (const [name, head] of Object.entries(first)) {
    if (!numeric(head)) throw new Error(`input '${name}' is BYTES: it cannot be batched`);
    const parts = requests.map((r) => r[name] as NumericTensor);
    const length = parts.reduce((n, t) => n + t.data.length, 0);
    const data = new (head.data.constructor as new (length: number) => NumericData)(length);
    let at = 0;
    for (const part of parts) {
      // Same type by signature: set() copies element by element, never converts.
      (data as Float32Array).set(part.data as Float32Array, at);
      at += part.data.length;
    }
    const rows = parts.reduce((n, t) => n + t.dims[0]!, 0);
    joined[name] = { type: head.type, dims: [rows, ...head.dims.slice(1)], data } as WireTensor;
  }
  return joined;
}

/**
 * The outputs of a batched run, split back: request i gets `rows[i]` rows of each output,
 * as views on the run's buffers (no copy; they must not be transferred elsewhere). Throws
 * when an output does not carry the batch on dim 0: the model is not batchable after all.
 */
export function splitBatch(outputs: NamedTensors, rows: readonly number[]): NamedTensors[] {
  const total = rows.reduce((a, b) => a + b, 0);
  const parts = rows.map(() => Object.create(null) as NamedTensors);
  for (const [name, t] of Object.entries(outputs)) {
    if (!numeric(t) || t.dims[0] !== total) {
      throw new Error(`output '${name}' has shape [${t.dims.join(',')}], not the batch of ${total} on its first dim: the model cannot be batched (remove dynamic_batching from its config.pbtxt)`);
    }
    const perRow = total === 0 ? 0 : t.data.length / total;
    let at = 0;
    rows.forEach((r, i) => {
      const data = t.data.subarray(at * perRow, (at + r) * perRow);
      parts[i]![name] = { type: t.type, dims: [r, ...t.dims.slice(1)], data } as WireTensor;
      at += r;
    });
  }
  return parts;
}
