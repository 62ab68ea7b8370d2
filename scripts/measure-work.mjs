#!/usr/bin/env node
/**
 * Measures each catalog model's work hint: the median single-thread CPU time of one run on
 * its reference input with onnxruntime-node (after one warm-up run), and writes it to
 * `hints.cpuMsPerRun` in models/catalog.json. The offload policy compares models by it;
 * it is a relative weight measured on the machine named in the output, not a promise.
 *
 *   node scripts/measure-work.mjs [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as ort from 'onnxruntime-node';

const RUNS = 5;
const path = 'models/catalog.json';
const text = readFileSync(path, 'utf8');
const catalog = JSON.parse(text);

/** @param {{ name: string, type: string }} spec @param {number[]} dims @param {Record<string, number>} fill */
function referenceTensor(spec, dims, fill) {
  const count = dims.reduce((a, b) => a * b, 1);
  const value = fill[spec.name] ?? 0.5;
  if (spec.type === 'int64') return new ort.Tensor('int64', BigInt64Array.from({ length: count }, () => BigInt(Math.round(value))), dims);
  return new ort.Tensor('float32', new Float32Array(count).fill(value), dims);
}

let updated = text;
console.log(`cpu: ${cpus()[0]?.model} (${cpus().length} cores), onnxruntime-node ${ort.env.versions.node ?? ''}, 1 thread`);
for (const model of catalog.models) {
  const session = await ort.InferenceSession.create(`models/${model.id}/1/model.onnx`, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const fill = model.hints.referenceFill ?? {};
  /** @type {Record<string, ort.Tensor>} */
  const feeds = {};
  for (const spec of model.inputs) feeds[spec.name] = referenceTensor(spec, model.hints.referenceInputs[spec.name], fill);
  await session.run(feeds);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  await session.release();
  const median = Math.round(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] * 100) / 100;
  console.log(`${model.id}: ${median} ms`);
  // Edit the number in place so the file keeps its hand-written layout.
  const at = updated.indexOf(`"id": "${model.id}"`);
  const hint = updated.indexOf('"cpuMsPerRun":', at);
  updated = updated.slice(0, hint) + updated.slice(hint).replace(/"cpuMsPerRun": [\d.]+/, `"cpuMsPerRun": ${median}`);
}
if (process.argv.includes('--write')) {
  writeFileSync(path, updated);
  console.log(`wrote ${path}`);
}
