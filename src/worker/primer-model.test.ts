import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { primerModel } from './primer-model.ts';

describe('primerModel', () => {
  it('is a valid ONNX model onnxruntime loads and runs: y = x', async () => {
    const session = await ort.InferenceSession.create(primerModel());
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1.5), [1]) });
    expect([...(y!.data as Float32Array)]).toEqual([1.5]);
    expect(y!.dims).toEqual([1]);
    await session.release();
  });

  it('is tiny and hands out a fresh buffer each time', () => {
    const a = primerModel();
    expect(a.byteLength).toBeLessThan(100);
    expect(primerModel()).not.toBe(a);
    expect(primerModel()).toEqual(a);
  });
});
