/**
 * A session host in a child process (uploaded, untrusted models): see session-host.ts. The
 * pool starts it under an address-space limit and kills it when a run overstays its
 * deadline; a native abort here ends this process, never the server.
 */
import type { ToWorker, WorkerInit } from './pool-messages.ts';
import { serveSessions } from './session-host.ts';

if (!process.send) throw new Error('session-process.ts runs as a child of the worker pool (an IPC channel is required)');
const init = JSON.parse(process.env['AX_SESSION_INIT'] ?? '{}') as WorkerInit;
serveSessions(
  {
    // The channel uses the structured-clone ("advanced") serialization: typed arrays are copied, not transferred.
    send: (message) => void process.send!(message),
    onMessage: (handler) => process.on('message', (message) => handler(message as ToWorker)),
  },
  init,
);
// The pool went away (the server crashed or was killed): do not live on as an orphan.
process.on('disconnect', () => process.exit(0));
