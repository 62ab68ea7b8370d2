/**
 * Wires the pipeline models: which tasks are served, how their readiness is known and
 * where their model calls go: our worker pool, or with `PREDICTOR_URL` a remote predictor
 * (the server is then a KServe transformer).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { TaskEnv } from '../tasks/task.ts';
import type { ServerConfig } from './config.ts';
import { ImageDecoder } from './image-decoder.ts';
import type { Metrics } from './metrics.ts';
import type { ModelRegistry } from './model-registry.ts';
import { nodeTaskEnv } from './node-task-env.ts';
import { PipelineModels, registryCheck, selectPipelines, type PipelineModel } from './pipeline-models.ts';
import { pipelineTarget, poolCaller, type ModelCaller } from './pipeline-runner.ts';
import { predictorCheck, predictorInfer, type Predictor } from './predictor-client.ts';
import type { InferTarget } from './routes-infer.ts';
import type { WorkerPool } from './worker-pool.ts';

export interface Pipelines {
  models: PipelineModels;
  /** The infer target of a served pipeline. */
  target(pipeline: PipelineModel): InferTarget;
  /** Stops the picture decoder (after the requests in flight are answered). */
  close(): Promise<void>;
}

type PipelineConfig = Pick<ServerConfig, 'modelRepository' | 'requestTimeoutMs' | 'pipelineTimeoutMs' | 'predictorUrl' | 'predictorApiKey'>;

export function setUpPipelines(
  config: PipelineConfig,
  deps: { registry: ModelRegistry; pool: WorkerPool; metrics: Metrics; log: FastifyBaseLogger },
): Pipelines {
  const { registry, pool, metrics, log } = deps;
  const predictor: Predictor | undefined = config.predictorUrl ? { url: config.predictorUrl, apiKey: config.predictorApiKey } : undefined;
  const names = new Set(registry.list().map((m) => m.name));
  const models = new PipelineModels(
    selectPipelines(names, predictor !== undefined, (message) => log.warn(message)),
    predictor ? predictorCheck(predictor) : registryCheck(registry),
  );
  const call: ModelCaller = predictor ? (model, inputs, options) => predictorInfer(predictor, model, inputs, options) : poolCaller(registry, pool, metrics);
  // Photos are decoded in a worker thread: seconds of jpeg-js must not stall the event loop.
  const decoder = new ImageDecoder();
  const env: TaskEnv = { ...nodeTaskEnv(config.modelRepository), decodeImage: decoder.decodeImage };
  const runDeps = { call, env, callTimeoutMs: config.requestTimeoutMs, pipelineTimeoutMs: config.pipelineTimeoutMs };
  for (const pipeline of models.list()) {
    // Not awaited: a predictor that starts after us is normal in a cluster; readiness says when.
    void models.notReady(pipeline).then((reason) =>
      reason === undefined ? log.info(`pipeline model ${pipeline.name} ready`) : log.warn(`pipeline model ${pipeline.name} not ready yet: ${reason}`),
    );
  }
  return { models, target: (pipeline) => pipelineTarget(pipeline, models, runDeps), close: () => decoder.close() };
}
