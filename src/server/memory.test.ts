/**
 * Memory comes back after large inputs (issue 12, item 1): the real server process, started
 * the way `npm run serve` starts it, runs PP-OCR's recognizer at the widest input its limits
 * allow, and its resident memory returns near where it was. The launch environment is read
 * from package.json, so a launcher that loses it fails here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NamedTensors } from '../shared/tensor.ts';
import { SERVER_NODE_FLAGS, SERVER_PROCESS_ENV } from './process-env.ts';
import { readInferResponse, repositoryWith } from './test-server.ts';
import { encodeInferRequest } from '../shared/kserve-v2.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const serveScript = () => (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['serve']!;
/** `NAME=value` pairs before the command of package.json's `serve` script. */
function serveScriptEnv(): Record<string, string> {
  return Object.fromEntries([...serveScript().matchAll(/(?:^|\s)([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
}
/** The node flags the `serve` script hands tsx before the server's file. */
const serveScriptFlags = () => serveScript().split(/\s+/).filter((word) => word.startsWith('--'));

const residentMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
/**
 * Resident memory outside the main thread's JavaScript heap and its external buffers, in MB:
 * what onnxruntime and glibc hold. Both move with the garbage collector's timing: the heap by
 * tens of MB between two reads, and the request bodies (the refused 51,200-wide line alone is
 * 29 MB, read and copied by the HTTP layer) stay external until a collection frees them,
 * which once put this figure at +64 MB on a quiet machine.
 */
async function nativeMb(pid: number): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const heap = Number(/^nodejs_heap_size_total_bytes (\S+)$/m.exec(metrics)?.[1]);
  const external = Number(/^nodejs_external_memory_bytes (\S+)$/m.exec(metrics)?.[1]);
  expect(heap).toBeGreaterThan(0);
  expect(external).toBeGreaterThanOrEqual(0);
  return residentMb(pid) - (heap + external) / 2 ** 20;
}
const line = (width: number): NamedTensors => ({
  x: { type: 'float32', dims: [1, 3, 48, width], data: new Float32Array(3 * 48 * width).map((_, i) => Math.sin(i) / 2) },
});

let child: ChildProcess;
let url = '';
beforeAll(async () => {
  // node itself with tsx's loader: the pid read below is the server's own. Port 0: the
  // server takes a free port and its log says which (a port chosen here could be taken).
  child = spawn(process.execPath, [...serveScriptFlags(), '--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, ...serveScriptEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', STATIC_DIR: 'none', WORKERS: '1', THREADS_PER_WORKER: '1', MODEL_REPOSITORY: repositoryWith(['ppocr-rec']) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was ready:\n${log}`);
    const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
    if (listening && (await fetch(`${listening[1]}/v2/health/ready`).then((r) => r.ok, () => false))) {
      url = listening[1]!;
      break;
    }
    await sleep(200);
  }
});
afterAll(() => void child?.kill('SIGKILL'));

async function recognize(width: number): Promise<number> {
  const { body, headers } = encodeInferRequest(line(width), { binary: true });
  const response = await fetch(`${url}/v2/models/ppocr-rec/infer`, { method: 'POST', body, headers });
  if (response.status === 200) await readInferResponse(response);
  else await response.arrayBuffer();
  return response.status;
}

describe('server memory', () => {
  it('is launched with the environment that gives memory back (package.json serve)', () => {
    expect(serveScriptEnv()).toMatchObject(SERVER_PROCESS_ENV);
    expect(serveScriptFlags()).toEqual(expect.arrayContaining([...SERVER_NODE_FLAGS]));
  });

  it('returns near its start after the widest inputs the limits allow; wider ones are refused', async () => {
    for (let i = 0; i < 5; i++) expect(await recognize(320)).toBe(200);
    const start = await nativeMb(child.pid!);
    for (let i = 0; i < 10; i++) expect(await recognize(2048)).toBe(200);
    // ppocr-rec's config.pbtxt caps each dynamic dimension at 2048: the 51,200 is refused.
    expect(await recognize(51_200)).toBe(400);
    for (let i = 0; i < 5; i++) expect(await recognize(320)).toBe(200);
    // Measured outside the JavaScript heap and its external buffers: +8 to +17 MB on a quiet
    // machine; +64 MB without the fixed mmap threshold (2026-12-03).
    const grown = (await nativeMb(child.pid!)) - start;
    if (process.env.MEMORY_TEST_PRINT) console.log(`native memory grew ${grown.toFixed(1)} MB`);
    expect(grown).toBeLessThan(50);
  });
});
