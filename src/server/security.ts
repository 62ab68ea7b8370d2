/**
 * CORS and API keys, which Triton lacks (KSERVE-V2.md). CORS runs first so that even a 401
 * reaches a browser readable. Preflight never needs a key: browsers send none with it.
 * Health probes stay open for load balancers and Kubernetes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADER_LENGTH } from '../shared/kserve-v2.ts';

const ALLOW_HEADERS = `Content-Type, ${HEADER_LENGTH}, Authorization`;
const isApi = (path: string) => path === '/v2' || path.startsWith('/v2/');
const isOpen = (path: string) => path.startsWith('/v2/health/');

/**
 * The path the router acted on. The raw URL is not it: the router decodes `%76` to `v`, so
 * `/%762/models/x` reaches `/v2/models/:name` while its raw text does not start with `/v2`.
 * The matched route's pattern is used when there is one, the decoded path otherwise.
 */
function routedPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route !== undefined && route !== '*' && route !== '/*') return route;
  const raw = request.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

// Hashing first gives both sides the same length, so the compare is constant-time for any key.
const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when `Authorization: Bearer <key>` carries one of the keys (constant-time per key). */
export function hasValidKey(header: string | undefined, keys: readonly Buffer[]): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = digest(match?.[1] ?? '');
  let ok = false;
  for (const key of keys) ok = timingSafeEqual(given, key) || ok; // no early exit: same time for every key
  return ok && match !== null;
}

function allowOrigin(request: FastifyRequest, reply: FastifyReply, origins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || !(origins.includes('*') || origins.includes(origin))) return false;
  void reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin').header('Access-Control-Expose-Headers', `${HEADER_LENGTH}, Server-Timing`);
  return true;
}

/** Adds the CORS and API-key hooks for `/v2` routes. */
export function registerSecurity(app: FastifyInstance, options: { apiKeys: string[]; corsOrigins: string[] }): void {
  const keys = options.apiKeys.map(digest);
  app.addHook('onRequest', async (request, reply) => {
    const path = routedPath(request);
    if (!isApi(path)) return;
    const allowed = allowOrigin(request, reply, options.corsOrigins);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      if (!allowed) return reply.code(403).send({ error: `origin ${String(request.headers.origin)} is not allowed (CORS_ORIGINS)` });
      return reply
        .code(204)
        .header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
        .header('Access-Control-Allow-Headers', ALLOW_HEADERS)
        .header('Access-Control-Max-Age', '600')
        .send();
    }
    if (keys.length === 0 || isOpen(path)) return;
    if (!hasValidKey(request.headers.authorization, keys)) {
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: 'missing or invalid API key (Authorization: Bearer <key>)' });
    }
  });
}
