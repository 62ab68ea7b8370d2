import { describe, expect, it } from 'vitest';
import { parsePbtxt } from './pbtxt.ts';

describe('parsePbtxt', () => {
  it("reads Triton's documented example shape", () => {
    const config = parsePbtxt(`
      name: "mymodel"   # a comment
      platform: "onnxruntime_onnx"
      max_batch_size: 8
      input [
        { name: "INPUT0", data_type: TYPE_FP32, dims: [ 16 ] },
        { name: "INPUT1" data_type: TYPE_INT64 dims: [ -1, 3 ] }
      ]
      output { name: "OUTPUT0" data_type: TYPE_STRING dims: [ 1 ] reshape: { shape: [ ] } }
      instance_group [ { count: 2 kind: KIND_CPU } ]
      dynamic_batching { }
    `);
    expect(config.name).toEqual(['mymodel']);
    expect(config.max_batch_size).toEqual([8]);
    expect(config.input).toEqual([
      { name: ['INPUT0'], data_type: ['TYPE_FP32'], dims: [16] },
      { name: ['INPUT1'], data_type: ['TYPE_INT64'], dims: [-1, 3] },
    ]);
    expect(config.output).toEqual([{ name: ['OUTPUT0'], data_type: ['TYPE_STRING'], dims: [1], reshape: [{ shape: [] }] }]);
    expect(config.dynamic_batching).toEqual([{}]);
  });
  it('refuses what it does not understand', () => {
    expect(() => parsePbtxt('name: ')).toThrow(SyntaxError);
    expect(() => parsePbtxt('input [ { name: "x" ')).toThrow(SyntaxError);
    expect(() => parsePbtxt('name: @')).toThrow(SyntaxError);
  });
});
