/**
 * Bounds what a slow or greedy client can hold (issue 12, item 5). Fastify leaves Node's
 * request and socket timeouts at 0 (never) and connections unlimited, so a client that
 * sends headers and then trickles, or nothing, kept its connection and buffers for ever.
 * - `requestTimeout` / `headersTimeout`: the whole request, and its headers, must arrive in
 *   time, else Node raises a 408 (answered as `{"error"}` by http-errors.ts) and closes.
 * - `connectionTimeout` (the socket's inactivity timeout): a backstop for a peer that stops
 *   reading our answer; longer than any request deadline, since a long computation sends
 *   nothing while it runs and must not be cut.
 * - `keepAliveTimeout`: idle keep-alive connections.
 * - `maxConnections` (set on the server in app.ts): past it, Node closes new connections at once.
 */
import type { ServerOptions } from 'node:http';
import type { ServerConfig } from './config.ts';

type Limits = Pick<ServerConfig, 'receiveTimeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs' | 'keepAliveTimeoutMs'>;

/** The Fastify options carrying the timeouts. */
export function timeoutOptions(config: Limits): { requestTimeout: number; connectionTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: config.receiveTimeoutMs,
    connectionTimeout: config.idleTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      // Node validates headersTimeout <= requestTimeout when the server is created, before
      // Fastify sets requestTimeout: give both here.
      requestTimeout: config.receiveTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // Node looks for late requests only this often (default 30 s, which would let a
      // 500 ms timeout act after 30 s); a quarter of the timeout, at most 1 s.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
  };
}
