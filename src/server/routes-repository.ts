/**
 * Triton's model repository extension, as far as the Model Lab needs it: `index`, `load`
 * (of a served model, or of a new one with its files in the body: `{"parameters":
 * {"config": "<json>", "file:1/model.onnx": "<base64>"}}`) and `unload`. Uploads are behind
 * `LAB_UPLOADS` (off by default), size-limited, refused before their body is read when
 * they cannot be taken, name-checked, written to a scratch folder apart from the
 * repository, and can never replace a repository model.
 * The API-key hook (security.ts) covers these routes like every `/v2` route.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault, RouteShorthandOptions } from 'fastify';
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { V2Error, decodeLoadRequest } from '../shared/kserve-v2.ts';
import type { ServerConfig } from './config.ts';
import type { BodyLimitConfig } from './http-errors.ts';
import { modelKey, type ModelRegistry } from './model-registry.ts';
import { isValidModelName } from './model-repository.ts';
import type { PipelineModels } from './pipeline-models.ts';
import { methodNotAllowed } from './routes-v2.ts';
import { unknownModel } from './server-errors.ts';
import type { WorkerPool } from './worker-pool.ts';

export interface RepositoryDeps {
  registry: ModelRegistry;
  /** Listed in the index and "loaded" like repository models; never uploaded over. */
  pipelines: PipelineModels;
  /** Where uploads run (child processes); absent when uploads are off. */
  pool: WorkerPool | undefined;
  config: Pick<ServerConfig, 'labUploads' | 'labUploadDir' | 'labUploadMaxBytes' | 'labUploadMaxModels' | 'modelRepository' | 'staticDir'>;
  /** Names served from the model repository: never replaced or unloaded through this API. */
  repositoryNames: ReadonlySet<string>;
}

type ModelRoute = { Params: { model: string }; Body: Buffer | undefined };
type ModelRequest = FastifyRequest<ModelRoute>;
type ModelRouteOptions = RouteShorthandOptions<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, ModelRoute>;

/** `1/<file>`: version 1 only, one safe file name (the model and its external data files side by side). */
const FILE_PATH = /^1\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Checks the config Triton requires with uploaded files: a JSON object for an ONNX model of this name. */
function checkConfig(name: string, config: string | undefined): void {
  if (config === undefined) throw new V2Error(400, `failed to load '${name}': a 'config' parameter is required when files are uploaded`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch {
    throw new V2Error(400, `failed to load '${name}': 'config' is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new V2Error(400, `failed to load '${name}': 'config' must be a JSON object`);
  const { name: configName, backend, platform } = parsed as { name?: unknown; backend?: unknown; platform?: unknown };
  if (configName !== undefined && configName !== name) throw new V2Error(400, `failed to load '${name}': config names model '${String(configName)}'`);
  if ((backend !== undefined && backend !== 'onnxruntime') || (platform !== undefined && platform !== 'onnxruntime_onnx')) {
    throw new V2Error(400, `failed to load '${name}': this server runs ONNX models only (backend "onnxruntime")`);
  }
}

const MARKER = '.ax-lab-uploads';

/**
 * Empties the upload folder, but only one that is ours: missing, empty, or marked by an
 * earlier run. `LAB_UPLOAD_DIR` set by mistake to the repository or a folder of other
 * files must stop the server, not be deleted.
 */
export async function claimScratch(config: Pick<ServerConfig, 'labUploadDir' | 'modelRepository' | 'staticDir'>): Promise<void> {
  const dir = resolve(config.labUploadDir);
  for (const other of [config.modelRepository, config.staticDir].map((p) => resolve(p))) {
    const inside = (a: string, b: string) => a === b || a.startsWith(b + sep);
    if (inside(dir, other) || inside(other, dir)) throw new Error(`LAB_UPLOAD_DIR (${dir}) must not overlap ${other}`);
  }
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length > 0 && !entries.includes(MARKER)) throw new Error(`LAB_UPLOAD_DIR (${dir}) holds files this server did not put there; choose an empty folder`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MARKER), 'Model Lab uploads: emptied when the server starts and stops.\n');
}

const LAB_NAME = /^lab-([0-9a-f]{16})$/;
const UPLOADS_OFF = 'model uploads are off on this server (LAB_UPLOADS=off)';
/** A load without files carries at most a config: any larger body is an upload. */
const PLAIN_LOAD_MAX_BYTES = 64 * 1024;

/**
 * One upload at a time (each is decoded in memory and loaded by every worker), held from
 * when it is let in until its answer is sent or its connection closes, whichever ends it.
 */
class UploadSlot {
  #holder: FastifyReply | undefined;
  take(reply: FastifyReply): boolean {
    if (this.#holder !== undefined) return false;
    this.#holder = reply;
    reply.raw.once('close', () => {
      if (this.#holder === reply) this.#holder = undefined;
    });
    return true;
  }
  heldBy(reply: FastifyReply): boolean {
    return this.#holder === reply;
  }
}

function busy(reply: FastifyReply): V2Error {
  void reply.header('Retry-After', '2');
  return new V2Error(503, 'another model upload is being loaded; try again shortly');
}

export async function registerRepositoryRoutes(app: FastifyInstance, deps: RepositoryDeps): Promise<void> {
  const { registry, pipelines, pool, config, repositoryNames } = deps;
  /** Uploaded models by name, oldest first (the first to go when the limit is reached). */
  const uploaded = new Map<string, string>();
  // Scratch (claimed by buildServer before any worker starts): uploads do not outlive the process.
  if (config.labUploads) app.addHook('onClose', async () => rm(config.labUploadDir, { recursive: true, force: true }));

  const forget = async (name: string) => {
    const dir = uploaded.get(name);
    pool?.unload(modelKey({ name, version: '1' }));
    registry.remove(name);
    uploaded.delete(name);
    if (dir) await rm(dir, { recursive: true, force: true });
  };

  const post = (url: string, handler: (request: ModelRequest, reply: FastifyReply) => Promise<unknown>, options: ModelRouteOptions = {}) => {
    app.post<ModelRoute>(url, options, handler);
    methodNotAllowed(app, url, 'POST');
  };

  const indexEntry = (name: string, version: string, reason: string | undefined) => ({ name, version, state: reason === undefined ? 'READY' : 'UNAVAILABLE', ...(reason === undefined ? {} : { reason }) });
  post('/v2/repository/index', async () => [
    ...registry.list().map((m) => indexEntry(m.name, m.version, m.ready ? undefined : m.reason)),
    ...(await Promise.all(pipelines.list().map(async (p) => indexEntry(p.name, p.version, await pipelines.notReady(p))))),
  ]);

  // base64 is 4/3 of the bytes; the JSON around it is small.
  const uploadBodyLimit = Math.ceil((config.labUploadMaxBytes * 4) / 3) + 64 * 1024;
  const slot = new UploadSlot();

  /**
   * Runs before the body is read. A body too large for a plain load can only be an upload:
   * everything that can refuse it without its bytes does so here, so a refused upload costs
   * no memory (issue 12, item 2), and an accepted one holds the slot while it is read.
   */
  const beforeBody = async (request: ModelRequest, reply: FastifyReply) => {
    const name = request.params.model;
    const length = request.headers['content-length'];
    // A chunked body has no length: with uploads off the route's small body limit bounds it.
    const large = length === undefined ? config.labUploads && request.headers['transfer-encoding'] !== undefined : Number(length) > PLAIN_LOAD_MAX_BYTES;
    // A refusal leaves the body unread: closing the connection stops the client sending it
    // (kept open, Node would read and discard all of it to reuse the connection).
    if (large) void reply.header('Connection', 'close');
    if (!isValidModelName(name)) throw new V2Error(400, `invalid model name '${name}'`);
    if (!large) return;
    if (!config.labUploads) throw new V2Error(403, UPLOADS_OFF);
    if (repositoryNames.has(name)) throw new V2Error(409, `model '${name}' is served from the model repository; an upload cannot replace it`);
    if (!slot.take(reply)) throw busy(reply);
    void reply.removeHeader('Connection');
  };

  post(
    '/v2/repository/models/:model/load',
    async (request, reply) => {
      const name = request.params.model;
      const { config: modelConfig, files } = decodeLoadRequest(request.body ?? new Uint8Array(0));
      if (!files) {
        // Every repository model is loaded at start: loading one again only checks it.
        const pipeline = pipelines.find(name);
        if (pipeline) {
          const reason = await pipelines.notReady(pipeline);
          if (reason !== undefined) throw new V2Error(400, `failed to load '${name}': ${reason}`);
          return reply.code(200).send();
        }
        const entry = registry.find(name);
        if (!entry.ready) throw new V2Error(400, `failed to load '${name}': ${entry.reason}`);
        return reply.code(200).send();
      }
      if (!config.labUploads) throw new V2Error(403, UPLOADS_OFF);
      if (repositoryNames.has(name)) throw new V2Error(409, `model '${name}' is served from the model repository; an upload cannot replace it`);
      checkConfig(name, modelConfig);
      const paths = Object.keys(files);
      const bad = paths.find((p) => !FILE_PATH.test(p) || p.includes('..'));
      if (bad !== undefined) throw new V2Error(400, `failed to load '${name}': file '${bad}' must be 1/<name> (version 1, no folders)`);
      const model = files['1/model.onnx'];
      if (!model) throw new V2Error(400, `failed to load '${name}': 'file:1/model.onnx' is required`);
      // The Lab names an upload after its bytes (`lab-<16 hex of sha256>`) and reuses a ready
      // model of that name: the name must really be those bytes, or anyone could plant others.
      const named = LAB_NAME.exec(name);
      if (named && !createHash('sha256').update(model).digest('hex').startsWith(named[1]!)) {
        throw new V2Error(409, `failed to load '${name}': '1/model.onnx' does not have the sha256 its name states`);
      }
      const total = Object.values(files).reduce((sum, f) => sum + f.length, 0);
      if (total > config.labUploadMaxBytes) throw new V2Error(413, `upload of ${total} bytes is over LAB_UPLOAD_MAX_BYTES (${config.labUploadMaxBytes})`);
      // A small upload was read without the slot (see beforeBody); it takes it now.
      if (!slot.heldBy(reply) && !slot.take(reply)) throw busy(reply);
      return store(name, files, total, request, reply);
    },
    {
      onRequest: beforeBody,
      // With uploads off only a plain load is served, and it needs no large body.
      bodyLimit: config.labUploads ? uploadBodyLimit : PLAIN_LOAD_MAX_BYTES,
      config: { bodyLimitHint: config.labUploads ? 'raise LAB_UPLOAD_MAX_BYTES to allow it' : UPLOADS_OFF } satisfies BodyLimitConfig,
    },
  );

  /** Writes an upload to the scratch folder and loads it in every worker, making room first. */
  async function store(name: string, files: Record<string, Uint8Array>, total: number, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (!pool) throw new V2Error(403, UPLOADS_OFF);
    if (uploaded.has(name)) await forget(name);
    while (uploaded.size >= config.labUploadMaxModels) await forget(uploaded.keys().next().value!);
    const dir = join(config.labUploadDir, name);
    await mkdir(join(dir, '1'), { recursive: true });
    for (const [path, bytes] of Object.entries(files)) await writeFile(join(dir, path), bytes);
    const modelPath = join(dir, '1', 'model.onnx');
    const entry = await registry.add({ name, version: '1', modelPath }, await pool.load({ key: modelKey({ name, version: '1' }), path: modelPath }));
    uploaded.set(name, dir);
    if (!entry.ready) {
      await forget(name);
      throw new V2Error(400, `failed to load '${name}': ${entry.reason}`);
    }
    request.log.info(`uploaded model ${name} loaded (${total} bytes)`);
    return reply.code(200).send();
  }

  post('/v2/repository/models/:model/unload', async (request, reply) => {
    const name = request.params.model;
    if (repositoryNames.has(name)) throw new V2Error(400, `model '${name}' is served from the model repository and is not unloaded through the API`);
    if (!uploaded.has(name)) throw unknownModel(name);
    await forget(name);
    return reply.code(200).send();
  });
}
