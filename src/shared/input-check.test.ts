import { describe, expect, it } from 'vitest';
import { inputProblem, type DeclaredInput, type InputLimits } from './input-check.ts';
import type { NamedTensors } from './tensor.ts';

const x = (dims: number[], n = dims.reduce((a, b) => a * b, 1)): NamedTensors => ({ x: { type: 'float32', dims, data: new Float32Array(n) } });
const v2: DeclaredInput[] = [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }];
const limits: InputLimits = { maxDim: 100, maxElements: 200 };

describe('inputProblem', () => {
  it('accepts inputs that fit, whether dynamic dims are -1, names, "" or 2^32-1', () => {
    expect(inputProblem(v2, x([7, 4]), { model: 'm' })).toBeUndefined();
    for (const d of ['batch', '', 4294967295]) expect(inputProblem([{ name: 'x', datatype: 'FP32', shape: [d, 4] }], x([7, 4]), { model: 'm' })).toBeUndefined();
  });
  it("uses Triton's words for unexpected, missing, mistyped and misshapen inputs", () => {
    expect(inputProblem(v2, { ...x([1, 4]), y: x([1]).x! }, { model: 'm' })).toBe("unexpected inference input 'y', allowed inputs are: x");
    expect(inputProblem(v2, {}, { model: 'm' })).toBe(
      "expected 1 inputs but got 0 inputs for model 'm'. Got input(s) [], but missing required input(s) ['x']. Please provide all required input(s).",
    );
    expect(inputProblem(v2, { x: { type: 'uint8', dims: [1, 4], data: new Uint8Array(4) } }, { model: 'm' })).toBe(
      "inference input 'x' data-type is 'UINT8', but model 'm' expects 'FP32'",
    );
    expect(inputProblem(v2, x([2, 8]), { model: 'm' })).toBe("unexpected shape for input 'x' for model 'm'. Expected [-1,4], got [2,8]");
    expect(inputProblem(v2, x([4]), { model: 'm' })).toMatch(/Expected \[-1,4\], got \[4\]/);
  });
  it("an input named '__proto__' is unexpected like any other", () => {
    const inputs = Object.create(null) as NamedTensors;
    inputs['__proto__'] = x([1, 4]).x!;
    expect(inputProblem(v2, inputs, { model: 'm' })).toBe("unexpected inference input '__proto__', allowed inputs are: x");
  });
  it('checks the batch against max_batch_size, and data against its shape', () => {
    expect(inputProblem(v2, x([9, 4]), { model: 'm', maxBatchSize: 8 })).toBe("inference request batch-size must be <= 8 for 'm'");
    expect(inputProblem(v2, x([2, 4], 5), { model: 'm' })).toMatch(/has 5 elements but shape \[2,4\] needs 8/);
  });
  it('an unknown rank or a non-tensor input takes any shape', () => {
    expect(inputProblem([{ name: 'x', datatype: 'FP32' }], x([3, 3, 3]), { model: 'm' })).toBeUndefined();
    expect(inputProblem([{ name: 'x' }], { x: { type: 'int8', dims: [2], data: new Int8Array(2) } }, { model: 'm' })).toBeUndefined();
  });
  it('bounds every dynamic dim and the elements, naming the input, the dim and the limit', () => {
    expect(inputProblem(v2, x([50, 4]), { model: 'm', limits })).toBeUndefined(); // at the limit is allowed
    expect(inputProblem(v2, x([51, 4]), { model: 'm', limits })).toBe("input 'x' for model 'm' has 204 elements, more than the limit of 200 (max_input_elements)");
    expect(inputProblem(v2, x([101, 4], 404), { model: 'm', limits: { maxDim: 100, maxElements: 1000 } })).toBe(
      "dim 0 of input 'x' for model 'm' is 101, more than the limit of 100 (max_input_dim)",
    );
    // A zero-element shape allocates nothing, but a dim of 2^32 still breaks onnxruntime: bounded too.
    expect(inputProblem([{ name: 'x', datatype: 'FP32', shape: [-1, -1] }], x([0, 2 ** 32]), { model: 'm', limits })).toMatch(/dim 1 of input 'x'.* is 4294967296/);
  });
  it('leaves fixed dims to the model, however large', () => {
    const wide: DeclaredInput[] = [{ name: 'x', datatype: 'FP32', shape: [1, 150] }];
    expect(inputProblem(wide, x([1, 150]), { model: 'm', limits })).toBeUndefined();
  });
});
