/** The real server (`src/server/main.ts`) on a free port, and the builds it serves. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from '../../src/server/process-env.ts';

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port (never a fixed one: other test runs share this host). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server with `env` on top of a quiet default, and waits until it is ready. */
export async function startServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, SERVER_NODE_ARGS, {
    env: { ...process.env, ...SERVER_PROCESS_ENV, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MODEL_REPOSITORY: 'models/', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => new Promise<void>((resolve) => (exited ? resolve() : child.once('exit', () => resolve()).kill('SIGTERM')));
  for (let i = 0; i < 240; i++) {
    await sleep(250);
    // Exited early (port taken between probe and listen): never benchmark whatever else answers.
    if (exited) throw new Error(`the server exited before it was ready on port ${port}`);
    if (await fetch(`${url}/v2/health/ready`).then((r) => r.ok, () => false)) return { url, stop };
  }
  await stop();
  throw new Error('the server was not ready within 60 s');
}

/** Builds the app (dist/) and the bare onnxruntime-web page (bench/.bare-dist/). */
export function build(): void {
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'];
  execFileSync(process.execPath, vite, { stdio: 'inherit' });
  execFileSync(process.execPath, [...vite, '--config', 'bench/bare/vite.config.ts'], { stdio: 'inherit' });
}

/**
 * A scratch copy of a model repository without `dynamic_batching` in any config.pbtxt: the
 * endpoint measured with and without batching, everything else equal. Model files are
 * symlinks (the server follows them); only the configs are rewritten.
 */
export function repositoryWithoutBatching(root = 'models/'): string {
  const out = mkdtempSync(join(tmpdir(), 'ax-bench-unbatched-'));
  for (const model of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const from = resolve(root, model.name);
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        mkdirSync(join(out, model.name, entry.name), { recursive: true });
        for (const file of readdirSync(join(from, entry.name))) symlinkSync(join(from, entry.name, file), join(out, model.name, entry.name, file));
      } else if (entry.name === 'config.pbtxt' && statSync(join(from, entry.name)).isFile()) {
        // Our configs keep the block flat (no nested braces), so one pattern removes it.
        writeFileSync(join(out, model.name, entry.name), readFileSync(join(from, entry.name), 'utf8').replace(/dynamic_batching\s*\{[^}]*\}/g, ''));
      }
    }
  }
  return out;
}
