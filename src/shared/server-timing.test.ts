import { describe, expect, it } from 'vitest';
import { formatServerTiming, serverTimingDuration } from './server-timing.ts';

describe('Server-Timing', () => {
  it('reads back what the endpoint writes, metric by metric', () => {
    const header = formatServerTiming({ queueMs: 1.234, computeMs: 20, inferMs: 22.5 });
    expect(header).toBe('queue;dur=1.23, compute;dur=20.00, infer;dur=22.50');
    expect([serverTimingDuration(header, 'queue'), serverTimingDuration(header, 'compute'), serverTimingDuration(header, 'infer')]).toEqual([1.23, 20, 22.5]);
  });

  it('takes other parameters before dur, and says nothing for an absent metric or header', () => {
    expect(serverTimingDuration('infer;desc="onnxruntime";dur=7', 'infer')).toBe(7);
    expect(serverTimingDuration('db;dur=3', 'infer')).toBeUndefined();
    expect(serverTimingDuration(null, 'queue')).toBeUndefined();
  });
});
