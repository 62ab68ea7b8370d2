import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLabModels } from '../../scripts/make-lab-models.mjs';
import { summarize } from '../shared/stats.ts';
import { inspectModel } from '../worker/inspect.ts';
import { agreement, worst } from './agreement.ts';
import { coverage, inRanges } from './coverage.ts';
import { defaultDim, fromHalf, fromJson, imageLayout, imageToTensor, makeTensor, resolveDims, symbolicDims, toHalf, toNumbers } from './inputs.ts';
import { LabProblem } from './lab-error.ts';
import { checkModelSize, fitsWasm, wasmEstimate } from './limits.ts';
import { readNpy } from './npy.ts';

const fixture = (name: string) => readFileSync(`e2e/fixtures/lab/${name}`);
const facts = (name: string) => {
  const outcome = inspectModel(fixture(name));
  if (!outcome.ok) throw new Error(outcome.detail);
  return outcome.facts;
};
const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof LabProblem ? error.code : `not a LabProblem: ${String(error)}`;
  }
  return 'no error';
};

describe('lab models', () => {
  it('the committed files are what the script makes', () => {
    for (const [name, bytes] of Object.entries(buildLabModels())) expect(Buffer.compare(fixture(name), Buffer.from(bytes)), name).toBe(0);
  });
});

describe('inspector', () => {
  const producer = { irVersion: 8, producerName: 'ax-playground/scripts/make-lab-models.mjs', producerVersion: '1' };

  it('classifier: float32 NCHW, parameters, initializer sizes, op histogram', () => {
    const f = facts('classifier.onnx');
    expect(f).toMatchObject({ ...producer, graphName: 'tiny_classifier', fileBytes: 955, opsets: [{ domain: '', version: 17 }] });
    expect(f.inputs).toEqual([{ name: 'image', dtype: 'float32', dims: [1, 3, 8, 8] }]);
    expect(f.outputs).toEqual([{ name: 'probs', dtype: 'float32', dims: [1, 5] }]);
    expect([f.parameterCount, f.initializerCount, f.initializerBytes, f.externalBytes]).toEqual([137, 4, 548, 0]);
    expect(f.largestInitializers.map((i) => [i.name, i.dims, i.bytes])).toEqual([
      ['conv_w', [4, 3, 3, 3], 432],
      ['fc_w', [4, 5], 80],
      ['fc_b', [5], 20],
      ['conv_b', [4], 16],
    ]);
    expect(f.nodeCount).toBe(6);
    expect(f.ops.map((o) => `${o.opType}×${o.count}`)).toEqual(['Conv×1', 'Flatten×1', 'Gemm×1', 'GlobalAveragePool×1', 'Relu×1', 'Softmax×1']);
  });

  it('several inputs and outputs with a symbolic dim', () => {
    const f = facts('multi-io.onnx');
    expect(f.inputs).toEqual([
      { name: 'a', dtype: 'float32', dims: ['batch', 3] },
      { name: 'b', dtype: 'float32', dims: ['batch', 3] },
    ]);
    expect(f.outputs.map((o) => o.name)).toEqual(['sum', 'prod']);
    expect(f.parameterCount).toBe(0);
  });

  it('float16, int64, bool and uint8 types', () => {
    expect(facts('fp16.onnx').inputs).toEqual([{ name: 'x', dtype: 'float16', dims: [2, 'n'] }]);
    expect(facts('fp16.onnx').outputs).toEqual([
      { name: 'y', dtype: 'float32', dims: [2, 'n'] },
      { name: 'z', dtype: 'float16', dims: [2, 'n'] },
    ]);
    const gather = facts('int64-gather.onnx');
    expect(gather.inputs).toEqual([{ name: 'ids', dtype: 'int64', dims: ['batch', 'seq'] }]);
    expect(gather.outputs[1]).toEqual({ name: 'next_ids', dtype: 'int64', dims: ['batch', 'seq'] });
    expect([gather.parameterCount, gather.initializerBytes]).toEqual([41, 168]);
    const bu = facts('bool-uint8.onnx');
    expect(bu.inputs).toEqual([
      { name: 'pixels', dtype: 'uint8', dims: [1, 'height', 'width', 3] },
      { name: 'mask', dtype: 'bool', dims: [4] },
    ]);
    expect(bu.outputs[1]).toEqual({ name: 'inverted', dtype: 'bool', dims: [4] });
  });

  it('external data: sizes counted, files named; a huge declared initializer is seen without its file', () => {
    const ext = facts('external-data.onnx');
    expect([ext.externalBytes, ext.externalFiles, ext.largestInitializers[0]!.location]).toEqual([32, ['external-data.onnx.data'], 'external-data.onnx.data']);
    const huge = facts('huge-external.onnx');
    expect([huge.parameterCount, huge.initializerBytes, huge.externalFiles]).toEqual([1_200_000_000, 4_800_000_000, ['huge.bin']]);
    expect(fitsWasm(wasmEstimate(huge))).toBe(false);
    expect(fitsWasm(wasmEstimate(facts('classifier.onnx')))).toBe(true);
  });

  it('an op of an unknown domain is marked as supported nowhere; WebGPU coverage from the table', () => {
    const f = facts('unsupported-op.onnx');
    expect(f.opsets).toEqual([{ domain: '', version: 17 }, { domain: 'com.example.lab', version: 1 }]);
    expect(coverage(f)).toEqual([{ domain: 'com.example.lab', opType: 'Frobnicate', count: 1, support: 'none' }]);
    expect(coverage(facts('classifier.onnx')).every((r) => r.support === 'webgpu')).toBe(true);
    expect(coverage({ opsets: [{ domain: '', version: 17 }], ops: [{ domain: '', opType: 'NonMaxSuppression', count: 2 }] })[0]!.support).toBe('cpu-fallback');
    expect(coverage({ opsets: [{ domain: '', version: 5 }], ops: [{ domain: '', opType: 'Relu', count: 1 }] })[0]!.support).toBe('cpu-fallback');
    expect([inRanges('7-12,13,14+', 13), inRanges('7-12,13,14+', 6), inRanges('1+', 99), inRanges('10,11-12', 12)]).toEqual([true, false, true, true]);
  });

  it('the runtime-error model inspects fine', () => {
    expect(facts('runtime-error.onnx').inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['n'] }]);
  });

  it('bad files: empty, a PNG renamed, a truncated model', () => {
    expect(inspectModel(new Uint8Array(0))).toMatchObject({ ok: false, problem: 'empty' });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(inspectModel(png)).toMatchObject({ ok: false, problem: 'not-onnx' });
    const whole = fixture('classifier.onnx');
    expect(inspectModel(whole.subarray(0, 500))).toMatchObject({ ok: false, problem: 'truncated' });
    expect(inspectModel(new TextEncoder().encode('{"not": "onnx"}'))).toMatchObject({ ok: false, problem: 'not-onnx' });
  });
});

describe('limits', () => {
  it('refuses empty and over-2-GB files by size alone', () => {
    expect(problem(() => checkModelSize(0))).toBe('empty');
    expect(problem(() => checkModelSize(2 ** 31 + 1))).toBe('too-large');
    expect(problem(() => checkModelSize(2 ** 31))).toBe('no error');
  });
});

describe('agreement', () => {
  it('identical, shifted, and classifier rows', () => {
    expect(agreement([1, 2, 3], [1, 2, 3])).toEqual({ maxAbsDiff: 0, relativeL2: 0, cosine: 1, argmaxAgreement: 1 });
    const shifted = agreement([1, 2, 4], [1, 2, 3], [3]);
    expect(shifted.maxAbsDiff).toBe(1);
    expect(shifted.relativeL2).toBeCloseTo(1 / Math.sqrt(14), 12);
    expect(shifted.cosine).toBeCloseTo(17 / Math.sqrt(21 * 14), 12);
    expect(agreement([0.1, 0.9, 0.8, 0.2], [0.9, 0.1, 0.7, 0.3], [2, 2]).argmaxAgreement).toBe(0.5);
    expect(agreement([1, 2], [1, 2, 3]).maxAbsDiff).toBe(Infinity);
    expect(agreement([NaN], [1]).maxAbsDiff).toBe(Infinity);
    expect(agreement([0, 0], [0, 0], [1, 1, 2])).toEqual({ maxAbsDiff: 0, relativeL2: 0, cosine: 1 });
    expect(worst([agreement([1, 2], [1, 2]), agreement([1, 3], [1, 2])]).maxAbsDiff).toBe(1);
  });
});

describe('stats', () => {
  it('median, p90 (nearest rank), min', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ n: 5, median: 3, p90: 5, min: 1, max: 5, mean: 3 });
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
    expect(summarize(Array.from({ length: 20 }, (_, i) => i + 1)).p90).toBe(18);
  });
});

describe('inputs', () => {
  it('defaults for symbolic dims and generated tensors', () => {
    expect([defaultDim('batch'), defaultDim('seq'), defaultDim('height'), defaultDim(null)]).toEqual([1, 8, 32, 1]);
    expect(resolveDims({ name: 'x', dtype: 'float32', dims: ['batch', 3, null] }, { batch: 4, 'x[2]': 7 })).toEqual([4, 3, 7]);
    // Unnamed dynamic dims are listed for editing too, under the key resolveDims reads.
    const inputs = [
      { name: 'x', dtype: 'float32', dims: ['batch', 3, null] },
      { name: 'tokens', dtype: 'int64', dims: ['batch', null] },
    ] as const;
    expect(symbolicDims(inputs.map((i) => ({ ...i, dims: [...i.dims] })))).toEqual(['batch', 'x[2]', 'tokens[1]']);
    expect(resolveDims({ name: 'tokens', dtype: 'int64', dims: ['batch', null] }, {})).toEqual([1, defaultDim('tokens[1]')]);
    expect(Array.from(makeTensor('float32', [2, 2], { kind: 'range', start: 1, step: 0.5 }).data as Float32Array)).toEqual([1, 1.5, 2, 2.5]);
    expect(Array.from(makeTensor('int64', [3], { kind: 'ones' }).data as BigInt64Array)).toEqual([1n, 1n, 1n]);
    const ids = toNumbers(makeTensor('int64', [100], { kind: 'random', seed: 7 }));
    expect(ids.every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    expect(toNumbers(makeTensor('bool', [50], { kind: 'random', seed: 3 })).every((v) => v === 0 || v === 1)).toBe(true);
    expect(toNumbers(makeTensor('float32', [4], { kind: 'random', seed: 1 }))).toEqual(toNumbers(makeTensor('float32', [4], { kind: 'random', seed: 1 })));
  });

  it('float16 round trips exactly representable values and rounds to nearest even', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -24, 0.099975586]) expect(fromHalf(toHalf(v))).toBeCloseTo(v, 8);
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(70000)).toBe(0x7c00);
    expect(fromHalf(toHalf(1 + 2 ** -11))).toBe(1);
  });

  it('JSON nested arrays: dims from nesting, ragged and non-integer refused', () => {
    const t = fromJson('[[1, 2, 3], [4, 5, 6]]', 'float32');
    expect([t.dims, toNumbers(t)]).toEqual([[2, 3], [1, 2, 3, 4, 5, 6]]);
    expect(toNumbers(fromJson('[true, false]', 'bool'))).toEqual([1, 0]);
    expect(problem(() => fromJson('[[1, 2], [3]]', 'float32'))).toBe('json-ragged');
    expect(problem(() => fromJson('[1.5]', 'int64'))).toBe('json-not-integer');
    expect(problem(() => fromJson('[1, ', 'float32'))).toBe('json-invalid');
    expect(problem(() => fromJson('["a"]', 'float32'))).toBe('json-invalid');
  });

  it('pictures: layout from dims, NCHW and NHWC packing, normalization', () => {
    expect([imageLayout([1, 3, 8, 8]), imageLayout([1, 'h', 'w', 3]), imageLayout([1, 5, 5, 5]), imageLayout(null)]).toEqual(['NCHW', 'NHWC', undefined, undefined]);
    // 2×1 picture: a red pixel then a blue one.
    const rgba = [255, 0, 0, 255, 0, 0, 255, 255];
    expect(toNumbers(imageToTensor(rgba, [1, 3, 1, 2], 'NCHW', 'float32', 'unit'))).toEqual([1, 0, 0, 0, 0, 1]);
    expect(toNumbers(imageToTensor(rgba, [1, 1, 2, 3], 'NHWC', 'uint8', 'raw'))).toEqual([255, 0, 0, 0, 0, 255]);
    const imagenet = toNumbers(imageToTensor(rgba, [1, 3, 1, 2], 'NCHW', 'float32', 'imagenet'));
    expect(imagenet[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(problem(() => imageToTensor(rgba, [1, 3, 2, 2], 'NCHW', 'float32', 'unit'))).toBe('image-layout');
  });
});

/** A .npy file as NumPy writes it (version 1 or 2 header, padded to 64 bytes). */
function npy(descr: string, shape: string, data: ArrayBufferView, version = 1): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - prefix - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), prefix);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

describe('npy', () => {
  it('reads v1 and v2 headers and every listed dtype', () => {
    const f4 = readNpy(npy('<f4', '(2, 2)', new Float32Array([1, 2, 3, 4])));
    expect([f4.type, f4.dims, toNumbers(f4)]).toEqual(['float32', [2, 2], [1, 2, 3, 4]]);
    expect(toNumbers(readNpy(npy('<f8', '(3,)', new Float64Array([0.1, 0.2, 0.3]), 2)))).toEqual([0.1, 0.2, 0.3]);
    expect(readNpy(npy('<i8', '(2,)', new BigInt64Array([5n, -6n]))).data).toEqual(new BigInt64Array([5n, -6n]));
    expect(toNumbers(readNpy(npy('<i4', '(1, 2)', new Int32Array([7, -8]))))).toEqual([7, -8]);
    expect(toNumbers(readNpy(npy('|u1', '(3,)', new Uint8Array([0, 128, 255]))))).toEqual([0, 128, 255]);
    expect(readNpy(npy('|b1', '(2,)', new Uint8Array([1, 0]))).type).toBe('bool');
    expect(toNumbers(readNpy(npy('<f2', '(2,)', new Uint16Array([0x3c00, 0xc000]))))).toEqual([1, -2]);
    expect(readNpy(npy('<f4', '()', new Float32Array([9]))).dims).toEqual([]);
  });

  it('refuses what it cannot read', () => {
    expect(problem(() => readNpy(new TextEncoder().encode('hello world, not npy')))).toBe('npy-invalid');
    expect(problem(() => readNpy(npy('>f4', '(1,)', new Float32Array([1]))))).toBe('npy-unsupported');
    expect(problem(() => readNpy(npy('<c8', '(1,)', new Float32Array([1, 2]))))).toBe('npy-unsupported');
    expect(problem(() => readNpy(npy('<f4', '(4,)', new Float32Array([1, 2]))))).toBe('npy-invalid');
  });
});
