/**
 * `tsx src/server/main.ts`: the datacenter endpoint. Reads the environment (config.ts),
 * listens, and on SIGTERM/SIGINT stops taking requests, finishes the ones in flight and
 * exits (what Kubernetes expects during a rollout).
 */
import { buildServer } from './app.ts';
import { loadConfig } from './config.ts';
import { missingNodeFlags, missingProcessEnv } from './process-env.ts';

const config = loadConfig();
const { app } = await buildServer(config);
await app.listen({ port: config.port, host: config.host });
const missing = [...missingNodeFlags(process.execArgv), ...(process.platform === 'linux' ? missingProcessEnv(process.env) : [])];
if (missing.length > 0) {
  app.log.warn(`started without ${missing.join(' ')}: memory used by a large input may not return to the system, or large runs may be slower. Start it with \`npm run serve\`, or pass these as docs/SERVER.md "Launch" shows`);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  app.log.info(`${signal}: finishing in-flight requests`);
  // A client that never reads its answer would hold the server open: past every request's
  // deadline (a pipeline model's is its own) plus a margin, cut the remaining connections.
  setTimeout(() => app.server.closeAllConnections(), Math.max(config.requestTimeoutMs, config.pipelineTimeoutMs) + 5000).unref();
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
