/**
 * A paired A/B of dynamic batching for health-risk (issue 13), outside the harness: one
 * server on `models/` (batching) and one on the same repository without `dynamic_batching`,
 * then rounds of [GET c=16, batched binary c=16, unbatched binary c=16], `--seconds` each
 * (default 4). Pairs taken seconds apart survive a shared machine's drifting load better
 * than one sample per side.
 *
 *   npx tsx bench/batching-ab.ts [--rounds 3] [--seconds 4]
 */
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { benchTensors } from '../src/shared/bench-input.ts';
import { encodeInferRequest } from '../src/shared/kserve-v2.ts';
import { MODELS } from './lib/models.ts';
import { repositoryWithoutBatching, startServer } from './lib/servers.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const rounds = arg('rounds', 3);
const duration = arg('seconds', 4);
const model = MODELS.find((m) => m.id === 'health-risk')!;
const { body, headers } = encodeInferRequest(benchTensors(model.inputs), { binary: true });
const batched = await startServer({ WORKERS: '2', STATIC_DIR: 'bench/.no-static' });
const plain = await startServer({ WORKERS: '2', STATIC_DIR: 'bench/.no-static', MODEL_REPOSITORY: repositoryWithoutBatching() });
const okPerSecond = (r: Awaited<ReturnType<typeof autocannon>>) => (r.statusCodeStats['200']?.count ?? 0) / r.duration;
const post = async (url: string) => okPerSecond(await autocannon({ url: `${url}/v2/models/${model.id}/infer`, method: 'POST', headers, body: Buffer.from(body), connections: 16, duration }));
try {
  for (let round = 0; round < rounds; round++) {
    const get = okPerSecond(await autocannon({ url: `${batched.url}/v2/health/ready`, connections: 16, duration }));
    const withBatching = await post(batched.url);
    const without = await post(plain.url);
    console.log(JSON.stringify({ round, get, batched: withBatching, unbatched: without, speedup: withBatching / without, batchedToGet: withBatching / get, load1m: loadavg()[0] }));
  }
} finally {
  await batched.stop();
  await plain.stop();
}
