import { describe, expect, it } from 'vitest';
import { assertWellFormed, copyTensors, bytesPerElement, elementCount, transferablesOf, type WireTensor } from './tensor.ts';

describe('elementCount', () => {
  it('multiplies dims, with [] a scalar and a zero dim empty', () => {
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([])).toBe(1);
    expect(elementCount([16, 0])).toBe(0);
  });
  it('rejects negative, fractional and overflowing shapes', () => {
    expect(() => elementCount([-1, 3])).toThrow(RangeError);
    expect(() => elementCount([1.5])).toThrow(RangeError);
    expect(() => elementCount([16, 2 ** 60])).toThrow(RangeError); // not a safe integer
    expect(() => elementCount([2 ** 30, 2 ** 30, 2 ** 30])).toThrow(/too many elements/);
  });
});

describe('bytesPerElement', () => {
  it('follows the KServe v2 sizes', () => {
    expect(bytesPerElement('bool')).toBe(1);
    expect(bytesPerElement('float16')).toBe(2);
    expect(bytesPerElement('float32')).toBe(4);
    expect(bytesPerElement('int64')).toBe(8);
  });
});

describe('assertWellFormed', () => {
  it('accepts data that fills the shape and names the tensor when it does not', () => {
    expect(() => assertWellFormed('x', { type: 'float32', dims: [2, 2], data: new Float32Array(4) })).not.toThrow();
    expect(() => assertWellFormed('x', { type: 'float32', dims: [2, 3], data: new Float32Array(4) })).toThrow(
      "tensor 'x' has 4 elements but shape [2,3] needs 6",
    );
  });
});

describe('transferablesOf', () => {
  it('lists each buffer once, skips strings, and moves data when posted', () => {
    const shared = new Float32Array(8);
    const a: WireTensor = { type: 'float32', dims: [4], data: shared.subarray(0, 4) };
    const b: WireTensor = { type: 'float32', dims: [4], data: shared.subarray(4) };
    const c: WireTensor = { type: 'string', dims: [1], data: ['hi'] };
    const list = transferablesOf([a, b, c]);
    expect(list).toEqual([shared.buffer]);
    // Transfer detaches the sender's buffer: data moved, not copied.
    const { port1 } = new MessageChannel();
    port1.postMessage(a, list);
    port1.close();
    expect(shared.buffer.byteLength).toBe(0);
  });
});

describe('copyTensors', () => {
  it('gives each tensor a buffer of its own, equal in content', () => {
    const x = { type: 'float32' as const, dims: [2], data: Float32Array.from([1, 2]) };
    const s = { type: 'string' as const, dims: [1], data: ['a'] };
    const copy = copyTensors({ x, s });
    expect(copy['x']!.data).toEqual(x.data);
    expect((copy['x']!.data as Float32Array).buffer).not.toBe(x.data.buffer);
    expect(copy['s']!.data).toEqual(['a']);
    expect(copy['s']!.data).not.toBe(s.data);
  });
});
