/**
 * A load generator that costs the machine as little as it can: keep-alive connections that
 * each send one prepared request, read the status line and Content-Length of the answer,
 * skip its body without copying it, and send the next. The endpoint shares its 2 cores with
 * whatever drives it, and the raw onnxruntime loop it is compared with pays for no client:
 * autocannon parses every answer in JavaScript, 12.7-13.7 ms of CPU per 1 MB ppocr-rec
 * answer where this takes 1.3-3 ms (2026-12-03, docs/BENCHMARKS.md). Only what the
 * endpoint measure needs: HTTP/1.1 over TCP, answers with a Content-Length (the server's
 * always have one: an answer without is an error here), no redirects, no TLS.
 */
import { connect, type Socket } from 'node:net';
import { quantile } from '../../src/shared/stats.ts';
import { summarize, type Summary } from './stats.ts';

export interface LeanLoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array;
  connections: number;
  /** How long connections keep sending; answers still on their way are then awaited. */
  seconds: number;
  /** Stop sending once this many answers came, even before `seconds` (tests). */
  maxAnswers?: number;
  /** An answer missing this long after its request is an error (default 120 s). */
  answerTimeoutMs?: number;
}

export interface LeanLoadResult {
  /** Answers by status code. */
  statuses: Record<number, number>;
  /** Connections that failed, answers that broke the rules above, answers that never came. */
  errors: number;
  /** From the first connection to the last answer (so a little more than `seconds`). */
  seconds: number;
  /** Per answer, in ms; undefined when no answer came. */
  latency: (Summary & { p99: number }) | undefined;
  /** This process's CPU time per answer, in ms: what driving the load cost the machine. */
  clientCpuMsPerAnswer: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');
/** A head longer than this is not an HTTP answer this server sends. */
const MAX_HEAD_BYTES = 64 * 1024;

export function requestBytes(o: Pick<LeanLoadOptions, 'method' | 'headers' | 'body'>, url: URL): Buffer {
  const body = o.body ?? new Uint8Array(0);
  const lines = [`${o.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, 'Connection: keep-alive'];
  for (const [name, value] of Object.entries(o.headers ?? {})) lines.push(`${name}: ${value}`);
  if (body.length > 0 || o.method === 'POST') lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** Runs `connections` connections back to back for `seconds`, and counts the answers. */
export async function leanLoad(o: LeanLoadOptions): Promise<LeanLoadResult> {
  const url = new URL(o.url);
  const request = requestBytes(o, url);
  const answerTimeoutMs = o.answerTimeoutMs ?? 120_000;
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const sending = () => performance.now() < end && (o.maxAnswers === undefined || latencies.length < o.maxAnswers);

  /**
   * One connection's share of the run. A close after a complete answer (the server's
   * `Connection: close`) is followed by a new connection, and so is a failure on a connection
   * that had answered before; one that never answered is not retried (nothing listens).
   */
  const drive = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const socket: Socket = connect(Number(url.port || 80), url.hostname);
      socket.setNoDelay(true);
      let head: Buffer = Buffer.alloc(0);
      let bodyLeft = -1; // -1: reading the head of an answer
      let status = 0;
      let closing = false; // the answer being read said `Connection: close`
      let sentAt = 0;
      let waiting = false;
      let failed = false;
      let answered = 0;
      let timer: NodeJS.Timeout | undefined;
      // A fresh connection sends at least once, so every connection of a run measures something.
      let first = true;
      const send = () => {
        if (!first && !sending()) return void socket.end();
        first = false;
        sentAt = performance.now();
        waiting = true;
        timer = setTimeout(() => fail(`no answer within ${answerTimeoutMs} ms`), answerTimeoutMs);
        socket.write(request);
      };
      const fail = (why: string) => socket.destroy(new Error(why));
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        let rest = chunk;
        for (;;) {
          if (bodyLeft < 0) {
            head = head.length === 0 ? rest : Buffer.concat([head, rest]);
            const at = head.indexOf(HEAD_END);
            if (at < 0) return head.length > MAX_HEAD_BYTES ? fail('an answer head without an end') : undefined;
            const text = head.subarray(0, at).toString('latin1');
            const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(text);
            const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(text);
            if (!statusLine || !length) return fail('an answer without a status line or Content-Length');
            status = Number(statusLine[1]);
            closing = /\r\nconnection:[^\r]*\bclose\b/i.test(text);
            bodyLeft = Number(length[1]);
            rest = head.subarray(at + HEAD_END.length);
            head = Buffer.alloc(0);
          }
          const taken = Math.min(bodyLeft, rest.length);
          bodyLeft -= taken;
          rest = rest.subarray(taken);
          if (bodyLeft === 0) {
            clearTimeout(timer);
            statuses[status] = (statuses[status] ?? 0) + 1;
            latencies.push(performance.now() - sentAt);
            answered++;
            bodyLeft = -1;
            waiting = false;
            if (closing) return void socket.end(); // and 'close' opens the next connection
            send();
          }
          if (rest.length === 0) return;
        }
      });
      socket.on('error', () => {
        failed = true;
        errors++;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (waiting && !failed) errors++; // closed with a request unanswered
        const again = (!failed && !waiting) || (failed && answered > 0);
        resolve(again && sending() ? drive() : undefined);
      });
    });

  await Promise.all(Array.from({ length: o.connections }, drive));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const answers = latencies.length;
  const latency = answers ? { ...summarize(latencies), p99: quantile([...latencies].sort((a, b) => a - b), 0.99) } : undefined;
  return { statuses, errors, seconds, latency, clientCpuMsPerAnswer: answers ? (cpu.user + cpu.system) / 1000 / answers : 0 };
}
