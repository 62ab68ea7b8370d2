/**
 * Builds the whole server: scans the model repository, starts the worker pool, and wires
 * the routes. Returns a Fastify instance not yet listening; closing it drains in-flight
 * requests and stops the workers.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import type { ServerConfig } from './config.ts';
import { timeoutOptions } from './connection-limits.ts';
import { registerContentTypeCheck, registerCrossSiteChecks } from './cross-site.ts';
import { errorOptions, installErrorHandlers } from './http-errors.ts';
import { inlineModelNames } from './inline-models.ts';
import { createMetrics } from './metrics.ts';
import { ModelRegistry, modelKey } from './model-registry.ts';
import { scanRepository } from './model-repository.ts';
import type { PipelineModels } from './pipeline-models.ts';
import { setUpPipelines } from './pipeline-setup.ts';
import { modelTargets, registerInferRoute } from './routes-infer.ts';
import { claimScratch, registerRepositoryRoutes } from './routes-repository.ts';
import { registerV2Routes, type ServerState } from './routes-v2.ts';
import { registerSecurity } from './security.ts';
import { registerStatic } from './static-files.ts';
import { WorkerPool } from './worker-pool.ts';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface Server {
  app: FastifyInstance;
  registry: ModelRegistry;
  pipelines: PipelineModels;
  state: ServerState;
}

/** Everything but `listen`. */
export async function buildServer(config: ServerConfig): Promise<Server> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.maxBodyBytes,
    // Model names are validated against the repository; this only bounds the router's work.
    routerOptions: { maxParamLength: 256 },
    ...timeoutOptions(config),
    ...errorOptions,
  });
  // Past the cap Node closes new connections at once (slow clients cannot pile up sockets).
  app.server.maxConnections = config.maxConnections;
  // A wrong upload folder stops the server before it starts a single worker.
  if (config.labUploads) await claimScratch(config);
  const { models, skipped } = await scanRepository(config.modelRepository);
  for (const reason of skipped) app.log.warn(`model repository: skipped ${reason}`);

  const shared = { maxQueue: config.maxQueue, executionProvider: config.executionProvider, cpuMemArena: config.cpuMemArena, closeGraceMs: config.shutdownGraceMs };
  // The repository's models are trusted: threads. Uploads run where they can be killed.
  const pool = new WorkerPool({ ...shared, workers: config.workers, intraOpThreads: config.threadsPerWorker, isolation: 'thread' });
  const uploads = config.labUploads
    ? new WorkerPool({ ...shared, workers: config.uploadWorkers, intraOpThreads: config.threadsPerWorker, isolation: 'process', memoryLimitMb: config.uploadMemoryLimitMb })
    : undefined;
  const pools = uploads ? [pool, uploads] : [pool];
  const poolOf = (key: string) => (uploads?.has(key) ? uploads : pool);
  const inline = await inlineModelNames(config.modelRepository, config.inlineMaxMs, (message) => app.log.warn(message));
  const repositoryModels = models.map((m) => ({ key: modelKey(m), path: m.modelPath, ...(inline.has(m.name) ? { inline: true } : {}) }));
  const [loaded] = await Promise.all([pool.start(repositoryModels), uploads?.start([])]);
  const registry = new ModelRegistry();
  for (const files of models) {
    const entry = await registry.add(files, loaded.get(modelKey(files)));
    if (entry.ready) app.log.info(`model ${entry.key} ready`);
    else app.log.error(`model ${entry.key} unavailable: ${entry.reason}`);
  }
  // The load is read when Prometheus scrapes, after `pipelines` below exists.
  const metrics = createMetrics(() => [
    ...registry.list().map((m) => ({ model: m.name, version: m.version, pending: poolOf(m.key).pending(m.key), running: poolOf(m.key).running(m.key) })),
    // A pipeline waits in no queue of its own: its model calls do.
    ...pipelines.models.list().map((p) => ({ model: p.name, version: p.version, pending: 0, running: pipelines.models.running(p.name) })),
  ]);
  const pipelines = setUpPipelines(config, { registry, pool, metrics, log: app.log });

  const state: ServerState = { closing: false };
  let poolsClosed: Promise<unknown> = Promise.resolve();
  app.addHook('preClose', async () => {
    state.closing = true;
    // Started before the HTTP server waits for its in-flight requests: each pool gives its
    // runs SHUTDOWN_GRACE_MS, then fails them (503) and stops its hosts, so no request can
    // hold the shutdown for longer than that.
    poolsClosed = Promise.all(pools.map((p) => p.close()));
  });
  app.addHook('onClose', async () => {
    await poolsClosed;
    await pipelines.close();
  });
  // A keep-alive connection that was busy when close() began would otherwise hold the
  // server open until its idle timeout: answers sent while closing also close their socket.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (state.closing) void reply.header('Connection', 'close');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.http.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  // Bodies stay raw bytes: the v2 codec parses JSON itself (depth limit, binary tail).
  // The two accepted types by name: Fastify caches the parser it finds for a named type, but
  // looks the catch-all up afresh on every request (~2 µs; cross-site.ts refuses other types).
  app.removeAllContentTypeParsers();
  for (const type of ['application/octet-stream', 'application/json', '*']) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }

  installErrorHandlers(app, config.maxBodyBytes);
  // Host first: a rebound name learns nothing, not even whether it needs a key.
  registerCrossSiteChecks(app, config);
  registerSecurity(app, config);
  registerContentTypeCheck(app, config);
  registerV2Routes(app, { registry, pipelines: pipelines.models, state, version, canServe: () => pools.every((p) => p.canServe()) });
  const modelTarget = modelTargets(poolOf, config.requestTimeoutMs);
  registerInferRoute(app, {
    metrics,
    resolve: (name, v) => {
      const pipeline = pipelines.models.find(name, v);
      if (pipeline) return pipelines.target(pipeline);
      const entry = registry.ready(name, v);
      return modelTarget(entry);
    },
  });
  // Pipeline names are taken like repository names: no upload may replace or unload them.
  const servedNames = new Set([...models.map((m) => m.name), ...pipelines.models.list().map((p) => p.name)]);
  await registerRepositoryRoutes(app, { registry, pipelines: pipelines.models, pool: uploads, config, repositoryNames: servedNames });
  await registerStatic(app, config);
  return { app, registry, pipelines: pipelines.models, state };
}
