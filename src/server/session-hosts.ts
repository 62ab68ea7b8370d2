/**
 * Starts a session host (session-host.ts) in one of three homes, behind one small interface:
 * a worker thread (cheap, shares the server's memory: the repository's own models), a
 * child process under an address-space limit (uploaded models: it can be killed, and a
 * native abort or an allocation storm ends only the child), or the server's own thread
 * (session-inline.ts: tiny repository models, small requests only, where any hop costs
 * far more than the run).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from './pool-messages.ts';
import { startInline } from './session-inline.ts';

export type Isolation = 'thread' | 'process' | 'inline';

export interface SessionHost {
  post(message: ToWorker, transfer: ArrayBuffer[]): void;
  /** Stops the host at once, whatever it is doing (a process is killed; a thread stops at its next JavaScript step). */
  kill(): void;
  /** Resolves when the host has gone. */
  readonly exited: Promise<number>;
}

export interface HostEvents {
  onMessage(message: FromWorker): void;
  onExit(code: number): void;
}

export interface HostOptions {
  isolation: Isolation;
  init: WorkerInit;
  /** Child processes only: the address-space limit (RLIMIT_AS) in MiB. */
  memoryLimitMb?: number;
}

export function startSessionHost(options: HostOptions, events: HostEvents): SessionHost {
  if (options.isolation === 'inline') return startInline(options.init, events);
  return options.isolation === 'thread' ? startThread(options.init, events) : startProcess(options.init, options.memoryLimitMb, events);
}

function startThread(init: WorkerInit, events: HostEvents): SessionHost {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init });
  const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
  worker.on('message', (message: FromWorker) => events.onMessage(message));
  worker.on('error', () => undefined); // 'exit' follows and handles it
  void exited.then((code) => events.onExit(code));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    kill: () => void worker.terminate(),
    exited,
  };
}

function startProcess(init: WorkerInit, memoryLimitMb: number | undefined, events: HostEvents): SessionHost {
  const boot = fileURLToPath(new URL('./process-boot.mjs', import.meta.url));
  // Node has no setrlimit: the shell sets the limit (in KiB) and then becomes node.
  const limit = memoryLimitMb === undefined ? 'unlimited' : String(memoryLimitMb * 1024);
  const child = spawn('/bin/sh', ['-c', 'ulimit -d "$0" && exec "$@"', limit, process.execPath, boot], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, AX_SESSION_INIT: JSON.stringify(init) },
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))));
  child.on('message', (message) => events.onMessage(message as FromWorker));
  child.on('error', () => undefined); // a failed spawn also ends in 'exit'
  void exited.then((code) => events.onExit(code));
  return {
    // 'advanced' serialization clones typed arrays; nothing can be transferred to another process.
    post: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => void child.kill('SIGKILL'),
    exited,
  };
}
