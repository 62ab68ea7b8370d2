/**
 * Requests a web page of another site could make a browser send (issue 12, item 9):
 * - **DNS rebinding.** A page on `evil.example` whose name is then pointed at 127.0.0.1 talks
 *   to this server as same-origin; its requests still carry `Host: evil.example`. Only
 *   loopback names, IP literals and `ALLOWED_HOSTS` are served. An IP literal cannot be
 *   rebound (no name to repoint; a page reaching it by IP is on this origin or limited by
 *   CORS), so Kubernetes probes and Prometheus, which address a pod by IP, keep working.
 * - **Simple cross-site POSTs.** A `text/plain` or form POST needs no preflight, so any page
 *   could run infer, load or unload on a key-less server. POST bodies must be JSON or
 *   octet-stream (both need a preflight cross-origin, which CORS_ORIGINS governs). Triton's
 *   own Python client sends no Content-Type at all, and neither does the app for an
 *   empty-body load or unload; a request without one is served when no browser of another
 *   site sent it: no `Origin`, or this server's own origin, or one of CORS_ORIGINS.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import { BoundedMemo } from '../shared/bounded-memo.ts';

const LOOPBACK_NAMES = new Set(['localhost']);
const BODY_TYPES = new Set(['application/json', 'application/octet-stream']);

/** The host name of a `Host` header (lowercase, IPv6 in brackets), or undefined when unreadable. */
function hostName(header: string): string | undefined {
  try {
    const url = new URL(`http://${header}`);
    return url.username || url.password || url.pathname !== '/' ? undefined : url.hostname;
  } catch {
    return undefined;
  }
}

/** True when `Host` names this server: a loopback name, an IP literal, or one of `allowed` (`*`: any). */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  // HTTP/1.0 without Host: no browser sends that, and there is no name to rebind.
  if (header === undefined) return true;
  if (allowed.includes('*')) return true;
  const name = hostName(header);
  if (name === undefined) return false;
  return LOOPBACK_NAMES.has(name) || isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0 || allowed.includes(name);
}

/** The media type of a Content-Type header without parameters, lowercase; undefined when absent. */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return header.split(';')[0]!.trim().toLowerCase();
}

/** True when the request comes from no browser page, or from this origin, or from an allowed one. */
function fromAllowedOrigin(request: FastifyRequest, corsOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (corsOrigins.includes('*') || corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host?.toLowerCase();
  } catch {
    return false; // `Origin: null` (sandboxed frames, file:) and garbage
  }
}

/** Host headers checked before, bounded: a client sending endless new names empties it, no more. */
const HOST_MEMO_SIZE = 256;
/** Longer Host values (no real name is) are checked each time: 256 of them could hold megabytes. */
const HOST_MEMO_MAX_LENGTH = 255;

/**
 * isAllowedHost with its answers kept: parsing the name as a URL costs ~5 µs, a noticeable
 * part of a tiny model's whole request, and a server sees the same few Host values.
 */
function allowedHostCheck(allowed: readonly string[]): (header: string | undefined) => boolean {
  const memo = new BoundedMemo<string, boolean>(HOST_MEMO_SIZE);
  return (header) =>
    header === undefined || header.length > HOST_MEMO_MAX_LENGTH ? isAllowedHost(header, allowed) : (memo.get(header) ?? memo.set(header, isAllowedHost(header, allowed)));
}

/** Adds the Host check for every request and the Content-Type check for `/v2` POSTs. */
export function registerCrossSiteChecks(app: FastifyInstance, options: { allowedHosts: string[]; corsOrigins: string[] }): void {
  const hostAllowed = allowedHostCheck(options.allowedHosts);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url?.startsWith('/v2/health/')) return; // probes address the server however they like, and read nothing
    if (!hostAllowed(request.headers.host)) {
      // 403, not 421 Misdirected Request: clients may retry a 421 on a new connection to the
      // same name, which can only be refused again; the refusal is about the name, for good.
      return reply
        .code(403)
        .header('Connection', 'close')
        .send({ error: `host '${String(request.headers.host)}' is not served here; add it to ALLOWED_HOSTS` });
    }
  });
}

/**
 * The Content-Type check, to run after CORS and API keys (a browser must be able to read the
 * refusal, and a client without a key learns nothing). Only POSTs to `/v2` routes carry bodies.
 */
export function registerContentTypeCheck(app: FastifyInstance, options: { corsOrigins: string[] }): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || !request.routeOptions.url?.startsWith('/v2/')) return;
    const type = mediaType(request.headers['content-type']);
    if (type === undefined ? fromAllowedOrigin(request, options.corsOrigins) : BODY_TYPES.has(type)) return;
    // The body is not read: closing the connection stops the client sending it.
    return reply
      .code(415)
      .header('Connection', 'close')
      .send({ error: `Content-Type must be application/json or application/octet-stream${type === undefined ? ' for a request from another site' : `, got '${type}'`}` });
  });
}
