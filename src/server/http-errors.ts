/**
 * Every error leaves as `{"error": "<message>"}` with Triton's status code. Our own
 * `V2Error`s say what was wrong; Fastify's client errors (body too large, bad content
 * type) keep their status and message; anything else is a 500 with no detail and no stack
 * (the detail goes to the log). Errors Fastify and Node raise before a route exists (a URL
 * or path parameter too long, a malformed URL, a request timeout, headers too large) get
 * the same shape through `frameworkErrors` and `clientErrorHandler` (see `errorOptions`).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { V2Error } from '../shared/kserve-v2.ts';
import { RetryLaterError } from './server-errors.ts';

/**
 * A route may name what to change when its body is too large (its limit is not
 * `MAX_BODY_BYTES`), through its `config`: `{ bodyLimitHint: 'raise LAB_UPLOAD_MAX_BYTES' }`.
 */
export interface BodyLimitConfig {
  bodyLimitHint?: string;
}

/** Installs the error and not-found handlers on an instance. */
export function installErrorHandlers(app: FastifyInstance, maxBodyBytes: number): void {
  app.setErrorHandler((error: FastifyError | V2Error | Error, request, reply) => {
    if (error instanceof RetryLaterError) void reply.header('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof V2Error) return reply.code(error.status).send({ error: error.message });
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if ('code' in error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Triton words this as a hint to the operator; ours names the variable to raise.
      const limit = request.routeOptions.bodyLimit ?? maxBodyBytes;
      const hint = (request.routeOptions.config as BodyLimitConfig | undefined)?.bodyLimitHint ?? 'raise MAX_BODY_BYTES to allow it';
      return reply.code(413).send({ error: `request body is larger than ${limit} bytes; ${hint}` });
    }
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error }, 'internal error');
    return reply.code(500).send({ error: 'internal server error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }));
}

/** Router errors raised before any route or hook: 414 for a path parameter over `maxParamLength`, 400 for a malformed URL. */
function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  const message = status === 414 ? 'request URI is too long' : 'malformed request URL';
  void reply.code(status).send({ error: message });
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request did not arrive in time (RECEIVE_TIMEOUT_MS, HEADERS_TIMEOUT_MS)'],
  HPE_HEADER_OVERFLOW: [431, 'request headers are too large'],
};

/**
 * Node's `clientError` (a timeout, headers too large, unparsable HTTP): no request object
 * exists, so the answer is written on the socket, which is then closed, as Node and
 * Fastify's default handler do.
 */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket & { _httpMessage?: { headersSent: boolean } | null }): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'malformed HTTP request'];
  const body = JSON.stringify({ error: message });
  // Node's own rule: never write into the middle of an answer already under way on this socket.
  if (socket.writable && !socket._httpMessage?.headersSent) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/** The Fastify options that route pre-route errors through `{"error"}`. */
export const errorOptions = { frameworkErrors, clientErrorHandler } satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>;
