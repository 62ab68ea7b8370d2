/**
 * Uploaded models run in child processes (issue 12, item 6), against the real server:
 * a run past its deadline has its process killed and replaced while readiness says so; a
 * request that asks an upload for more memory than its limit gets a 400 and costs the
 * server nothing; a native abort ends only the child; shutdown does not wait for a run
 * that never ends. The repository's models keep answering through all of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeLoadRequest } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { TEST_REPOSITORY, startTestServer, type TestServer } from './test-server.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The session processes this test's server started (children running process-boot.mjs). */
function sessionProcesses(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('process-boot.mjs')).map((line) => Number.parseInt(line, 10));
}

async function upload(server: TestServer, name: string, path: string): Promise<number> {
  const { body } = encodeLoadRequest({ config: JSON.stringify({ name, backend: 'onnxruntime' }), files: { '1/model.onnx': new Uint8Array(readFileSync(path)) } });
  const response = await fetch(`${server.url}/v2/repository/models/${name}/load`, { method: 'POST', body: Buffer.from(body), headers: { 'Content-Type': 'application/json' } });
  await response.arrayBuffer();
  return response.status;
}

const loop = (n: number, iterations: bigint): NamedTensors => ({
  x: { type: 'float32', dims: [n, n], data: new Float32Array(n * n) },
  iterations: { type: 'int64', dims: [], data: BigInt64Array.of(iterations) },
});
/** ~10^12 MatMuls of 256²: far longer than any test runs, on any machine. */
const endless = () => loop(256, 2n ** 40n);
const identity = (): NamedTensors => ({ x: { type: 'float32', dims: [1, 2], data: Float32Array.of(1, 2) } });
const status = async (response: Promise<Response>) => {
  const r = await response;
  await r.arrayBuffer();
  return r.status;
};
const ready = (server: TestServer) => status(fetch(`${server.url}/v2/health/ready`));
async function untilReady(server: TestServer): Promise<void> {
  while ((await ready(server)) !== 200) await sleep(50);
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const start = async (env: Record<string, string>) =>
  (server = await startTestServer({ LAB_UPLOADS: 'on', LAB_UPLOAD_DIR: mkdtempSync(join(tmpdir(), 'ax-isolation-')), ...env }));

describe('uploaded models in child processes', () => {
  it('kills a run past its deadline, says not ready until it is replaced, then serves again', async () => {
    const s = await start({ REQUEST_TIMEOUT_MS: '1500' });
    expect(await upload(s, 'untrusted-loop', join(TEST_REPOSITORY, 'slow-loop/1/model.onnx'))).toBe(200);
    const [before] = sessionProcesses();
    expect(before).toBeGreaterThan(0);

    const response = await s.infer('untrusted-loop', endless(), { binary: true });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'Request timeout expired' });
    // Killed at the deadline: until a new process has loaded the model, no worker can serve uploads.
    expect(await ready(s)).toBe(503);
    // The repository's own models never waited for it.
    expect(await status(s.infer('identity-fp32', identity(), { binary: false }))).toBe(200);

    await untilReady(s);
    expect(sessionProcesses()).not.toContain(before);
    expect(sessionProcesses()).toHaveLength(1);
    expect(await status(s.infer('untrusted-loop', loop(2, 3n), { binary: false }))).toBe(200);
  });

  it('answers 400 when an input asks an upload for more memory than its limit, and the server does not grow', async () => {
    const s = await start({ UPLOAD_MEMORY_LIMIT_MB: '1024' });
    expect(await upload(s, 'hog', 'e2e/fixtures/lab/memory-hog.onnx')).toBe(200);
    const rssBefore = process.memoryUsage().rss;
    // 32768² float32 zeros: 4 GiB from a 16-byte input.
    const response = await s.infer('hog', { shape: { type: 'int64', dims: [2], data: BigInt64Array.of(32768n, 32768n) } }, { binary: true });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/UPLOAD_MEMORY_LIMIT_MB = 1024/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    const small = await s.infer('hog', { shape: { type: 'int64', dims: [2], data: BigInt64Array.of(2n, 3n) } }, { binary: false });
    expect(small.status).toBe(200);
    await small.arrayBuffer();
  });

  it('survives a native abort of the session process: the run fails, the process is replaced', async () => {
    const s = await start({});
    expect(await upload(s, 'untrusted-loop', join(TEST_REPOSITORY, 'slow-loop/1/model.onnx'))).toBe(200);
    const [child] = sessionProcesses();
    const running = s.infer('untrusted-loop', endless(), { binary: true });
    while ((await (await fetch(`${s.url}/metrics`)).text()).match(/ax_inference_running_request_count\{model="untrusted-loop",version="1"\} 1/) === null) await sleep(20);
    // What onnxruntime's abort() does to its process.
    process.kill(child!, 'SIGABRT');
    const response = await running;
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toMatch(/stopped unexpectedly .*replaced/);
    await untilReady(s);
    expect(await status(s.infer('untrusted-loop', loop(2, 3n), { binary: false }))).toBe(200);
  });

  it('shuts down without waiting for a run that never ends', async () => {
    const s = await start({ REQUEST_TIMEOUT_MS: '600000', SHUTDOWN_GRACE_MS: '300' });
    expect(await upload(s, 'untrusted-loop', join(TEST_REPOSITORY, 'slow-loop/1/model.onnx'))).toBe(200);
    const running = s.infer('untrusted-loop', endless(), { binary: true }).then((r) => r.status, () => 'closed');
    while ((await (await fetch(`${s.url}/metrics`)).text()).match(/ax_inference_running_request_count\{model="untrusted-loop",version="1"\} 1/) === null) await sleep(20);
    server = undefined;
    // Within the test's timeout, however slow the machine: the run alone would take hours.
    await s.close();
    expect(sessionProcesses()).toEqual([]);
    expect([503, 'closed']).toContain(await running);
  });
});
