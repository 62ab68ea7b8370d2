#!/usr/bin/env node
/**
 * Load test of the KServe v2 endpoint (not run by CI): autocannon at concurrency 1, 4 and 16
 * against selftest-mlp and PP-OCRv4 detection, JSON vs binary bodies, counting 503s apart
 * from successes; then a raw onnxruntime-node loop on the same models as the ceiling.
 * Bodies are made by the app's own codec (src/shared/kserve-v2.ts), hence tsx.
 *
 *   npm run bench:endpoint -- [--url http://host:port] [--duration 5] [--json out.json]
 *
 * Without --url it starts `tsx src/server/main.ts` on port 8099 against models/ and stops
 * it afterwards. Only point --url at servers you run yourself.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { encodeInferRequest } from '../src/shared/kserve-v2.ts';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const duration = Number(arg('duration', '5'));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic pseudo-random floats in [0, 1), so runs are comparable. */
function floats(n, seed = 1) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) % 1000) / 1000;
  return out;
}

const MODELS = [
  { name: 'selftest-mlp', path: 'models/selftest-mlp/1/model.onnx', dims: [1, 4] },
  { name: 'ppocr-det', path: 'models/ppocr-det/1/model.onnx', dims: [1, 3, 320, 320] },
];

async function startServer(port) {
  // node itself, not npx: a signal sent to npx does not reach the server it started.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), MODEL_REPOSITORY: 'models/', LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; i < 120; i++) {
    await sleep(500);
    // Exited early (e.g. port in use): never benchmark whatever else answers on that port.
    if (exited) throw new Error(`the server exited before it was ready (is port ${port} free?)`);
    const ready = await fetch(`${url}/v2/health/ready`).then((r) => r.ok, () => false);
    if (ready) return { url, stop: () => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')) };
  }
  child.kill('SIGTERM');
  throw new Error('server did not become ready in 60 s');
}

async function loadTest(url, model, binary, connections) {
  const x = { type: 'float32', dims: model.dims, data: floats(model.dims.reduce((a, b) => a * b, 1)) };
  const { body, headers } = encodeInferRequest({ x }, { binary });
  const result = await autocannon({
    url: `${url}/v2/models/${model.name}/infer`,
    method: 'POST',
    headers,
    body: Buffer.from(body),
    connections,
    duration,
  });
  const count = (status) => result.statusCodeStats[status]?.count ?? 0;
  return {
    model: model.name,
    body: binary ? 'binary' : 'JSON',
    requestBytes: body.length,
    connections,
    okPerSecond: count('200') / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: count('200'),
    busy503: count('503'),
    otherErrors: result.non2xx - count('503') + result.errors + result.timeouts,
  };
}

/** The ceiling: one in-process session, all cores, runs back to back. */
async function rawLoop(model) {
  const threads = availableParallelism();
  const session = await ort.InferenceSession.create(model.path, { intraOpNumThreads: threads });
  const x = new ort.Tensor('float32', floats(model.dims.reduce((a, b) => a * b, 1)), model.dims);
  for (let i = 0; i < 3; i++) await session.run({ x });
  const times = [];
  const end = performance.now() + duration * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    await session.run({ x });
    times.push(performance.now() - t);
  }
  await session.release();
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { model: model.name, threads, runsPerSecond: times.length / duration, p50: at(0.5), p99: at(0.99) };
}

const external = arg('url');
const server = external ? { url: external, stop: async () => undefined } : await startServer(Number(arg('port', '8099')));
const rows = [];
try {
  for (const model of MODELS) {
    for (const binary of [false, true]) {
      for (const connections of [1, 4, 16]) {
        const row = await loadTest(server.url, model, binary, connections);
        rows.push(row);
        console.error(JSON.stringify(row));
      }
    }
  }
} finally {
  await server.stop();
}
const raw = [];
for (const model of MODELS) raw.push(await rawLoop(model));

const f = (n, digits = 1) => n.toFixed(digits);
console.log(`\nmachine: ${availableParallelism()} cores, ${duration} s per run\n`);
console.log('| model | body | request bytes | concurrency | ok/s | p50 ms | p99 ms | 503s | other errors |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.model} | ${r.body} | ${r.requestBytes} | ${r.connections} | ${f(r.okPerSecond)} | ${r.p50} | ${r.p99} | ${r.busy503} | ${r.otherErrors} |`);
}
console.log('\n| raw onnxruntime-node loop | threads | runs/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const r of raw) console.log(`| ${r.model} | ${r.threads} | ${f(r.runsPerSecond)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} |`);
const out = arg('json');
if (out) writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), duration, rows, raw }, null, 2));
