#!/usr/bin/env node
/**
 * Writes src/server/test-repository/: the tiny Triton-layout model repository the server's
 * tests run against. Deterministic (same bytes every run); a unit test checks the
 * committed files against this script.
 *
 * - identity-<datatype>: y = Identity(x) for every v2 datatype, x and y shaped [batch, n];
 *   identity-fp32 also has a config.pbtxt with max_batch_size 8 (Triton's batching rule) and
 *   input limits of its own (max_input_dim 1000, max_input_elements 4000); identity-uint8's
 *   config only lifts the dim limit to 2^53 - 1, so a huge dim reaches onnxruntime itself.
 * - selftest-mlp: the app's hand-worked self-test model (scripts/make-selftest-model.mjs).
 * - slow-loop: a Loop of `iterations` MatMuls of a square x: its run time is set by the
 *   caller (the queue tests scale it to this machine's measured speed), not by the machine.
 * - batch-gather: y = GatherElements(x, i, axis 1), z = -x, x [batch, 4] FP32, i [batch, 1]
 *   INT64, with dynamic_batching (max_batch_size 8): the batching tests. An index outside
 *   0..3 passes the input check but fails inside onnxruntime, the way a bad request can
 *   fail a whole batch.
 *
 *   node scripts/make-test-repository.mjs [--out dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import { buildSelftestModel } from './make-selftest-model.mjs';

const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;

/** v2 datatype → ONNX element type; the model names use the v2 names in lower case. */
export const IDENTITY_TYPES = {
  BOOL: T.BOOL, UINT8: T.UINT8, UINT16: T.UINT16, UINT32: T.UINT32, UINT64: T.UINT64,
  INT8: T.INT8, INT16: T.INT16, INT32: T.INT32, INT64: T.INT64,
  FP16: T.FLOAT16, FP32: T.FLOAT, FP64: T.DOUBLE, BYTES: T.STRING,
};

/** @param {string} name @param {number} elemType @param {(string | number)[]} dims */
const valueInfo = (name, elemType, dims) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

/** @param {string} name @param {object[]} inputs @param {object[]} outputs @param {object[]} nodes */
function model(name, inputs, outputs, nodes) {
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'ax-playground/scripts/make-test-repository.mjs',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name, input: inputs, output: outputs, node: nodes },
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** @returns {Record<string, Uint8Array | string>} repository-relative path → file contents */
export function buildTestRepository() {
  /** @type {Record<string, Uint8Array | string>} */
  const files = {};
  for (const [datatype, elemType] of Object.entries(IDENTITY_TYPES)) {
    const name = `identity-${datatype.toLowerCase()}`;
    files[`${name}/1/model.onnx`] = model(
      name,
      [valueInfo('x', elemType, ['batch', 'n'])],
      [valueInfo('y', elemType, ['batch', 'n'])],
      [{ opType: 'Identity', input: ['x'], output: ['y'], name: 'identity' }],
    );
  }
  files['identity-fp32/config.pbtxt'] = [
    'name: "identity-fp32"',
    'platform: "onnxruntime_onnx"',
    'max_batch_size: 8',
    'input [ { name: "x" data_type: TYPE_FP32 dims: [ -1 ] } ]',
    'output [ { name: "y" data_type: TYPE_FP32 dims: [ -1 ] } ]',
    'parameters { key: "max_input_dim" value: { string_value: "1000" } }',
    'parameters { key: "max_input_elements" value: { string_value: "4000" } }',
    '',
  ].join('\n');
  files['identity-uint8/config.pbtxt'] = 'parameters { key: "max_input_dim" value: { string_value: "9007199254740991" } }\n';
  files['selftest-mlp/1/model.onnx'] = buildSelftestModel();
  // A Loop whose trip count is an input: y = x·x·…·x with `iterations` MatMuls. The queue,
  // deadline and shutdown tests need a run that lasts as long as they say on any machine:
  // they time a few iterations first and choose the count from that.
  const body = {
    name: 'slow_loop_body',
    input: [valueInfo('i', T.INT64, []), valueInfo('cond_in', T.BOOL, []), valueInfo('h_in', T.FLOAT, ['n', 'n'])],
    output: [valueInfo('cond_out', T.BOOL, []), valueInfo('h_out', T.FLOAT, ['n', 'n'])],
    node: [
      { opType: 'Identity', input: ['cond_in'], output: ['cond_out'], name: 'keep_going' },
      { opType: 'MatMul', input: ['h_in', 'x'], output: ['h_out'], name: 'matmul' },
    ],
  };
  files['slow-loop/1/model.onnx'] = model(
    'slow_loop',
    [valueInfo('x', T.FLOAT, ['n', 'n']), valueInfo('iterations', T.INT64, [])],
    [valueInfo('y', T.FLOAT, ['n', 'n'])],
    [{ opType: 'Loop', input: ['iterations', '', 'x'], output: ['y'], name: 'loop', attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: body }] }],
  );
  files['batch-gather/1/model.onnx'] = model(
    'batch_gather',
    [valueInfo('x', T.FLOAT, ['batch', 4]), valueInfo('i', T.INT64, ['batch', 1])],
    [valueInfo('y', T.FLOAT, ['batch', 1]), valueInfo('z', T.FLOAT, ['batch', 4])],
    [
      { opType: 'GatherElements', input: ['x', 'i'], output: ['y'], name: 'gather', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] },
      { opType: 'Neg', input: ['x'], output: ['z'], name: 'neg' },
    ],
  );
  files['batch-gather/config.pbtxt'] = [
    'max_batch_size: 8',
    'dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 0 }',
    '',
  ].join('\n');
  return files;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const outFlag = process.argv.indexOf('--out');
  const out = outFlag > 0 ? process.argv[outFlag + 1] : 'src/server/test-repository';
  for (const [path, contents] of Object.entries(buildTestRepository())) {
    const target = join(out, path);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, contents);
  }
  console.log(`wrote the test repository to ${out}`);
}
