/**
 * The server's environment contract, read once at start. Every knob has a safe default so
 * `npm start` works with no environment at all.
 */
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerConfig {
  /** TCP port (`PORT`, default 8080). */
  port: number;
  /** Interface to bind (`HOST`, default 0.0.0.0 so containers are reachable). */
  host: string;
  /** Triton-layout model repository (`MODEL_REPOSITORY`, default `models/`). */
  modelRepository: string;
  /** Built app to serve at `/` (`STATIC_DIR`, default `dist/`); skipped when absent. */
  staticDir: string;
  /** Bearer keys (`API_KEYS`, comma-separated); empty means the API is open. */
  apiKeys: string[];
  /** Origins allowed cross-origin (`CORS_ORIGINS`, comma-separated, `*` for any). */
  corsOrigins: string[];
  /** Largest request body in bytes (`MAX_BODY_BYTES`, default 64 MiB). */
  maxBodyBytes: number;
  /** Worker threads running sessions (`WORKERS`, default: one per core, at most 4). */
  workers: number;
  /** ORT intra-op threads per worker (`THREADS_PER_WORKER`, default cores / workers). */
  threadsPerWorker: number;
  /**
   * Repository models whose catalog says a run costs at most this many ms run their small
   * requests in the server's own thread (`INLINE_MAX_MS`, default 0.1; 0 turns it off):
   * below the ~0.1 ms the request itself costs that thread, and far below a worker hop.
   */
  inlineMaxMs: number;
  /** Requests waiting per model before 503 (`MAX_QUEUE`, default 64). */
  maxQueue: number;
  /** Deadline from arrival to answer (`REQUEST_TIMEOUT_MS`, default 30 s). */
  requestTimeoutMs: number;
  /** `cpu` or `cuda` (`EXECUTION_PROVIDER`); passed to onnxruntime-node as is. */
  executionProvider: string;
  /** pino level (`LOG_LEVEL`, default info); `silent` in tests. */
  logLevel: string;
  /** Extra CSP `connect-src` sources for the app (`CSP_CONNECT_SRC`, default `https:`). */
  cspConnectSrc: string;
  /**
   * Model uploads through Triton's repository `load` with files (`LAB_UPLOADS=on|off`): the
   * Model Lab's datacenter column. Default off: a loopback server may still sit behind a
   * public reverse proxy, so only the operator can say uploads are safe here.
   */
  labUploads: boolean;
  /** Scratch folder for uploaded models, never the repository (`LAB_UPLOAD_DIR`); emptied at start and removed at close. */
  labUploadDir: string;
  /** Largest upload, all files together (`LAB_UPLOAD_MAX_BYTES`, default 256 MiB). */
  labUploadMaxBytes: number;
  /** Uploaded models kept loaded at once (`LAB_UPLOAD_MAX_MODELS`, default 8). */
  labUploadMaxModels: number;
  /** Child processes running uploaded models (`UPLOAD_WORKERS`, default 1); they share the cores with `WORKERS`. */
  uploadWorkers: number;
  /** Address-space limit of each upload process in MiB (`UPLOAD_MEMORY_LIMIT_MB`, default 4096). */
  uploadMemoryLimitMb: number;
  /** onnxruntime's CPU memory arena (`CPU_MEM_ARENA=on|off`, default off: SERVER.md "Memory"). */
  cpuMemArena: boolean;
  /** How long a shutdown lets in-flight runs finish before it stops the workers (`SHUTDOWN_GRACE_MS`, default the request deadline + 5 s). */
  shutdownGraceMs: number;
  /**
   * Deadline of a whole pipeline-model request, all its model calls together
   * (`PIPELINE_TIMEOUT_MS`, default 120 s): a long recording makes thousands of calls.
   */
  pipelineTimeoutMs: number;
  /**
   * A remote KServe v2 predictor (`PREDICTOR_URL`, e.g. `http://triton:8000`): pipeline
   * models then call their models there instead of in the local workers (a KServe
   * transformer). Unset: the local workers.
   */
  predictorUrl?: string;
  /** Sent to the predictor as `Authorization: Bearer` (`PREDICTOR_API_KEY`); unset sends none. */
  predictorApiKey?: string;
  /**
   * Host names accepted besides loopback names and IP literals (`ALLOWED_HOSTS`,
   * comma-separated, any port; `*` turns the check off). Defends against DNS rebinding.
   */
  allowedHosts: string[];
  /** The whole request, headers and body, must arrive within this (`RECEIVE_TIMEOUT_MS`, default 120 s), else 408. */
  receiveTimeoutMs: number;
  /** The headers must arrive within this (`HEADERS_TIMEOUT_MS`, default 20 s, at most `receiveTimeoutMs`), else 408. */
  headersTimeoutMs: number;
  /**
   * A connection with no traffic either way for this long is closed (`IDLE_TIMEOUT_MS`).
   * Default: the longest request deadline + 10 s, so a long computation is never cut.
   */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (`KEEP_ALIVE_TIMEOUT_MS`, default 72 s, Fastify's). */
  keepAliveTimeoutMs: number;
  /** Open connections at most (`MAX_CONNECTIONS`, default 1024); more are closed at once. */
  maxConnections: number;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === '1' || raw === 'true') return true;
  if (raw === 'off' || raw === '0' || raw === 'false') return false;
  throw new Error(`${name} must be on or off, got '${raw}'`);
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return value;
}

function nonNegative(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of 0 or more, got '${raw}'`);
  return value;
}

/** Reads the configuration from an environment (defaults to `process.env`); throws on nonsense. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const cores = availableParallelism();
  const workers = positiveInt(env, 'WORKERS', Math.min(cores, 4));
  const host = env.HOST ?? '0.0.0.0';
  const requestTimeoutMs = positiveInt(env, 'REQUEST_TIMEOUT_MS', 30_000);
  const pipelineTimeoutMs = positiveInt(env, 'PIPELINE_TIMEOUT_MS', 120_000);
  const receiveTimeoutMs = positiveInt(env, 'RECEIVE_TIMEOUT_MS', 120_000);
  return {
    port: env.PORT === undefined ? 8080 : positiveIntOrZero(env.PORT),
    host,
    modelRepository: env.MODEL_REPOSITORY ?? 'models/',
    staticDir: env.STATIC_DIR ?? 'dist/',
    apiKeys: list(env.API_KEYS),
    corsOrigins: list(env.CORS_ORIGINS),
    maxBodyBytes: positiveInt(env, 'MAX_BODY_BYTES', 64 * 1024 * 1024),
    workers,
    // Workers share the cores instead of each grabbing all of them and thrashing.
    threadsPerWorker: positiveInt(env, 'THREADS_PER_WORKER', Math.max(1, Math.floor(cores / workers))),
    inlineMaxMs: nonNegative(env, 'INLINE_MAX_MS', 0.1),
    maxQueue: positiveInt(env, 'MAX_QUEUE', 64),
    requestTimeoutMs,
    executionProvider: env.EXECUTION_PROVIDER ?? 'cpu',
    logLevel: env.LOG_LEVEL ?? 'info',
    cspConnectSrc: env.CSP_CONNECT_SRC ?? 'https:',
    labUploads: onOff(env, 'LAB_UPLOADS', false),
    // One folder per process by default: two servers on one machine must not empty each other's.
    labUploadDir: env.LAB_UPLOAD_DIR ?? join(tmpdir(), `ax-playground-lab-uploads-${process.pid}`),
    labUploadMaxBytes: positiveInt(env, 'LAB_UPLOAD_MAX_BYTES', 256 * 1024 * 1024),
    labUploadMaxModels: positiveInt(env, 'LAB_UPLOAD_MAX_MODELS', 8),
    uploadWorkers: positiveInt(env, 'UPLOAD_WORKERS', 1),
    uploadMemoryLimitMb: positiveInt(env, 'UPLOAD_MEMORY_LIMIT_MB', 4096),
    cpuMemArena: onOff(env, 'CPU_MEM_ARENA', false),
    shutdownGraceMs: positiveInt(env, 'SHUTDOWN_GRACE_MS', requestTimeoutMs + 5000),
    pipelineTimeoutMs,
    ...(env.PREDICTOR_URL ? { predictorUrl: predictorUrl(env.PREDICTOR_URL) } : {}),
    ...(env.PREDICTOR_API_KEY ? { predictorApiKey: env.PREDICTOR_API_KEY } : {}),
    allowedHosts: list(env.ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    receiveTimeoutMs,
    // Node refuses a headers timeout longer than the request timeout; only the shorter can act anyway.
    headersTimeoutMs: Math.min(positiveInt(env, 'HEADERS_TIMEOUT_MS', 20_000), receiveTimeoutMs),
    idleTimeoutMs: positiveInt(env, 'IDLE_TIMEOUT_MS', Math.max(requestTimeoutMs, pipelineTimeoutMs) + 10_000),
    keepAliveTimeoutMs: positiveInt(env, 'KEEP_ALIVE_TIMEOUT_MS', 72_000),
    maxConnections: positiveInt(env, 'MAX_CONNECTIONS', 1024),
  };
}

/** An http(s) base URL without a trailing slash, so `${url}/v2/...` is always one slash. */
function predictorUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PREDICTOR_URL must be an http(s) URL, got '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PREDICTOR_URL must be an http(s) URL, got '${raw}'`);
  if (url.search || url.hash) throw new Error(`PREDICTOR_URL must not have a query or fragment, got '${raw}'`);
  return url.href.replace(/\/+$/, '');
}

/** Port 0 asks the OS for a free port (tests); anything else must be a valid port. */
function positiveIntOrZero(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0..65535, got '${raw}'`);
  return port;
}
