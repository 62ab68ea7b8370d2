#!/usr/bin/env node
/**
 * Writes models/selftest-mlp/1/model.onnx: y = Relu(x · W + b) with fixed, hand-picked
 * weights, so every backend's output can be checked against answers worked out by hand
 * (see src/shared/selftest.ts). Deterministic: running it twice gives the same bytes,
 * and a unit test checks the committed file against this script.
 *
 *   node scripts/make-selftest-model.mjs [--out path]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** W is 4×3 (row-major), b has 3 entries: small integers and halves, exact in float32. */
export const WEIGHTS = [1, 0, -1, 0, 1, -1, 1, 1, 0, -1, 0, 1];
export const BIAS = [0.5, -6, 0.25];

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** @param {string} name @param {(string | number)[]} dims */
function tensorInfo(name, dims) {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((/** @type {string | number} */ d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** @returns {Uint8Array} the serialized ModelProto */
export function buildSelftestModel() {
  const graph = {
    name: 'selftest_mlp',
    input: [tensorInfo('x', ['batch', 4])],
    output: [tensorInfo('y', ['batch', 3])],
    initializer: [
      { name: 'W', dims: [4, 3], dataType: FLOAT, floatData: WEIGHTS },
      { name: 'b', dims: [3], dataType: FLOAT, floatData: BIAS },
    ],
    node: [
      { opType: 'MatMul', input: ['x', 'W'], output: ['xw'], name: 'matmul' },
      { opType: 'Add', input: ['xw', 'b'], output: ['xwb'], name: 'add' },
      { opType: 'Relu', input: ['xwb'], output: ['y'], name: 'relu' },
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'ax-playground/scripts/make-selftest-model.mjs',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag > 0 ? process.argv[outFlag + 1] : 'models/selftest-mlp/1/model.onnx';
  mkdirSync(dirname(out), { recursive: true });
  const bytes = buildSelftestModel();
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${bytes.length} bytes)`);
}
