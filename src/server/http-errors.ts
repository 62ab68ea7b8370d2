/**
 * Every error leaves as `{"error": "<message>"}` with Triton's status code. Our own
 * `V2Error`s say what was wrong; Fastify's client errors (body too large, bad content
 * type) keep their status and message; anything else is a 500 with no detail and no stack
 * (the detail goes to the log).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { V2Error } from '../shared/kserve-v2.ts';
import { RetryLaterError } from './server-errors.ts';

/** Installs the error and not-found handlers on an instance. */
export function installErrorHandlers(app: FastifyInstance, maxBodyBytes: number): void {
  app.setErrorHandler((error: FastifyError | V2Error | Error, request, reply) => {
    if (error instanceof RetryLaterError) void reply.header('Retry-After', String(error.retryAfterSeconds));
    if (error instanceof V2Error) return reply.code(error.status).send({ error: error.message });
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if ('code' in error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Triton words this as a hint to the operator; ours names the variable to raise.
      return reply.code(413).send({ error: `request body is larger than ${maxBodyBytes} bytes; raise MAX_BODY_BYTES to allow it` });
    }
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error({ err: error }, 'internal error');
    return reply.code(500).send({ error: 'internal server error' });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route for ${request.method} ${request.url.split('?')[0]}` }));
}
