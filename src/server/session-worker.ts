/** A session host in a worker thread (the repository's models): see session-host.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit } from './pool-messages.ts';
import { serveSessions } from './session-host.ts';

const port = parentPort!;
serveSessions(
  {
    send: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (handler) => port.on('message', handler),
  },
  workerData as WorkerInit,
);
