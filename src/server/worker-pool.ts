/**
 * A pool of session workers sharing the cores, with a bounded FIFO queue per model.
 * Requests wait in the queue (not in a worker) so a deadline or a disconnect can drop
 * them before they cost anything; a full queue answers 503 with Retry-After. A run that has
 * started cannot be stopped (ORT has no cancel); its late result is dropped.
 */
import { Worker } from 'node:worker_threads';
import { V2Error } from '../shared/kserve-v2.ts';
import { transferablesOf, type NamedTensors } from '../shared/tensor.ts';
import type { FromWorker, SessionIo, ToWorker, WorkerInit } from './pool-messages.ts';
import { ClientGoneError, QueueFullError } from './server-errors.ts';

export interface PoolOptions extends WorkerInit {
  workers: number;
  maxQueue: number;
}

export interface LoadedModel { key: string; path: string }
export type LoadOutcome = { ok: true; inputs: SessionIo[]; outputs: SessionIo[] } | { ok: false; message: string };
export interface RunOutcome { outputs: NamedTensors; queueMs: number; computeMs: number }

interface Job {
  id: number;
  key: string;
  inputs: NamedTensors;
  outputs: string[];
  enqueuedAt: number;
  startedAt?: number;
  finish: (error: Error | null, outcome?: RunOutcome) => void;
}

interface Slot { worker: Worker; job?: Job; loads: Map<string, (outcome: LoadOutcome) => void> }

export class WorkerPool {
  readonly #options: PoolOptions;
  readonly #queues = new Map<string, Job[]>();
  readonly #slots: Slot[] = [];
  #models: LoadedModel[] = [];
  #nextId = 1;
  #closing = false;
  #drained?: () => void;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** Starts the workers and loads every model in each; returns what the first worker saw. */
  async start(models: LoadedModel[]): Promise<Map<string, LoadOutcome>> {
    this.#models = models;
    const slots = Array.from({ length: this.#options.workers }, () => this.#spawn());
    const outcomes = await Promise.all(slots.map((slot) => this.#loadAll(slot)));
    this.#slots.push(...slots);
    this.#dispatch();
    return outcomes[0]!;
  }

  /**
   * Loads one more model in every worker (an upload); workers started later load it too.
   * Resolves with the first failure, if any worker failed.
   */
  async load(model: LoadedModel): Promise<LoadOutcome> {
    this.#models = [...this.#models.filter((m) => m.key !== model.key), model];
    const outcomes = await Promise.all(this.#slots.map((slot) => this.#loadOne(slot, model)));
    return outcomes.find((o) => !o.ok) ?? outcomes[0] ?? { ok: false, message: 'no inference workers are running' };
  }

  /** Releases a model's sessions in every worker; runs already queued for it fail as unknown. */
  unload(key: string): void {
    this.#models = this.#models.filter((m) => m.key !== key);
    for (const slot of this.#slots) slot.worker.postMessage({ kind: 'unload', key } satisfies ToWorker);
  }

  /** Requests waiting (not running) for a model. */
  pending(key: string): number {
    return this.#queues.get(key)?.length ?? 0;
  }

  /** Requests of a model on a worker now. */
  running(key: string): number {
    return this.#slots.filter((slot) => slot.job?.key === key).length;
  }

  /** Runs a model; rejects with 503 when its queue is full, the deadline passes or we are closing. */
  run(key: string, inputs: NamedTensors, outputs: string[], options: { signal?: AbortSignal; timeoutMs: number }): Promise<RunOutcome> {
    if (this.#closing) return Promise.reject(new V2Error(503, 'server is shutting down'));
    const queue = this.#queues.get(key) ?? [];
    this.#queues.set(key, queue);
    if (queue.length >= this.#options.maxQueue) return Promise.reject(new QueueFullError(key, this.#options.maxQueue));
    return new Promise<RunOutcome>((resolve, reject) => {
      let done = false;
      const timer = setTimeout(() => fail(new V2Error(503, 'Request timeout expired')), options.timeoutMs);
      const onAbort = () => fail(new ClientGoneError());
      const job: Job = {
        id: this.#nextId++,
        key,
        inputs,
        outputs,
        enqueuedAt: performance.now(),
        finish: (error, outcome) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(outcome!);
        },
      };
      const fail = (error: Error) => {
        // Still queued: take it out so it never reaches a worker.
        const at = queue.indexOf(job);
        if (at >= 0) queue.splice(at, 1);
        job.finish(error);
      };
      if (options.signal?.aborted) return fail(new ClientGoneError());
      options.signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(job);
      this.#dispatch();
    });
  }

  /** Stops taking requests, lets queued and running ones finish, then stops the workers. */
  async close(): Promise<void> {
    this.#closing = true;
    if (!this.#idle()) await new Promise<void>((resolve) => (this.#drained = resolve));
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #idle(): boolean {
    return this.#slots.every((s) => !s.job) && [...this.#queues.values()].every((q) => q.length === 0);
  }

  #spawn(): Slot {
    const init: WorkerInit = { intraOpThreads: this.#options.intraOpThreads, executionProvider: this.#options.executionProvider };
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: init });
    const slot: Slot = { worker, loads: new Map() };
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('error', () => undefined); // 'exit' follows and handles it
    worker.on('exit', (code) => this.#onExit(slot, code));
    return slot;
  }

  #loadOne(slot: Slot, m: LoadedModel): Promise<LoadOutcome> {
    return new Promise<LoadOutcome>((resolve) => {
      slot.loads.set(m.key, resolve);
      slot.worker.postMessage({ kind: 'load', key: m.key, path: m.path } satisfies ToWorker);
    });
  }

  #loadAll(slot: Slot): Promise<Map<string, LoadOutcome>> {
    const outcomes = new Map<string, LoadOutcome>();
    return Promise.all(this.#models.map((m) => this.#loadOne(slot, m).then((outcome) => void outcomes.set(m.key, outcome)))).then(() => outcomes);
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (message.kind === 'loaded' || message.kind === 'load-failed') {
      const done = slot.loads.get(message.key);
      slot.loads.delete(message.key);
      done?.(message.kind === 'loaded' ? { ok: true, inputs: message.inputs, outputs: message.outputs } : { ok: false, message: message.message });
      return;
    }
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    slot.job = undefined;
    if (message.kind === 'result') {
      job.finish(null, { outputs: message.outputs, queueMs: job.startedAt! - job.enqueuedAt, computeMs: message.computeMs });
    } else {
      job.finish(new V2Error(message.invalidInput ? 400 : 500, message.message));
    }
    this.#dispatch();
  }

  /** A crashed worker fails its job (500) and is replaced, models and all. */
  #onExit(slot: Slot, code: number): void {
    const at = this.#slots.indexOf(slot);
    if (this.#closing || at < 0) return;
    this.#slots.splice(at, 1);
    slot.job?.finish(new V2Error(500, `inference worker stopped unexpectedly (exit code ${code})`));
    const next = this.#spawn();
    void this.#loadAll(next).then(() => {
      this.#slots.push(next);
      this.#dispatch();
    });
  }

  /** Gives each idle worker the oldest waiting job across all models (FIFO, fair). */
  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.job) continue;
      let oldest: Job[] | undefined;
      for (const queue of this.#queues.values()) {
        if (queue.length > 0 && (!oldest || queue[0]!.id < oldest[0]!.id)) oldest = queue;
      }
      if (!oldest) break;
      const job = oldest.shift()!;
      job.startedAt = performance.now();
      slot.job = job;
      const message: ToWorker = { kind: 'run', id: job.id, key: job.key, inputs: job.inputs, outputs: job.outputs };
      slot.worker.postMessage(message, transferablesOf(Object.values(job.inputs)));
    }
    if (this.#drained && this.#idle()) this.#drained();
  }
}
