#!/usr/bin/env node
/**
 * Writes the Model Lab's tiny test models to e2e/fixtures/lab/: each a few hundred bytes,
 * built with the onnx-proto package (the official onnx.proto compiled by protobufjs), so the
 * inspector's unit tests can assert their facts exactly and the e2e tests can upload them.
 * Deterministic: the same bytes every run (weights come from a fixed integer sequence).
 *
 * - classifier.onnx    image float32 [1,3,8,8] (NCHW) → Conv → Relu → GlobalAveragePool →
 *                      Flatten → Gemm → Softmax → probs float32 [1,5]
 * - multi-io.onnx      a, b float32 [batch,3] → sum = a+b, prod = a·b (two inputs, two outputs)
 * - fp16.onnx          x float16 [2,n] → y float32 = Cast(x), z float16 = x+x
 * - int64-gather.onnx  ids int64 [batch,seq] → vectors float32 = Gather(emb[10,4], ids), next_ids int64 = ids+1
 * - bool-uint8.onnx    pixels uint8 [1,height,width,3] (NHWC), mask bool [4] →
 *                      scaled float32 = pixels/255, inverted bool = Not(mask)
 * - unsupported-op.onnx  one node of a made-up domain (com.example.lab:Frobnicate): no backend has it
 * - runtime-error.onnx   x float32 [n] → Reshape to [3,5]: loads fine, throws at run time unless n = 15
 * - memory-hog.onnx      shape int64 [2] → ConstantOfShape → zeros float32 [rows, cols]: a 16-byte
 *                        input that asks for any amount of memory (the server's upload limits)
 * - external-data.onnx + external-data.onnx.data   y = x·W with W [4,2] stored in the external file
 * - huge-external.onnx   y = x·W with W float32 [4,300000000] declared external (4.8 GB, never written):
 *                        the Lab must refuse it for WASM from the inspection alone
 *
 *   node scripts/make-lab-models.mjs [--out dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** @param {string} name @param {number} elemType @param {(string | number)[]} dims */
const valueInfo = (name, elemType, dims) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

/** Small exact weights: multiples of 1/8 in [-1, 1), from a fixed sequence. */
const weights = (/** @type {number} */ count, /** @type {number} */ salt) => Array.from({ length: count }, (_, i) => (((i * 7 + salt * 3) % 16) - 8) / 8);

/**
 * @param {string} name
 * @param {{ inputs: object[], outputs: object[], nodes: object[], initializers?: object[], opsets?: { domain: string, version: number }[] }} graph
 */
function model(name, { inputs, outputs, nodes, initializers = [], opsets = [{ domain: '', version: 17 }] }) {
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'ax-playground/scripts/make-lab-models.mjs',
    producerVersion: '1',
    opsetImport: opsets,
    graph: { name, input: inputs, output: outputs, node: nodes, initializer: initializers },
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** @returns {Record<string, Uint8Array>} file name → bytes */
export function buildLabModels() {
  /** @type {Record<string, Uint8Array>} */
  const files = {};

  files['classifier.onnx'] = model('tiny_classifier', {
    inputs: [valueInfo('image', T.FLOAT, [1, 3, 8, 8])],
    outputs: [valueInfo('probs', T.FLOAT, [1, 5])],
    initializers: [
      { name: 'conv_w', dims: [4, 3, 3, 3], dataType: T.FLOAT, floatData: weights(108, 1) },
      { name: 'conv_b', dims: [4], dataType: T.FLOAT, floatData: [0.125, -0.25, 0, 0.5] },
      { name: 'fc_w', dims: [4, 5], dataType: T.FLOAT, floatData: weights(20, 2) },
      { name: 'fc_b', dims: [5], dataType: T.FLOAT, floatData: [0, 0.25, -0.25, 0.5, -0.5] },
    ],
    nodes: [
      { opType: 'Conv', input: ['image', 'conv_w', 'conv_b'], output: ['c'], name: 'conv', attribute: [{ name: 'pads', ints: [1, 1, 1, 1], type: onnx.AttributeProto.AttributeType.INTS }] },
      { opType: 'Relu', input: ['c'], output: ['r'], name: 'relu' },
      { opType: 'GlobalAveragePool', input: ['r'], output: ['g'], name: 'gap' },
      { opType: 'Flatten', input: ['g'], output: ['f'], name: 'flatten' },
      { opType: 'Gemm', input: ['f', 'fc_w', 'fc_b'], output: ['logits'], name: 'fc' },
      { opType: 'Softmax', input: ['logits'], output: ['probs'], name: 'softmax' },
    ],
  });

  files['multi-io.onnx'] = model('multi_io', {
    inputs: [valueInfo('a', T.FLOAT, ['batch', 3]), valueInfo('b', T.FLOAT, ['batch', 3])],
    outputs: [valueInfo('sum', T.FLOAT, ['batch', 3]), valueInfo('prod', T.FLOAT, ['batch', 3])],
    nodes: [
      { opType: 'Add', input: ['a', 'b'], output: ['sum'], name: 'add' },
      { opType: 'Mul', input: ['a', 'b'], output: ['prod'], name: 'mul' },
    ],
  });

  files['fp16.onnx'] = model('fp16', {
    inputs: [valueInfo('x', T.FLOAT16, [2, 'n'])],
    outputs: [valueInfo('y', T.FLOAT, [2, 'n']), valueInfo('z', T.FLOAT16, [2, 'n'])],
    nodes: [
      { opType: 'Cast', input: ['x'], output: ['y'], name: 'cast', attribute: [{ name: 'to', i: T.FLOAT, type: onnx.AttributeProto.AttributeType.INT }] },
      { opType: 'Add', input: ['x', 'x'], output: ['z'], name: 'double' },
    ],
  });

  files['int64-gather.onnx'] = model('int64_gather', {
    inputs: [valueInfo('ids', T.INT64, ['batch', 'seq'])],
    outputs: [valueInfo('vectors', T.FLOAT, ['batch', 'seq', 4]), valueInfo('next_ids', T.INT64, ['batch', 'seq'])],
    initializers: [
      { name: 'emb', dims: [10, 4], dataType: T.FLOAT, floatData: weights(40, 3) },
      { name: 'one', dims: [], dataType: T.INT64, int64Data: [1] },
    ],
    nodes: [
      { opType: 'Gather', input: ['emb', 'ids'], output: ['vectors'], name: 'gather' },
      { opType: 'Add', input: ['ids', 'one'], output: ['next_ids'], name: 'next' },
    ],
  });

  files['bool-uint8.onnx'] = model('bool_uint8', {
    inputs: [valueInfo('pixels', T.UINT8, [1, 'height', 'width', 3]), valueInfo('mask', T.BOOL, [4])],
    outputs: [valueInfo('scaled', T.FLOAT, [1, 'height', 'width', 3]), valueInfo('inverted', T.BOOL, [4])],
    initializers: [{ name: 'scale', dims: [], dataType: T.FLOAT, floatData: [255] }],
    nodes: [
      { opType: 'Cast', input: ['pixels'], output: ['pf'], name: 'cast', attribute: [{ name: 'to', i: T.FLOAT, type: onnx.AttributeProto.AttributeType.INT }] },
      { opType: 'Div', input: ['pf', 'scale'], output: ['scaled'], name: 'div' },
      { opType: 'Not', input: ['mask'], output: ['inverted'], name: 'not' },
    ],
  });

  files['unsupported-op.onnx'] = model('unsupported_op', {
    inputs: [valueInfo('x', T.FLOAT, [2])],
    outputs: [valueInfo('y', T.FLOAT, [2])],
    nodes: [{ opType: 'Frobnicate', domain: 'com.example.lab', input: ['x'], output: ['y'], name: 'frobnicate' }],
    opsets: [
      { domain: '', version: 17 },
      { domain: 'com.example.lab', version: 1 },
    ],
  });

  files['runtime-error.onnx'] = model('runtime_error', {
    inputs: [valueInfo('x', T.FLOAT, ['n'])],
    outputs: [valueInfo('y', T.FLOAT, [3, 5])],
    initializers: [{ name: 'shape', dims: [2], dataType: T.INT64, int64Data: [3, 5] }],
    nodes: [{ opType: 'Reshape', input: ['x', 'shape'], output: ['y'], name: 'reshape' }],
  });

  files['memory-hog.onnx'] = model('memory_hog', {
    inputs: [valueInfo('shape', T.INT64, [2])],
    outputs: [valueInfo('zeros', T.FLOAT, ['rows', 'cols'])],
    nodes: [{ opType: 'ConstantOfShape', input: ['shape'], output: ['zeros'], name: 'zeros' }],
  });

  const w = new Float32Array([1, 0.5, -1, 0.25, 0.5, 2, 0, -0.5]);
  const external = (/** @type {string} */ location, /** @type {number} */ length) => ({
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: '0' },
      { key: 'length', value: String(length) },
    ],
  });
  files['external-data.onnx'] = model('external_data', {
    inputs: [valueInfo('x', T.FLOAT, [1, 4])],
    outputs: [valueInfo('y', T.FLOAT, [1, 2])],
    initializers: [{ name: 'W', dims: [4, 2], dataType: T.FLOAT, ...external('external-data.onnx.data', w.byteLength) }],
    nodes: [{ opType: 'MatMul', input: ['x', 'W'], output: ['y'], name: 'matmul' }],
  });
  files['external-data.onnx.data'] = new Uint8Array(w.buffer);

  files['huge-external.onnx'] = model('huge_external', {
    inputs: [valueInfo('x', T.FLOAT, [1, 4])],
    outputs: [valueInfo('y', T.FLOAT, [1, 300000000])],
    initializers: [{ name: 'W', dims: [4, 300000000], dataType: T.FLOAT, ...external('huge.bin', 4 * 4 * 300000000) }],
    nodes: [{ opType: 'MatMul', input: ['x', 'W'], output: ['y'], name: 'matmul' }],
  });
  return files;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag > 0 ? process.argv[outFlag + 1] : 'e2e/fixtures/lab';
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of Object.entries(buildLabModels())) {
    writeFileSync(join(out, name), bytes);
    console.log(`wrote ${join(out, name)} (${bytes.length} bytes)`);
  }
}
