import { describe, expect, it } from 'vitest';
import { serverDuration } from './remote.ts';

describe('serverDuration', () => {
  it('reads the infer entry of Server-Timing', () => {
    expect(serverDuration('infer;dur=12.5')).toBe(12.5);
    expect(serverDuration('queue;dur=3, infer;desc="onnxruntime";dur=7')).toBe(7);
  });
  it('is undefined when the server sends none (Triton)', () => {
    expect(serverDuration(null)).toBeUndefined();
    expect(serverDuration('db;dur=3')).toBeUndefined();
  });
});
