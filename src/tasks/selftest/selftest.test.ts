import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildSelftestModel } from '../../../scripts/make-selftest-model.mjs';
import { SELFTEST_EXPECTED, SELFTEST_MODEL, checkSelftest, selftestInputs } from './selftest.ts';

const committed = `${SELFTEST_MODEL.url}`;

describe('self-test model', () => {
  it('the committed model is exactly what the committed script builds', () => {
    expect(Buffer.from(buildSelftestModel()).equals(readFileSync(committed))).toBe(true);
  });

  it('onnxruntime-node computes the hand-worked answer', async () => {
    const session = await ort.InferenceSession.create(committed);
    const x = selftestInputs()['x']!;
    const result = await session.run({ x: new ort.Tensor('float32', x.data as Float32Array, x.dims) });
    const y = result['y']!;
    expect(y.dims).toEqual([2, 3]);
    expect(Array.from(y.data as Float32Array)).toEqual([...SELFTEST_EXPECTED]);
    await session.release();
  });
});

describe('checkSelftest', () => {
  const tensor = (values: number[], dims = [2, 3]) => ({ type: 'float32' as const, dims, data: Float32Array.from(values) });

  it('passes the right answer', () => {
    expect(checkSelftest(tensor([...SELFTEST_EXPECTED]))).toMatchObject({ pass: true, maxAbsDiff: 0 });
  });
  it('fails a wrong value, a wrong layout, a NaN and a missing output', () => {
    expect(checkSelftest(tensor([0.5, 0, 1.25, 1.5, 0, 0.7])).pass).toBe(false);
    expect(checkSelftest(tensor([...SELFTEST_EXPECTED], [3, 2])).pass).toBe(false);
    expect(checkSelftest(tensor([NaN, 0, 1.25, 1.5, 0, 0.75])).pass).toBe(false);
    expect(checkSelftest(undefined).pass).toBe(false);
  });
  it('makes fresh input buffers each time (the engine transfers them)', () => {
    expect(selftestInputs()['x']!.data).not.toBe(selftestInputs()['x']!.data);
  });
});
