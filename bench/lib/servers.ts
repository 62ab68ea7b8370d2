/** The real server (`src/server/main.ts`) on a free port, and the builds it serves. */
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { SERVER_PROCESS_ENV } from '../../src/server/process-env.ts';

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
  // node itself, not npx: a signal sent to npx does not reach the server it started.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
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
