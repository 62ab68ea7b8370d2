/**
 * A session host in the server's own thread, for tiny repository models only (the pool
 * decides which: worker-pool.ts, inline-models.ts). The same host logic as a worker thread
 * (session-host.ts); only the channel differs: no structured clone, no transfer, no wait for
 * another thread to get a core. A health-risk run takes ~20 µs, its round trip to a worker
 * thread ~1.5 ms on a loaded 2-core machine (BENCHMARKS.md, issue 13).
 */
import type { FromWorker, ToWorker, WorkerInit } from './pool-messages.ts';
import { serveSessions } from './session-host.ts';
import type { HostEvents, SessionHost } from './session-hosts.ts';

export function startInline(init: WorkerInit, events: HostEvents): SessionHost {
  let handler: ((message: ToWorker) => void) | undefined;
  let stopped = false;
  let exit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const host = serveSessions(
    {
      // A reply waits for the next microtask: the pool is still inside the call that posted
      // (its dispatch loop) when a run fails at once, and must not be entered again.
      send: (message: FromWorker) => queueMicrotask(() => void (stopped || events.onMessage(message))),
      onMessage: (h) => (handler = h),
    },
    // More ORT threads would only spin beside the event loop: these runs are microseconds.
    { ...init, intraOpThreads: 1 },
  );
  void exited.then((code) => events.onExit(code));
  return {
    post: (message) => {
      if (!stopped) handler?.(message);
    },
    // A run in progress is one native call of microseconds; it finishes, its reply is dropped.
    kill: () => {
      if (stopped) return;
      stopped = true;
      void host.release().finally(() => exit(0));
    },
    exited,
  };
}
