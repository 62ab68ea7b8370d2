import { describe, expect, it } from 'vitest';
import { checkInputs, type InputMetadata } from './input-check.ts';

const declared: InputMetadata[] = [{ name: 'x', isTensor: true, type: 'float32', shape: ['batch', 4] }];
const x = (dims: number[], n = dims.reduce((a, b) => a * b, 1)) => ({ type: 'float32' as const, dims, data: new Float32Array(n) });

describe('checkInputs', () => {
  it('accepts any size for a symbolic dim', () => {
    expect(() => checkInputs('m', declared, { x: x([7, 4]) })).not.toThrow();
  });
  it('treats dims reported as -1 read unsigned (onnxruntime-web) or as "" (onnxruntime-node) as dynamic', () => {
    const silero: InputMetadata[] = [{ name: 'input', isTensor: true, type: 'float32', shape: [4294967295, 4294967295] }];
    expect(() => checkInputs('m', silero, { input: { type: 'float32', dims: [1, 576], data: new Float32Array(576) } })).not.toThrow();
    const unnamed: InputMetadata[] = [{ name: 'input', isTensor: true, type: 'float32', shape: ['', ''] }];
    expect(() => checkInputs('m', unnamed, { input: { type: 'float32', dims: [1, 576], data: new Float32Array(576) } })).not.toThrow();
  });

  it('names the expected and given shapes, as Triton does', () => {
    expect(() => checkInputs('m', declared, { x: x([2, 8]) })).toThrow(
      "unexpected shape for input 'x' for model 'm'. Expected [batch,4], got [2,8]",
    );
    expect(() => checkInputs('m', declared, { x: x([8]) })).toThrow(/Expected \[batch,4\], got \[8\]/);
  });
  it('names a wrong data type', () => {
    expect(() => checkInputs('m', declared, { x: { type: 'int32', dims: [1, 4], data: new Int32Array(4) } })).toThrow(
      "inference input 'x' data-type is 'INT32', but model 'm' expects 'FP32'",
    );
  });
  it('names missing and unexpected inputs', () => {
    expect(() => checkInputs('m', declared, {})).toThrow(/expected 1 inputs but got 0 inputs for model 'm'.*missing required input\(s\) \['x'\]/);
    expect(() => checkInputs('m', declared, { x: x([1, 4]), y: x([1]) })).toThrow("unexpected inference input 'y', allowed inputs are: x");
  });
  it('takes any shape for an input of unknown rank, and any type and shape for a non-tensor input', () => {
    const loose: InputMetadata[] = [{ name: 'x', isTensor: true, type: 'float32', shape: [] }, { name: 'm', isTensor: false }];
    expect(() => checkInputs('m', loose, { x: x([2, 3]), m: { type: 'int8', dims: [1], data: new Int8Array(1) } })).not.toThrow();
  });
  it('a type v2 lacks matches nothing and keeps its own name', () => {
    const int4: InputMetadata[] = [{ name: 'x', isTensor: true, type: 'int4', shape: [1] }];
    expect(() => checkInputs('m', int4, { x: x([1]) })).toThrow("inference input 'x' data-type is 'FP32', but model 'm' expects 'int4'");
  });
  it('catches data that does not fill its shape', () => {
    expect(() => checkInputs('m', declared, { x: x([2, 4], 5) })).toThrow(/has 5 elements but shape \[2,4\] needs 8/);
  });
  it('errors are InvalidInputError, so the ladder does not retry them elsewhere', () => {
    try {
      checkInputs('m', declared, {});
    } catch (error) {
      expect((error as Error).name).toBe('InvalidInputError');
    }
    expect.assertions(1);
  });
});
