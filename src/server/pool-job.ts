/**
 * One request in the worker pool (worker-pool.ts), from its arrival to its answer: what it
 * runs, where it may join a batch, and the three ways it can end (its run's answer, its
 * deadline, its client going away). Whichever comes first settles it; the others find it
 * settled and do nothing.
 *
 * A class rather than closures made per request: a tiny model's whole request costs the
 * server's main thread ~150 µs, and four closures (each also named at creation by tsx)
 * were several of those. The abort listener is the job itself (`handleEvent`).
 */
import { V2Error } from '../shared/kserve-v2.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { batchKey, type BatchPolicy } from './batching.ts';
import { requestElements } from './inline-models.ts';
import { ClientGoneError } from './server-errors.ts';

/** A request's answer from the pool (worker-pool.ts re-exports it): its outputs and times. */
export interface RunOutcome {
  outputs: NamedTensors;
  queueMs: number;
  computeMs: number;
  /**
   * The run this request was part of: how many requests shared it, and whether this one
   * counts it (exactly one answered request per run does, for `nv_inference_exec_count`),
   * and whether it ran in the server's own thread.
   */
  execution?: { requests: number; counts: boolean; inline?: boolean };
}

/** How the pool is asked to run a request. */
export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** The model's dynamic batching; absent: every request runs alone. */
  batching?: BatchPolicy;
}

export class Job implements EventListenerObject {
  readonly id: number;
  readonly key: string;
  readonly inputs: NamedTensors;
  readonly outputs: string[];
  readonly timeoutMs: number;
  /** Its dim 0 and batch signature (batching.ts); signature undefined: runs alone. */
  readonly rows: number;
  /** Cleared when a failed batch is run again one request at a time. */
  signature: string | undefined;
  /** Tensor elements of its inputs: only small requests may run inline. */
  readonly elements: number;
  readonly batching?: BatchPolicy;
  readonly enqueuedAt = performance.now();
  startedAt?: number;
  settled = false;
  /** The answer: outputs, or the error the request is answered with. */
  readonly outcome: Promise<RunOutcome>;
  #resolve!: (outcome: RunOutcome) => void;
  #reject!: (error: Error) => void;
  readonly #queue: Job[];
  readonly #signal: AbortSignal | undefined;
  readonly #timer: NodeJS.Timeout;

  /**
   * Reads its batch signature and size, starts its deadline and listens to its signal; the
   * caller puts it in `queue` unless it settled at once (`settled`: the client was already
   * gone). `onExpired` runs after a job failed by its deadline, for the pool to stop a run
   * that holds it.
   */
  constructor(id: number, key: string, inputs: NamedTensors, outputs: string[], options: RunOptions, queue: Job[], onExpired: (job: Job) => void) {
    this.id = id;
    this.key = key;
    this.inputs = inputs;
    this.outputs = outputs;
    this.timeoutMs = options.timeoutMs;
    const batch = options.batching ? batchKey(inputs, outputs) : undefined;
    this.rows = batch?.rows ?? 1;
    this.signature = batch?.signature;
    this.elements = requestElements(inputs);
    if (options.batching) this.batching = options.batching;
    this.outcome = new Promise<RunOutcome>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#queue = queue;
    const signal = options.signal;
    this.#signal = signal;
    this.#timer = setTimeout(expire, options.timeoutMs, this, onExpired);
    if (signal?.aborted) this.fail(new ClientGoneError());
    else signal?.addEventListener('abort', this, { once: true });
  }

  /** Answers the request, once: later answers (a late run, a deadline after it) are dropped. */
  finish(error: Error | null, outcome?: RunOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this);
    if (error) this.#reject(error);
    else this.#resolve(outcome!);
  }

  /** Fails it; still queued, it leaves the queue so that it never reaches a host. */
  fail(error: Error): void {
    const at = this.#queue.indexOf(this);
    if (at >= 0) this.#queue.splice(at, 1);
    this.finish(error);
  }

  /** The client's connection closed. */
  handleEvent(): void {
    this.fail(new ClientGoneError());
  }
}

function expire(job: Job, onExpired: (job: Job) => void): void {
  job.fail(new V2Error(503, 'Request timeout expired'));
  onExpired(job);
}
