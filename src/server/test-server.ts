/**
 * Starts the real server (real workers, real onnxruntime-node) on an ephemeral port against
 * the committed test repository, for the server's tests. No mocks.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER_LENGTH, decodeInferResponse, encodeInferRequest, type EncodeRequestOptions } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { buildServer, type Server } from './app.ts';
import { loadConfig } from './config.ts';

export const TEST_REPOSITORY = fileURLToPath(new URL('./test-repository', import.meta.url));
/** The app's real repository (PP-OCR, Silero VAD, health-risk, …), for the pipeline models' tests. */
export const MODELS = fileURLToPath(new URL('../../models', import.meta.url));

/** A scratch repository holding copies of these paths of `models/` (model folders or single files). */
export function repositoryWith(paths: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'ax-repo-'));
  for (const path of paths) cpSync(join(MODELS, path), join(root, path), { recursive: true });
  return root;
}

export interface TestServer extends Server {
  url: string;
  close: () => Promise<void>;
  /** Sends an infer request encoded by the shared codec; returns the raw response. */
  infer: (model: string, inputs: NamedTensors, options: EncodeRequestOptions) => Promise<Response>;
}

/** A server with one worker, silent logs and a tiny built "app"; `env` overrides anything. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dist = mkdtempSync(join(tmpdir(), 'ax-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>AX</title>');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MODEL_REPOSITORY: TEST_REPOSITORY,
    STATIC_DIR: dist,
    LOG_LEVEL: 'silent',
    WORKERS: '1',
    THREADS_PER_WORKER: '1',
    ...env,
  });
  const server = await buildServer(config);
  const address = await server.app.listen({ port: config.port, host: config.host });
  const infer = (model: string, inputs: NamedTensors, options: EncodeRequestOptions) => {
    const { body, headers } = encodeInferRequest(inputs, options);
    return fetch(`${address}/v2/models/${model}/infer`, { method: 'POST', body, headers });
  };
  return { ...server, url: address, infer, close: () => server.app.close() };
}

/** Reads an infer response with the shared codec. */
export async function readInferResponse(response: Response) {
  const length = response.headers.get(HEADER_LENGTH);
  return decodeInferResponse(new Uint8Array(await response.arrayBuffer()), length === null ? undefined : Number(length));
}

/** A counter or gauge of `/metrics` for one model (0 when absent); `status` picks a failure series. */
export async function metricOf(server: { url: string }, name: string, model: string, status?: string): Promise<number> {
  const labels = `model="${model}",version="1"${status === undefined ? '' : `,status="${status}"`}`;
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * A raw TCP connection to the server, for what fetch() cannot do: send half a request, a
 * forged `Host`, or hold a connection open. `received` grows as bytes arrive; `closed`
 * settles when the connection ends (by either side, or refused).
 */
export interface RawConnection {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
  /** Resolves once `received` matches; rejects when the connection closes first or after `timeoutMs` (generous: never a speed assertion). */
  until: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
}

export function rawConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let text = '';
    const waiters = new Set<() => void>();
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      for (const wake of waiters) wake();
    });
    socket.on('error', () => {}); // a refused or reset connection only shows as closed
    let isClosed = false;
    const closed = new Promise<void>((done) =>
      socket.once('close', () => {
        isClosed = true;
        for (const wake of waiters) wake();
        done();
      }),
    );
    const until = (pattern: RegExp, timeoutMs = 10_000) =>
      new Promise<string>((done, fail) => {
        const give = (error?: string) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (error === undefined) done(text);
          else fail(new Error(`${error}; received ${JSON.stringify(text.slice(0, 300))}`));
        };
        const check = () => {
          if (pattern.test(text)) give();
          else if (isClosed) give(`closed without ${String(pattern)}`);
        };
        const timer = setTimeout(() => give(`no ${String(pattern)} within ${timeoutMs} ms`), timeoutMs);
        waiters.add(check);
        check();
      });
    socket.once('connect', () => resolve({ socket, received: () => text, closed, until }));
    // Refused before connecting: still a connection object, already closed.
    socket.once('close', () => resolve({ socket, received: () => text, closed, until }));
  });
}
