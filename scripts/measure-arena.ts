/**
 * `npx tsx scripts/measure-arena.ts`: what onnxruntime's CPU memory arena costs and buys on
 * this server (SERVER.md "Memory"). For each setting it starts the real server with
 * ppocr-rec, reads the process's resident memory after warm-up, after the largest input
 * the model's limits allow (ten runs), and the median time of a typical line.
 */
import { readFileSync } from 'node:fs';
import type { NamedTensors } from '../src/shared/tensor.ts';
import { repositoryWith, startTestServer } from '../src/server/test-server.ts';

const line = (width: number): NamedTensors => ({
  x: { type: 'float32', dims: [1, 3, 48, width], data: new Float32Array(3 * 48 * width).map((_, i) => Math.sin(i) * 0.5) },
});
const rssMb = () => {
  // The server and its worker threads share this process: its VmRSS is what the host sees.
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(arena: 'on' | 'off') {
  const server = await startTestServer({ MODEL_REPOSITORY: repositoryWith(['ppocr-rec']), CPU_MEM_ARENA: arena, THREADS_PER_WORKER: '1' });
  const run = async (width: number) => {
    const response = await server.infer('ppocr-rec', line(width), { binary: true });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    return Number(/compute;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
  };
  for (let i = 0; i < 5; i++) await run(320);
  const warm = rssMb();
  for (let i = 0; i < 10; i++) await run(2048);
  const afterLarge = rssMb();
  const typical: number[] = [];
  for (let i = 0; i < 30; i++) typical.push(await run(320));
  const afterTypical = rssMb();
  await server.close();
  return { arena, warmMb: Math.round(warm), afterLargeMb: Math.round(afterLarge), afterTypicalMb: Math.round(afterTypical), typicalMedianMs: Number(median(typical).toFixed(1)) };
}

const which = process.argv[2];
const settings: ('on' | 'off')[] = which === 'on' || which === 'off' ? [which] : ['off', 'on'];
for (const arena of settings) console.log(JSON.stringify(await measure(arena)));
