/**
 * Serves the built app (`dist/`) and the model repository (`/models/<path>`) from the same
 * origin as the API, like `scripts/vite-plugin-models.ts` does for `vite preview`.
 * Every response carries cross-origin isolation (WASM threads need SharedArrayBuffer) and a
 * Content-Security-Policy the app runs under (checked in Chromium, see docs/SERVER.md).
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';

/**
 * - `'wasm-unsafe-eval'`: compiling onnxruntime-web's WebAssembly.
 * - `worker-src blob:`: ORT may start its pthread workers from blob: URLs.
 * - `connect-src`: this origin plus `connectSources` (default `https:`), so a company can
 *   point the app at its own Triton or KServe endpoint (`CSP_CONNECT_SRC` narrows or widens it).
 * - `style-src 'unsafe-inline'`: Svelte sets inline styles for transitions.
 */
export const contentSecurityPolicy = (connectSources = 'https:') => [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  `connect-src 'self' ${connectSources}`.trim(),
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isolation = (connectSources: string | undefined) => ({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy': contentSecurityPolicy(connectSources),
  'X-Content-Type-Options': 'nosniff',
});

/** Registers the headers hook, `/models/*` and, when `staticDir` exists, the app itself. */
export async function registerStatic(
  app: FastifyInstance,
  options: { staticDir: string; modelRepository: string; cspConnectSrc?: string },
): Promise<void> {
  const headers = isolation(options.cspConnectSrc);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(headers);
    return payload;
  });

  const base = resolve(options.modelRepository);
  app.get('/models/*', async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    const file = resolve(base, path);
    // Refuse anything that resolves outside the repository (../ tricks, absolute paths).
    if (!file.startsWith(base + sep) || path.includes('\0')) return reply.code(400).send({ error: 'bad model path' });
    // Dotfiles (.git, .env, editor files) are nobody's model: not found, like a missing file.
    if (relative(base, file).split(sep).some((part) => part.startsWith('.'))) return reply.code(404).send({ error: 'no such model file' });
    const size = await stat(file).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined,
    );
    if (size === undefined) return reply.code(404).send({ error: 'no such model file' });
    return reply
      .header('Cross-Origin-Resource-Policy', 'same-origin')
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Length', String(size))
      .header('Cache-Control', 'no-cache')
      .send(createReadStream(file));
  });

  if (!existsSync(options.staticDir)) {
    app.log.warn(`no built app in ${options.staticDir}: run vite build to serve it`);
    return;
  }
  await app.register(fastifyStatic, {
    root: resolve(options.staticDir),
    dotfiles: 'ignore', // 404, as for /models (the plugin's default is 'allow')
    setHeaders: (reply) => void reply.header('Cross-Origin-Resource-Policy', 'same-origin'),
  });
}
