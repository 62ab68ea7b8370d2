/**
 * A paired A/B of running tiny models in the server's own thread (issue 13, item 5), outside
 * the harness: two servers on `models/` with two workers each, one with the inline host
 * (default `INLINE_MAX_MS`) and one without (`INLINE_MAX_MS=0`: every run hops to a worker
 * thread, as before). Each round measures a bodiless GET c=16 (the HTTP ceiling of that
 * moment), then health-risk binary c=16 on both servers, in alternating order so a drifting
 * load favours neither. Ratios are to the round's GET; issue 13 asks for ≥ 0.5.
 *
 *   npx tsx bench/inline-ab.ts [--rounds 4] [--seconds 4] [--connections 16]
 */
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { benchTensors } from '../src/shared/bench-input.ts';
import { encodeInferRequest } from '../src/shared/kserve-v2.ts';
import { MODELS } from './lib/models.ts';
import { startServer } from './lib/servers.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const rounds = arg('rounds', 4);
const duration = arg('seconds', 4);
const connections = arg('connections', 16);
const model = MODELS.find((m) => m.id === 'health-risk')!;
const { body, headers } = encodeInferRequest(benchTensors(model.inputs), { binary: true });
const env = { WORKERS: '2', STATIC_DIR: 'bench/.no-static' };
const inline = await startServer(env);
const threads = await startServer({ ...env, INLINE_MAX_MS: '0' });
const okPerSecond = (r: Awaited<ReturnType<typeof autocannon>>) => (r.statusCodeStats['200']?.count ?? 0) / r.duration;
const post = async (url: string) => okPerSecond(await autocannon({ url: `${url}/v2/models/${model.id}/infer`, method: 'POST', headers, body: Buffer.from(body), connections, duration }));
/** Runs and inline runs so far: requests per run shows the batching that still happens. */
async function runs(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}\\{model="health-risk",version="1"\\} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
  return { requests: value('nv_inference_request_success'), runs: value('nv_inference_exec_count'), inline: value('ax_inference_inline_exec_count') };
}
const round2 = (x: number) => Math.round(x * 1000) / 1000;
try {
  for (let round = 0; round < rounds; round++) {
    const get = okPerSecond(await autocannon({ url: `${inline.url}/v2/health/ready`, connections, duration }));
    const order = round % 2 === 0 ? (['inline', 'threads'] as const) : (['threads', 'inline'] as const);
    const ok: Record<string, number> = {};
    for (const side of order) ok[side] = await post(side === 'inline' ? inline.url : threads.url);
    console.log(JSON.stringify({
      round, order: order.join(','), get: Math.round(get), inline: Math.round(ok['inline']!), threads: Math.round(ok['threads']!),
      inlineToGet: round2(ok['inline']! / get), threadsToGet: round2(ok['threads']! / get), speedup: round2(ok['inline']! / ok['threads']!), load1m: loadavg()[0],
    }));
  }
  console.log(JSON.stringify({ inlineServer: await runs(inline.url), threadServer: await runs(threads.url) }));
} finally {
  await inline.stop();
  await threads.stop();
}
