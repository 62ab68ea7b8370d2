/**
 * Decodes pipeline photos off the event loop: `decodeImage` of the Node task environment
 * (node-task-env.ts) run in one worker thread, started on first use and again after a
 * crash, stopped with the server. Typed errors cross by `name` and are rebuilt here, so an
 * unreadable picture stays a 400 (STYLE.md §3).
 */
import { Worker } from 'node:worker_threads';
import { UnreadableImageError, type DecodedPicture, type TaskEnv } from '../tasks/task.ts';

export interface ToImageWorker { id: number; bytes: Uint8Array; maxSide: number }
export type FromImageWorker = { id: number; picture: DecodedPicture } | { id: number; error: { name: string; message: string } };

type Pending = { resolve: (picture: DecodedPicture) => void; reject: (error: Error) => void };

export class ImageDecoder {
  #worker?: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  /** `TaskEnv.decodeImage`, answered by the worker. */
  readonly decodeImage: TaskEnv['decodeImage'] = (bytes, maxSide) => {
    if (this.#closed) return Promise.reject(new Error('the picture decoder is stopped'));
    const id = this.#nextId++;
    return new Promise<DecodedPicture>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Cloned, not transferred: the job's bytes stay usable by the task.
      this.#start().postMessage({ id, bytes, maxSide } satisfies ToImageWorker);
    });
  };

  /** Stops the worker; pictures still being decoded fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./image-worker-boot.mjs', import.meta.url));
    // The HTTP server keeps the process alive while requests wait; an idle decoder must not.
    worker.unref();
    worker.on('message', (message: FromImageWorker) => {
      const job = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (!job) return;
      if ('picture' in message) job.resolve(message.picture);
      else job.reject(message.error.name === 'UnreadableImageError' ? new UnreadableImageError(message.error.message) : new Error(message.error.message));
    });
    worker.on('error', () => undefined); // 'exit' follows and handles it
    worker.on('exit', (code) => {
      this.#worker = undefined;
      for (const job of this.#pending.values()) job.reject(new Error(`picture decoder stopped (exit code ${code})`));
      this.#pending.clear();
    });
    this.#worker = worker;
    return worker;
  }
}
