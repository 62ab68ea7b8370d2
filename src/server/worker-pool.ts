/**
 * A pool of session hosts sharing the cores, with a bounded FIFO queue per model.
 * Requests wait in the queue (not in a host) so a deadline or a disconnect can drop
 * them before they cost anything; a full queue answers 503 with Retry-After. ORT has no
 * cancel: in a thread pool a run that has started finishes and its late result is dropped;
 * in a process pool (uploaded models) a run past its deadline has its host killed and
 * replaced, so an untrusted model cannot hold the cores.
 *
 * A model with `dynamic_batching` (batching.ts) has its waiting requests joined into one
 * run when they fit; each keeps its own deadline and abort, and a batch that fails is run
 * again one request at a time, so one bad request fails only itself.
 *
 * A thread pool also runs its tiny models (`inline` below) in one more host in the server's
 * own thread, for requests small enough (inline-models.ts): such a run costs less than the
 * hop to a worker. Only those requests go there, and only there; everything else goes to
 * the worker threads as before.
 */
import { V2Error } from '../shared/kserve-v2.ts';
import { transferablesOf, type NamedTensors } from '../shared/tensor.ts';
import { concatBatch, planBatch, splitBatch, type BatchPlan } from './batching.ts';
import type { FromWorker, RunFault, SessionIo, ToWorker, WorkerInit } from './pool-messages.ts';
import { Job, type RunOptions, type RunOutcome } from './pool-job.ts';
import { QueueFullError } from './server-errors.ts';
import { INLINE_MAX_ELEMENTS } from './inline-models.ts';
import { startSessionHost, type SessionHost } from './session-hosts.ts';

export interface PoolOptions extends WorkerInit {
  workers: number;
  maxQueue: number;
  /** Where the hosts live (session-hosts.ts); `process` also kills a run past its deadline. */
  isolation: 'thread' | 'process';
  /** Process hosts: the address-space limit in MiB. */
  memoryLimitMb?: number;
  /** How long close() lets queued and running work finish before it stops the hosts. */
  closeGraceMs: number;
}

export interface LoadedModel {
  key: string;
  path: string;
  /**
   * A tiny repository model (inline-models.ts): its small requests run in the server's own
   * thread. Thread pools only: a process pool (uploads) never runs anything inline.
   */
  inline?: boolean;
}
export type LoadOutcome = { ok: true; inputs: SessionIo[]; outputs: SessionIo[] } | { ok: false; message: string };
export type { RunOptions, RunOutcome } from './pool-job.ts';

/** One run on a host: one request, or a batch of them joined along dim 0. */
interface Run {
  id: number;
  jobs: Job[];
  startedAt: number;
  timeoutMs: number;
  inline?: boolean;
}

interface Slot {
  host: SessionHost;
  /** The host in the server's own thread: it takes only small requests of `inline` models. */
  inline?: boolean;
  run?: Run;
  loads: Map<string, (outcome: LoadOutcome) => void>;
  /** Why the pool killed this host (a run past its deadline). */
  killed?: string;
  dead?: boolean;
}

export class WorkerPool {
  readonly #options: PoolOptions;
  readonly #queues = new Map<string, Job[]>();
  readonly #slots: Slot[] = [];
  /** Hosts still loading their models: an upload meanwhile must reach them too. */
  readonly #starting = new Set<Slot>();
  #models: LoadedModel[] = [];
  /** Keys of the models whose small requests run inline. */
  readonly #inlineKeys = new Set<string>();
  #nextId = 1;
  #failedStarts = 0;
  #closing = false;
  #drained?: () => void;
  /** A batch waiting out its queue delay: when to look again. */
  #wake?: NodeJS.Timeout;
  #wakeAt = Infinity;
  /** A dispatch after this turn of the event loop, for requests that may run inline. */
  #inlineSoon?: NodeJS.Immediate;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** Starts the workers and loads every model in each; returns what the first worker saw. */
  async start(models: LoadedModel[]): Promise<Map<string, LoadOutcome>> {
    this.#models = models;
    for (const m of models) if (m.inline && this.#options.isolation === 'thread') this.#inlineKeys.add(m.key);
    const outcomes = await Promise.all([
      ...Array.from({ length: this.#options.workers }, () => this.#startHost(false)),
      ...(this.#inlineKeys.size > 0 ? [this.#startHost(true)] : []),
    ]);
    return outcomes[0]!;
  }

  /** A new host joins the pool once it has loaded every model (or dies trying: then it is replaced). */
  async #startHost(inline: boolean): Promise<Map<string, LoadOutcome>> {
    if (this.#closing) return new Map();
    const slot = this.#spawn(inline);
    this.#starting.add(slot);
    const outcomes = await this.#loadAll(slot);
    this.#starting.delete(slot);
    // A model the inline host could not load is served by the worker threads alone.
    if (slot.inline) for (const [key, outcome] of outcomes) if (!outcome.ok) this.#inlineKeys.delete(key);
    if (!slot.dead) {
      this.#failedStarts = 0;
      this.#slots.push(slot);
      this.#dispatch();
    }
    return outcomes;
  }

  /**
   * Loads one more model in every worker (an upload); workers started later load it too.
   * Resolves with the first failure, if any worker failed.
   */
  async load(model: LoadedModel): Promise<LoadOutcome> {
    this.#models = [...this.#models.filter((m) => m.key !== model.key), model];
    const outcomes = await Promise.all([...this.#slots, ...this.#starting].filter((slot) => !slot.inline).map((slot) => this.#loadOne(slot, model)));
    return outcomes.find((o) => !o.ok) ?? outcomes[0] ?? { ok: false, message: 'no inference workers are running' };
  }

  /** Whether this pool serves the model (an upload lives in the upload pool only). */
  has(key: string): boolean {
    return this.#models.some((m) => m.key === key);
  }

  /**
   * Whether a request could be served now: some host is running with its models loaded and
   * is not stuck past a deadline. Readiness (`/v2/health/ready`) says false otherwise.
   */
  canServe(): boolean {
    const now = performance.now();
    if (this.#models.length === 0) return true;
    // Worker threads only: every model, inline or not, needs them for its larger requests.
    return !this.#closing && this.#slots.some((slot) => !slot.inline && !slot.killed && (!slot.run || now - slot.run.startedAt <= slot.run.timeoutMs));
  }

  /** Releases a model's sessions in every worker; runs already queued for it fail as unknown. */
  unload(key: string): void {
    this.#models = this.#models.filter((m) => m.key !== key);
    this.#inlineKeys.delete(key);
    for (const slot of this.#slots) slot.host.post({ kind: 'unload', key } satisfies ToWorker, []);
  }

  /** Requests waiting (not running) for a model. */
  pending(key: string): number {
    return this.#queues.get(key)?.length ?? 0;
  }

  /** Requests of a model on a worker now. */
  running(key: string): number {
    return this.#slots.reduce((n, slot) => n + (slot.run?.jobs[0]!.key === key ? slot.run.jobs.length : 0), 0);
  }

  /** Runs a model; rejects with 503 when its queue is full, the deadline passes or we are closing. */
  run(key: string, inputs: NamedTensors, outputs: string[], options: RunOptions): Promise<RunOutcome> {
    if (this.#closing) return Promise.reject(new V2Error(503, 'server is shutting down'));
    const queue = this.#queues.get(key) ?? [];
    this.#queues.set(key, queue);
    if (queue.length >= this.#options.maxQueue) return Promise.reject(new QueueFullError(key, this.#options.maxQueue));
    const job = new Job(this.#nextId++, key, inputs, outputs, options, queue, this.#expired);
    if (!job.settled) {
      queue.push(job);
      if (this.#inline(job)) this.#dispatchInlineSoon();
      else this.#dispatch();
    }
    return job.outcome;
  }

  /**
   * An inline request is sent after the event loop has read every request that arrived with
   * it (setImmediate runs after the loop's I/O): requests of one turn share one run, where
   * sending at once would run the first alone and make the rest wait for the next turn.
   * This is no queue delay (no timer; Triton's `max_queue_delay_microseconds: 0`): the batch
   * is sent in this same turn, and onnxruntime-node defers every run by a setImmediate anyway.
   */
  #dispatchInlineSoon(): void {
    if (this.#inlineSoon) return;
    this.#inlineSoon = setImmediate(() => {
      this.#inlineSoon = undefined;
      this.#dispatch();
    });
  }

  /** A job failed by its deadline: a process host still running it is stopped. */
  readonly #expired = (job: Job): void => this.#killIfRunning(job, `a run of '${job.key}' passed its deadline of ${job.timeoutMs} ms`);

  /**
   * Stops taking requests, lets queued and running ones finish for at most `closeGraceMs`,
   * then stops the hosts: a run that never ends cannot hold a shutdown forever.
   */
  async close(): Promise<void> {
    this.#closing = true;
    if (!this.#idle()) {
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#options.closeGraceMs)));
      await Promise.race([new Promise<void>((resolve) => (this.#drained = resolve)), graceOver]);
      clearTimeout(timer);
    }
    for (const queue of this.#queues.values()) for (const job of queue.splice(0)) job.finish(new V2Error(503, 'server is shutting down'));
    const hosts = [...this.#slots, ...this.#starting];
    clearTimeout(this.#wake);
    for (const slot of hosts) {
      for (const job of slot.run?.jobs ?? []) job.finish(new V2Error(503, 'server is shutting down'));
      slot.host.kill();
    }
    // A thread inside a native call stops only when that call returns: wait no longer than the grace again.
    await Promise.race([Promise.all(hosts.map((slot) => slot.host.exited)), new Promise((resolve) => setTimeout(resolve, this.#options.closeGraceMs).unref())]);
  }

  /**
   * An upload that runs out of memory hit its own limit: the request asked too much (400).
   * A repository model out of memory means the server is short for now (503).
   */
  #runError(fault: RunFault, message: string): V2Error {
    if (fault === 'input') return new V2Error(400, message);
    if (fault === 'runtime') return new V2Error(500, message);
    if (this.#options.isolation === 'process') {
      return new V2Error(400, `${message}: this input needs more memory than an uploaded model may use (UPLOAD_MEMORY_LIMIT_MB = ${this.#options.memoryLimitMb ?? 'unlimited'})`);
    }
    return new V2Error(503, `${message}: the server is short of memory; try a smaller input or later`);
  }

  /**
   * Process pools: a run still on its host when the last of its requests has passed its
   * deadline takes the host down with it (the others of a batch still wait for the result).
   */
  #killIfRunning(job: Job, reason: string): void {
    if (this.#options.isolation !== 'process') return;
    const slot = this.#slots.find((s) => s.run?.jobs.includes(job));
    if (!slot || slot.killed || !slot.run!.jobs.every((j) => j.settled)) return;
    slot.killed = reason;
    slot.host.kill();
  }

  #idle(): boolean {
    return this.#slots.every((s) => !s.run) && [...this.#queues.values()].every((q) => q.length === 0);
  }

  #spawn(inline: boolean): Slot {
    const { intraOpThreads, executionProvider, cpuMemArena, isolation, memoryLimitMb } = this.#options;
    const init: WorkerInit = { intraOpThreads, executionProvider, cpuMemArena };
    const slot = { loads: new Map(), ...(inline ? { inline } : {}) } as Slot;
    slot.host = startSessionHost(
      { isolation: inline ? 'inline' : isolation, init, ...(memoryLimitMb === undefined ? {} : { memoryLimitMb }) },
      { onMessage: (message) => this.#onMessage(slot, message), onExit: (code) => this.#onExit(slot, code) },
    );
    return slot;
  }

  #loadOne(slot: Slot, m: LoadedModel): Promise<LoadOutcome> {
    return new Promise<LoadOutcome>((resolve) => {
      slot.loads.set(m.key, resolve);
      slot.host.post({ kind: 'load', key: m.key, path: m.path } satisfies ToWorker, []);
    });
  }

  #loadAll(slot: Slot): Promise<Map<string, LoadOutcome>> {
    const outcomes = new Map<string, LoadOutcome>();
    const models = slot.inline ? this.#models.filter((m) => this.#inlineKeys.has(m.key)) : this.#models;
    return Promise.all(models.map((m) => this.#loadOne(slot, m).then((outcome) => void outcomes.set(m.key, outcome)))).then(() => outcomes);
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (message.kind === 'loaded' || message.kind === 'load-failed') {
      const done = slot.loads.get(message.key);
      slot.loads.delete(message.key);
      done?.(message.kind === 'loaded' ? { ok: true, inputs: message.inputs, outputs: message.outputs } : { ok: false, message: message.message });
      return;
    }
    const run = slot.run;
    if (!run || run.id !== message.id) return;
    slot.run = undefined;
    if (message.kind === 'result') this.#deliver(run, message.outputs, message.computeMs);
    else if (run.jobs.length > 1) this.#runAlone(run.jobs);
    else run.jobs[0]!.finish(this.#runError(message.fault, message.message));
    this.#dispatch();
  }

  /** Answers each request of a run with its share of the outputs. */
  #deliver(run: Run, outputs: NamedTensors, computeMs: number): void {
    let parts: NamedTensors[];
    try {
      parts = run.jobs.length === 1 ? [outputs] : splitBatch(outputs, run.jobs.map((j) => j.rows));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const job of run.jobs) job.finish(new V2Error(500, message));
      return;
    }
    let counted = false;
    run.jobs.forEach((job, i) => {
      // The first request still waiting counts the run: one per run, whoever timed out.
      const counts = !counted && !job.settled;
      counted ||= counts;
      const execution = { requests: run.jobs.length, counts, ...(run.inline ? { inline: true } : {}) };
      job.finish(null, { outputs: parts[i]!, queueMs: job.startedAt! - job.enqueuedAt, computeMs, execution });
    });
  }

  /**
   * A batch that failed (a request onnxruntime refused, memory, a crash) is not the fault of
   * every request in it: each runs again alone, first in its queue, and gets its own answer.
   */
  #runAlone(jobs: Job[]): void {
    const waiting = jobs.filter((job) => !job.settled);
    for (const job of waiting) job.signature = undefined;
    const queue = waiting[0] && this.#queues.get(waiting[0].key);
    queue?.unshift(...waiting);
  }

  /**
   * A host that died fails its job and is replaced, models and all. A model that was
   * loading when its host died (a native abort, the memory limit) is not loaded again:
   * it would take every replacement down the same way.
   */
  #onExit(slot: Slot, code: number): void {
    slot.dead = true;
    for (const [key, done] of slot.loads) {
      this.#models = this.#models.filter((m) => m.key !== key);
      done({ ok: false, message: `loading the model stopped its inference worker (exit code ${code}); it may need more memory than the server allows` });
    }
    slot.loads.clear();
    const at = this.#slots.indexOf(slot);
    if (at >= 0) this.#slots.splice(at, 1);
    const jobs = slot.run?.jobs ?? [];
    if (jobs.length > 1 && !slot.killed && !this.#closing) this.#runAlone(jobs);
    else {
      const error = slot.killed
        ? new V2Error(503, 'Request timeout expired')
        : new V2Error(500, `inference worker stopped unexpectedly (exit code ${code}); it was replaced`);
      for (const job of jobs) job.finish(error);
    }
    if (this.#closing) return;
    // A host that cannot even start (a broken install) must not respawn in a tight loop.
    const delay = Math.min(100 * 2 ** this.#failedStarts, 5000);
    if (at < 0) this.#failedStarts++;
    setTimeout(() => void this.#startHost(slot.inline ?? false), at < 0 ? delay : 0).unref();
  }

  /** Whether a request may run inline: a small request of a model the pool runs inline. */
  #inline(job: Job): boolean {
    return job.elements <= INLINE_MAX_ELEMENTS && this.#inlineKeys.has(job.key);
  }

  /**
   * What to send from a queue now: its head alone, a batch, or nothing until its queue delay
   * has passed. An inline batch stops where it would pass the inline element limit.
   */
  #plan(queue: Job[], now: number, inline: boolean): BatchPlan {
    const head = queue[0]!;
    const plan = head.batching ? planBatch(queue, head.batching, now) : { take: 1 };
    if (!inline || !('take' in plan)) return plan;
    let take = 0;
    for (let elements = 0; take < plan.take && (elements += queue[take]!.elements) <= INLINE_MAX_ELEMENTS; ) take++;
    return { take: Math.max(take, 1) };
  }

  /**
   * Gives each idle worker the oldest waiting request across all models (FIFO, fair),
   * with the requests that can share its run; a batch still gathering lets others pass.
   * A request that may run inline waits for the inline host, all others for a worker thread.
   */
  #dispatch(): void {
    const now = performance.now();
    let wakeAt = Infinity;
    for (const slot of this.#slots) {
      if (slot.run || slot.killed) continue;
      const inline = slot.inline ?? false;
      let best: { queue: Job[]; take: number } | undefined;
      for (const queue of this.#queues.values()) {
        if (queue.length === 0 || (best && queue[0]!.id > best.queue[0]!.id) || this.#inline(queue[0]!) !== inline) continue;
        const plan = this.#plan(queue, now, inline);
        if ('take' in plan) best = { queue, take: plan.take };
        else wakeAt = Math.min(wakeAt, now + plan.waitMs);
      }
      if (!best) continue;
      this.#start(slot, best.queue.splice(0, best.take), now);
    }
    if (wakeAt < this.#wakeAt) {
      clearTimeout(this.#wake);
      this.#wakeAt = wakeAt;
      this.#wake = setTimeout(() => {
        this.#wakeAt = Infinity;
        this.#dispatch();
      }, wakeAt - now).unref();
    }
    if (this.#drained && this.#idle()) this.#drained();
  }

  /** Sends one run to a host; a batch's inputs are joined into buffers of its own, the requests' stay intact. */
  #start(slot: Slot, jobs: Job[], now: number): void {
    for (const job of jobs) job.startedAt = now;
    const run: Run = { id: this.#nextId++, jobs, startedAt: now, timeoutMs: Math.max(...jobs.map((j) => j.timeoutMs)), ...(slot.inline ? { inline: true } : {}) };
    slot.run = run;
    const first = jobs[0]!;
    const inputs = jobs.length === 1 ? first.inputs : concatBatch(jobs.map((j) => j.inputs));
    const message: ToWorker = { kind: 'run', id: run.id, key: first.key, inputs, outputs: first.outputs };
    slot.host.post(message, transferablesOf(Object.values(inputs)));
  }
}
