import { describe, expect, it } from 'vitest';
import type { NamedTensors } from '../shared/tensor.ts';
import { batchKey, concatBatch, planBatch, splitBatch, type Batchable, type BatchPolicy } from './batching.ts';

const request = (rows: number, first: number): NamedTensors => ({
  x: { type: 'float32', dims: [rows, 2], data: Float32Array.from({ length: rows * 2 }, (_, i) => first + i) },
  i: { type: 'int64', dims: [rows, 1], data: BigInt64Array.from({ length: rows }, (_, k) => BigInt(first + k)) },
});

describe('batchKey', () => {
  it('gives requests of one shape past dim 0 and the same outputs one signature, and their rows', () => {
    const a = batchKey(request(1, 0), ['y']);
    const b = batchKey(request(3, 10), ['y']);
    expect(a).toMatchObject({ rows: 1 });
    expect(b).toMatchObject({ rows: 3 });
    expect(a!.signature).toBe(b!.signature);
  });
  it('tells apart other trailing dims, types, input names and requested outputs', () => {
    const base = batchKey(request(1, 0), ['y'])!.signature;
    const wider: NamedTensors = { ...request(1, 0), x: { type: 'float32', dims: [1, 3], data: new Float32Array(3) } };
    const double: NamedTensors = { ...request(1, 0), x: { type: 'float64', dims: [1, 2], data: new Float64Array(2) } };
    const renamed: NamedTensors = { x: request(1, 0)['x']!, j: request(1, 0)['i']! };
    for (const other of [batchKey(wider, ['y']), batchKey(double, ['y']), batchKey(renamed, ['y']), batchKey(request(1, 0), ['y', 'z']), batchKey(request(1, 0), ['z'])]) {
      expect(other!.signature).not.toBe(base);
    }
  });
  it('refuses what cannot be joined on dim 0: BYTES, scalars, inputs that disagree on dim 0, an empty batch', () => {
    expect(batchKey({ s: { type: 'bytes', dims: [1], data: { bytes: new Uint8Array(1), offsets: Uint32Array.of(0, 1) } } }, ['y'])).toBeUndefined();
    expect(batchKey({ s: { type: 'float32', dims: [], data: Float32Array.of(1) } }, ['y'])).toBeUndefined();
    expect(batchKey({ ...request(2, 0), i: request(1, 0)['i']! }, ['y'])).toBeUndefined();
    expect(batchKey({ x: { type: 'float32', dims: [0, 2], data: new Float32Array(0) } }, ['y'])).toBeUndefined();
    expect(batchKey({}, ['y'])).toBeUndefined();
  });
});

describe('concatBatch and splitBatch', () => {
  it('joins inputs along dim 0 in order, keeping their type', () => {
    const joined = concatBatch([request(1, 0), request(2, 100)]);
    expect(joined['x']).toEqual({ type: 'float32', dims: [3, 2], data: Float32Array.of(0, 1, 100, 101, 102, 103) });
    expect(joined['i']).toEqual({ type: 'int64', dims: [3, 1], data: BigInt64Array.of(0n, 100n, 101n) });
  });
  it('copies: the requests keep their own buffers (a failed batch runs them again alone)', () => {
    const parts = [request(1, 0), request(1, 5)];
    const joined = concatBatch(parts);
    expect((joined['x']!.data as Float32Array).buffer).not.toBe((parts[0]!['x']!.data as Float32Array).buffer);
    (joined['x']!.data as Float32Array)[0] = 99;
    expect((parts[0]!['x']!.data as Float32Array)[0]).toBe(0);
  });
  it('splits outputs back by each request’s rows, as views', () => {
    const outputs: NamedTensors = {
      y: { type: 'float32', dims: [4, 1], data: Float32Array.of(1, 2, 3, 4) },
      z: { type: 'int32', dims: [4, 2], data: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8) },
    };
    const [a, b, c] = splitBatch(outputs, [1, 2, 1]);
    expect(a).toEqual({ y: { type: 'float32', dims: [1, 1], data: Float32Array.of(1) }, z: { type: 'int32', dims: [1, 2], data: Int32Array.of(1, 2) } });
    expect(b).toEqual({ y: { type: 'float32', dims: [2, 1], data: Float32Array.of(2, 3) }, z: { type: 'int32', dims: [2, 2], data: Int32Array.of(3, 4, 5, 6) } });
    expect(c!['z']!.data).toEqual(Int32Array.of(7, 8));
    expect((c!['z']!.data as Int32Array).buffer).toBe((outputs['z']!.data as Int32Array).buffer);
  });
  it('round-trips: split(concat(requests)) gives each request its own tensors back', () => {
    const parts = [request(2, 0), request(1, 7), request(3, 20)];
    const back = splitBatch(concatBatch(parts), [2, 1, 3]);
    back.forEach((got, k) => {
      expect(got['x']).toEqual(parts[k]!['x']);
      expect(got['i']).toEqual(parts[k]!['i']);
    });
  });
  it('refuses an output without the batch on dim 0, naming it', () => {
    const outputs: NamedTensors = { total: { type: 'float32', dims: [1], data: Float32Array.of(10) } };
    expect(() => splitBatch(outputs, [1, 1])).toThrow(/output 'total' has shape \[1\], not the batch of 2/);
  });
});

describe('planBatch (Triton’s dynamic batcher)', () => {
  const policy = (p: Partial<BatchPolicy> = {}): BatchPolicy => ({ maxBatchSize: 8, preferredBatchSizes: [], maxQueueDelayMs: 0, ...p });
  const waiting = (rows: number[], enqueuedAt = 0): Batchable[] => rows.map((r) => ({ rows: r, signature: 's', enqueuedAt }));

  it('with no queue delay sends everything of one signature that fits, at once', () => {
    expect(planBatch(waiting([1, 1, 1]), policy(), 0)).toEqual({ take: 3 });
    expect(planBatch(waiting([1]), policy(), 0)).toEqual({ take: 1 });
  });
  it('stops at max_batch_size rows and at the first request of another signature (order kept)', () => {
    expect(planBatch(waiting([3, 3, 3]), policy(), 0)).toEqual({ take: 2 });
    const mixed = [...waiting([1, 1]), { rows: 1, signature: 'other', enqueuedAt: 0 }, ...waiting([1])];
    expect(planBatch(mixed, policy({ maxQueueDelayMs: 100 }), 0)).toEqual({ take: 2 });
  });
  it('sends a request that cannot batch alone', () => {
    const alone = waiting([1, 1]).map((r) => ({ ...r, signature: undefined }));
    expect(planBatch(alone, policy({ maxQueueDelayMs: 100 }), 0)).toEqual({ take: 1 });
  });
  it('within the queue delay waits for more, unless a preferred size or the max is reached', () => {
    const delayed = policy({ maxQueueDelayMs: 10, preferredBatchSizes: [4] });
    expect(planBatch(waiting([1, 1], 100), delayed, 103)).toEqual({ waitMs: 7 });
    expect(planBatch(waiting([1, 1, 1, 1, 1]), delayed, 3)).toEqual({ take: 4 });
    expect(planBatch(waiting([4, 4]), delayed, 3)).toEqual({ take: 2 });
    // Without preferred sizes the max batch size is the preferred one.
    expect(planBatch(waiting([4, 3]), policy({ maxQueueDelayMs: 10 }), 3)).toEqual({ waitMs: 7 });
    expect(planBatch(waiting([4, 4]), policy({ maxQueueDelayMs: 10 }), 3)).toEqual({ take: 2 });
  });
  it('once the oldest has waited the delay, sends what has gathered', () => {
    expect(planBatch(waiting([1, 1], 100), policy({ maxQueueDelayMs: 10, preferredBatchSizes: [4] }), 110)).toEqual({ take: 2 });
  });
});
