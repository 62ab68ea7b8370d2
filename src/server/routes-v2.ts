/**
 * The v2 read-only endpoints: health, server metadata, model metadata and readiness, for
 * the repository's models and the pipeline models alike. Wrong methods on known paths
 * answer 405 with `Allow`, as Triton's do.
 */
import type { FastifyInstance, HTTPMethods, RouteHandlerMethod } from 'fastify';
import { V2Error } from '../shared/kserve-v2.ts';
import { metadataJson } from './model-metadata.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { PipelineModels } from './pipeline-models.ts';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** Registers 405 for every method a path does not allow (HEAD comes with GET). */
export function methodNotAllowed(app: FastifyInstance, url: string, allowed: 'GET' | 'POST'): void {
  const others = METHODS.filter((m) => m !== allowed && !(allowed === 'GET' && m === 'HEAD'));
  app.route({
    method: others,
    url,
    handler: async (request, reply) =>
      reply.code(405).header('Allow', allowed).send({ error: `method ${request.method} is not allowed on ${url}; use ${allowed}` }),
  });
}

/** `state.closing` turns readiness off during a graceful shutdown. */
export interface ServerState { closing: boolean }

export interface V2Deps {
  registry: ModelRegistry;
  pipelines: PipelineModels;
  state: ServerState;
  /** The server's version for `GET /v2`. */
  version: string;
  /** Whether the worker pools can take a run now (none stuck, none being replaced). */
  canServe: () => boolean;
}

export function registerV2Routes(app: FastifyInstance, deps: V2Deps): void {
  const { registry, pipelines, state, version, canServe } = deps;
  const get = (url: string, handler: RouteHandlerMethod) => {
    app.get(url, handler);
    methodNotAllowed(app, url, 'GET');
  };
  get('/v2/health/live', async (_request, reply) => reply.code(200).send());
  get('/v2/health/ready', async (_request, reply) => {
    // Triton's strict readiness: ready only when every model is, pipelines included (in
    // transformer mode that asks the predictor, see predictor-client.ts).
    const ready = !state.closing && canServe() && registry.list().every((m) => m.ready) && (await pipelines.allReady());
    return reply.code(ready ? 200 : 503).send();
  });
  get('/v2', async () => ({ name: 'ax-playground', version, extensions: ['binary_tensor_data', 'model_repository'] }));

  type Params = { model: string; version?: string };
  for (const base of ['/v2/models/:model', '/v2/models/:model/versions/:version']) {
    get(base, async (request) => {
      const { model, version: v } = request.params as Params;
      return metadataJson((pipelines.find(model, v) ?? registry.ready(model, v)).metadata);
    });
    get(`${base}/ready`, async (request, reply) => {
      const { model, version: v } = request.params as Params;
      const pipeline = pipelines.find(model, v);
      if (pipeline) {
        if (state.closing) throw new V2Error(400, `model '${model}' is not ready`);
        await pipelines.assertReady(pipeline);
        return reply.code(200).send();
      }
      const entry = registry.find(model, v);
      if (!entry.ready || state.closing) throw new V2Error(400, `model '${model}' is not ready`);
      return reply.code(200).send();
    });
  }
}
