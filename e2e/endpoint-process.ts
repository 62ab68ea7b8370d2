/**
 * Starts a second, real datacenter endpoint (`src/server/main.ts`) in its own process on a
 * free loopback port, so a test can stop it mid-session the way a network or a datacenter
 * fails. CORS lets the app's origin call it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from '../src/server/process-env.ts';

export interface EndpointProcess {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startEndpoint(appOrigin: string, env: Record<string, string> = {}): Promise<EndpointProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, SERVER_NODE_ARGS, {
    env: { ...process.env, ...SERVER_PROCESS_ENV, PORT: String(port), HOST: '127.0.0.1', CORS_ORIGINS: appOrigin, LOG_LEVEL: 'warn', WORKERS: '1', STATIC_DIR: 'none', ...env },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/v2/health/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) throw new Error(`endpoint on ${url} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        // A killed process has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL'); // an abrupt loss, not a graceful shutdown
      }),
  };
}
