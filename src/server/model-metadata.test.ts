import { describe, expect, it } from 'vitest';
import { batchPolicyOf, buildMetadata } from './model-metadata.ts';
import { parsePbtxt } from './pbtxt.ts';

const session = { inputs: [{ name: 'x', type: 'float32', shape: ['batch', 10] }], outputs: [{ name: 'y', type: 'float32', shape: ['batch', 1] }] };

describe('dynamic_batching in config.pbtxt', () => {
  it('reads preferred sizes (sorted) and the queue delay in ms', () => {
    const config = parsePbtxt('max_batch_size: 16\ndynamic_batching { preferred_batch_size: [ 8, 4 ] max_queue_delay_microseconds: 500 }');
    expect(buildMetadata('m', '1', session, config).dynamicBatching).toEqual({ maxBatchSize: 16, preferredBatchSizes: [4, 8], maxQueueDelayMs: 0.5 });
  });
  it('takes an empty block as Triton does: no preferred size, no delay', () => {
    expect(batchPolicyOf(parsePbtxt('dynamic_batching { }'), 4)).toEqual({ maxBatchSize: 4, preferredBatchSizes: [], maxQueueDelayMs: 0 });
    expect(buildMetadata('m', '1', session, parsePbtxt('max_batch_size: 4')).dynamicBatching).toBeUndefined();
  });
  it('refuses what Triton refuses: no batch dimension, a preferred size past the max, a bad delay', () => {
    expect(() => batchPolicyOf(parsePbtxt('dynamic_batching { }'), 0)).toThrow(/needs max_batch_size > 0/);
    expect(() => batchPolicyOf(parsePbtxt('dynamic_batching { preferred_batch_size: 32 }'), 16)).toThrow(/preferred_batch_size 32 must be a positive integer <= max_batch_size 16/);
    expect(() => batchPolicyOf(parsePbtxt('dynamic_batching { preferred_batch_size: 0 }'), 16)).toThrow(/preferred_batch_size 0/);
    expect(() => batchPolicyOf(parsePbtxt('dynamic_batching { max_queue_delay_microseconds: -1 }'), 16)).toThrow(/max_queue_delay_microseconds/);
  });
});
