/**
 * Measure 6, the endpoint: autocannon against the real server at concurrency 1, 4 and 16,
 * JSON and binary bodies (made by the app's own codec), 503s (queue full) counted apart
 * from other errors; the ceiling is a raw onnxruntime-node loop on the same model and input
 * in this process. One answer per body kind is checked against onnxruntime-node.
 * (Was bench/load-endpoint.mjs; `npm run bench:endpoint` runs this measure alone.)
 */
import autocannon from 'autocannon';
import * as ort from 'onnxruntime-node';
import { benchTensors } from '../../src/shared/bench-input.ts';
import { ortReady } from '../../src/shared/tensor.ts';
import { decodeInferResponse, encodeInferRequest, HEADER_LENGTH } from '../../src/shared/kserve-v2.ts';
import { modelPath, nativeRuns, type BenchModel } from '../lib/models.ts';
import { OUTPUT_TOLERANCE, type BenchRecord } from '../lib/results.ts';
import { maxAbsDiff, summarize } from '../lib/stats.ts';

export const CONCURRENCY = [1, 4, 16];

/** The ceiling: one in-process session on all cores, runs back to back for `seconds`. */
async function rawLoop(model: BenchModel, threads: number, seconds: number) {
  const session = await ort.InferenceSession.create(modelPath(model.id), { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const feeds = () => Object.fromEntries(Object.entries(benchTensors(model.inputs)).map(([name, wire]) => { const t = ortReady(wire); return [name, new ort.Tensor(t.type, t.data as Float32Array, t.dims)]; }));
  try {
    for (let i = 0; i < 3; i++) await session.run(feeds());
    const times: number[] = [];
    const started = performance.now();
    const end = started + seconds * 1000;
    while (performance.now() < end) {
      const f = feeds();
      const t = performance.now();
      await session.run(f);
      times.push(performance.now() - t);
    }
    return { perSecond: times.length / ((performance.now() - started) / 1000), summary: summarize(times) };
  } finally {
    await session.release();
  }
}

async function checkAnswer(url: string, model: BenchModel, binary: boolean, reference: Record<string, Float32Array>): Promise<number> {
  const { body, headers } = encodeInferRequest(benchTensors(model.inputs), { binary });
  const response = await fetch(`${url}/v2/models/${model.id}/infer`, { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`${model.id} answered ${response.status}: ${await response.text()}`);
  const length = response.headers.get(HEADER_LENGTH);
  const result = decodeInferResponse(new Uint8Array(await response.arrayBuffer()), length === null ? undefined : Number(length));
  let max = 0;
  for (const [name, ref] of Object.entries(reference)) {
    const got = result.outputs[name];
    max = Math.max(max, got ? maxAbsDiff(got.data as Float32Array, ref) : Infinity);
  }
  return max;
}

export async function endpointMeasure(url: string, model: BenchModel, o: { seconds: number; cores: number; workers: number; log: (line: string) => void }): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  const { outputs: reference } = await nativeRuns(model, 1, 1);
  const rows: { binary: boolean; connections: number; okPerSecond: number; record: BenchRecord }[] = [];
  for (const binary of [false, true]) {
    const diff = await checkAnswer(url, model, binary, reference);
    const { body, headers } = encodeInferRequest(benchTensors(model.inputs), { binary });
    for (const connections of CONCURRENCY) {
      const result = await autocannon({ url: `${url}/v2/models/${model.id}/infer`, method: 'POST', headers, body: Buffer.from(body), connections, duration: o.seconds });
      const count = (status: string) => result.statusCodeStats[status]?.count ?? 0;
      const ok = count('200');
      const busy503 = count('503');
      const serverErrors = Object.entries(result.statusCodeStats).reduce((sum, [status, s]) => sum + (Number(status) >= 500 && status !== '503' ? (s?.count ?? 0) : 0), 0);
      const otherErrors = result.non2xx - busy503 - serverErrors + result.errors + result.timeouts;
      const okPerSecond = ok / result.duration;
      const record: BenchRecord = {
        name: 'endpoint',
        model: model.id,
        backend: `server ${binary ? 'binary' : 'JSON'} c=${connections}`,
        ratio: null,
        median_ms: result.latency.p50,
        p90_ms: result.latency.p90,
        n: ok,
        max_abs_diff: diff,
        outputs_ok: diff <= OUTPUT_TOLERANCE,
        details: { body: binary ? 'binary' : 'JSON', request_bytes: body.length, concurrency: connections, ok_per_s: okPerSecond, p99_ms: result.latency.p99, busy_503: busy503, server_errors_5xx: serverErrors, other_errors: otherErrors, seconds: result.duration, workers: o.workers },
      };
      o.log(`${model.id}: ${record.backend}: ${okPerSecond.toFixed(1)} ok/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, 503 ${busy503}, 5xx ${serverErrors}, other ${otherErrors}`);
      rows.push({ binary, connections, okPerSecond, record });
    }
  }
  const raw = await rawLoop(model, o.cores, o.seconds);
  o.log(`${model.id}: raw onnxruntime-node loop, ${o.cores} threads: ${raw.perSecond.toFixed(1)} runs/s, median ${raw.summary.median.toFixed(3)} ms`);
  for (const row of rows) {
    row.record.ratio = row.okPerSecond / raw.perSecond;
    row.record.baseline = { label: `raw onnxruntime-node loop, ${o.cores} threads (${raw.perSecond.toFixed(1)} runs/s)`, median_ms: raw.summary.median, p90_ms: raw.summary.p90, n: raw.summary.n };
    const noErrors = (row.record.details!['server_errors_5xx'] as number) === 0;
    row.record.target =
      row.binary && row.connections === 4
        ? { text: 'binary c=4 ≥ 0.9× raw loop, no 500s', met: row.record.ratio >= 0.9 && noErrors }
        : { text: 'no 500s', met: noErrors };
    records.push(row.record);
  }
  records.push({
    name: 'endpoint-ceiling',
    model: model.id,
    backend: `onnxruntime-node loop, ${o.cores} threads`,
    ratio: null,
    median_ms: raw.summary.median,
    p90_ms: raw.summary.p90,
    n: raw.summary.n,
    details: { runs_per_s: raw.perSecond },
  });
  return records;
}

/**
 * The HTTP floor: the same server answering `GET /v2/health/ready` (no body, no model) at
 * concurrency 4. A model far faster than this is HTTP-bound, whatever the runtime does.
 */
export async function httpFloor(url: string, seconds: number): Promise<BenchRecord> {
  const result = await autocannon({ url: `${url}/v2/health/ready`, connections: 4, duration: seconds });
  const ok = result.statusCodeStats['200']?.count ?? 0;
  return {
    name: 'endpoint-ceiling',
    model: '–',
    backend: 'server GET /v2/health/ready c=4 (HTTP floor)',
    ratio: null,
    median_ms: result.latency.p50,
    p90_ms: result.latency.p90,
    n: ok,
    details: { ok_per_s: ok / result.duration, p99_ms: result.latency.p99 },
  };
}
