/**
 * Chooses the WASM thread count by measurement (issue 13, item 2). After the first WASM run
 * of a model heavy enough for threads to matter, once the page has been quiet for a moment,
 * it times that model at each candidate count, each in a worker of its own (ORT fixes the
 * count per worker), keeps the fastest per device (IndexedDB) and starts the next CPU worker
 * with it. Any model work that starts meanwhile stops the measurement: the visitor's run
 * comes first and would disturb the timing anyway. Measured again when the device changes
 * or the choice is a month old, or on demand from the Device page. `?threads=` turns it off.
 */
import { EngineError } from '../shared/errors.ts';
import { summarize } from '../shared/stats.ts';
import type { ModelRef } from '../shared/protocol.ts';
import type { NamedTensors } from '../shared/tensor.ts';
import { chooseWasmThreads } from './ladder.ts';
import { needsCalibration, pickThreads, threadCandidates, type ThreadChoice, type ThreadFigure } from './thread-choice.ts';
import { abortError, WorkerBridge } from './worker-bridge.ts';
import type { WorkEvent } from './worker-set.ts';

/** A model to time and the input to time it on. */
export interface Calibration {
  model: ModelRef;
  inputs: () => NamedTensors;
}

export interface ThreadTunerOptions {
  spawn: () => Worker;
  isolated: boolean;
  cores: number;
  userAgent: string;
  /** `?threads=`: a count set by hand; nothing is measured. */
  forced?: number;
  /** `?storage=`: the measuring workers keep to the page's cache budget too. */
  cacheBudgetBytes?: number;
  store: { load(): Promise<ThreadChoice | undefined>; save(choice: ThreadChoice): Promise<void> };
  /** What to measure on after a run of `modelId`; undefined when that model is too light for threads to matter. */
  calibrationFor(modelId: string): Calibration | undefined;
  /** What the Device page's "measure again" uses. */
  defaultCalibration(): Calibration;
  /** Quiet time after the visitor's last run before measuring. */
  quietMs?: number;
  /** Timed runs per candidate (after the untimed ones of `settleMs`). */
  runs?: number;
  /** Untimed runs per candidate for at least this long first (default SETTLE_MS). */
  settleMs?: number;
  /** Called with a new choice before `change` fires (to restart an idle worker with it). */
  onChoice?: (choice: ThreadChoice) => Promise<void>;
}

/**
 * How long each candidate runs untimed in its fresh worker before it is timed. Chromium
 * optimises a new worker's WebAssembly in the background for a second or two, and on a
 * 2-core device that compile takes a core from a 2-thread run. Measured on an idle 2-core
 * machine (docs/BENCHMARKS.md, "Threads"): after one untimed run, 2 threads timed 86-117 ms
 * against 78-80 ms for 1 and lost in 5 of 6 measurements, while their runs 2-3 s in take
 * 41-48 ms; with 1.5 s untimed they still lost 1 in 4; with 3 s, 0 in 4 (2 threads 43-56 ms).
 */
export const SETTLE_MS = 3000;
/** Timed runs per candidate, after SETTLE_MS: the median of 7. */
export const TIMED_RUNS = 7;

/** An automatic measurement stopped again and again waits at most 2^5 × the quiet time (96 s by default). */
const MAX_BACKOFF_DOUBLINGS = 5;

/** Longest a worker start waits for the stored choice before using the default count. */
const STORE_WAIT_MS = 2000;


/** Fires `change` when a measurement starts, ends or fails. */
export class ThreadTuner extends EventTarget {
  readonly #options: ThreadTunerOptions;
  #stored: Promise<ThreadChoice | undefined>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: AbortController | undefined;
  /** The running measurement when it started by itself (a due one), not from the Device page. */
  #automatic: AbortController | undefined;
  #busy = 0;
  /** Pages readying their models (`prepare`): they postpone an automatic measurement. */
  #preparing = 0;
  /** Automatic measurements stopped by work since the last one finished: each doubles the quiet time first. */
  #stops = 0;
  /** Whether runs can make a measurement due at all. */
  readonly #choosing: boolean;
  /**
   * What a heavy WASM run made due to time, looked up once at that run's end, until a
   * measurement finished (or was found unneeded): other work (a run, a page preparing its
   * models) postpones it to the next quiet moment instead of cancelling it.
   */
  #due: Calibration | undefined;
  /** The last choice known (stored or just measured). */
  choice: ThreadChoice | undefined;
  /** True while candidates are being timed. */
  measuring = false;
  /** The last measurement's failure, if it failed. */
  error: EngineError | undefined;

  constructor(options: ThreadTunerOptions) {
    super();
    this.#options = options;
    // `?threads=`, or one candidate (no isolation, one core): nothing to choose between.
    this.#choosing = !options.forced && threadCandidates(options.cores, options.isolated).length > 1;
    this.#stored = options.forced ? Promise.resolve(undefined) : options.store.load().catch(() => undefined);
    void this.#stored.then((choice) => {
      this.choice = choice;
      this.#changed();
    });
  }

  /** The count for the next CPU worker: `?threads=`, else the measured choice, else all cores up to 4. */
  async threads(): Promise<number> {
    if (this.#options.forced) return this.countFor(undefined);
    // A storage that never answers (it happens) must not hold every worker start.
    const stored = await Promise.race([this.#stored, new Promise<undefined>((resolve) => setTimeout(resolve, STORE_WAIT_MS))]);
    return this.countFor(stored);
  }

  /** The count a worker gets with `choice` stored (capped by the cores and isolation). */
  countFor(choice: ThreadChoice | undefined): number {
    const { isolated, cores, forced } = this.#options;
    return chooseWasmThreads(isolated, cores, forced ?? choice?.threads);
  }

  /** A model is running: a measurement now would time every count beside it, so none starts. */
  get busy(): boolean {
    return this.#busy > 0;
  }

  /** False when `?threads=` set the count. */
  get automatic(): boolean {
    return !this.#options.forced;
  }

  /** The model a measurement is due on, if one is (tests read it). */
  get due(): string | undefined {
    return this.#due?.model.id;
  }

  /**
   * WorkerSet's `onWork`. A run stops any measurement; a page preparing its models stops only
   * an automatic one (a measurement asked for on the Device page goes on: that page prepares
   * its self-test model as it opens). Either stops the countdown. A heavy WASM run that ends
   * makes a measurement due, and whenever the last work ends, a due measurement is timed once
   * the page has been quiet for `quietMs` (doubled for each automatic one stopped since).
   */
  readonly onWork = (event: WorkEvent): void => {
    if (event.phase === 'start') {
      clearTimeout(this.#timer);
      if (event.prepare) {
        this.#preparing++;
        if (this.#running && this.#running === this.#automatic) this.#running.abort();
      } else {
        this.#busy++;
        this.#running?.abort();
      }
      return;
    }
    if (event.prepare) this.#preparing = Math.max(0, this.#preparing - 1);
    else this.#busy = Math.max(0, this.#busy - 1);
    if (event.backend === 'wasm' && event.ok && event.modelId && this.#choosing) this.#due = this.#options.calibrationFor(event.modelId) ?? this.#due;
    if (this.#busy === 0 && this.#preparing === 0 && this.#due) this.#schedule(this.#due);
  };

  /** Measures now (the Device page), on `calibration` or the default one; resolves with the new choice. */
  async measure(calibration = this.#options.defaultCalibration()): Promise<ThreadChoice> {
    clearTimeout(this.#timer);
    // Timed beside a running model, every count would look slow: not now.
    if (this.#busy > 0) throw new EngineError('AbortError', 'a model is running: measure when it has finished');
    this.#running?.abort();
    const controller = new AbortController();
    this.#running = controller;
    this.measuring = true;
    this.error = undefined;
    this.#changed();
    try {
      const { isolated, cores, userAgent } = this.#options;
      const figures: ThreadFigure[] = [];
      for (const threads of threadCandidates(cores, isolated)) figures.push({ threads, medianMs: await this.#time(threads, calibration, controller.signal) });
      const choice: ThreadChoice = { threads: pickThreads(figures), figures, model: calibration.model.id, measuredAt: new Date().toISOString(), cores, userAgent };
      this.#stored = Promise.resolve(choice);
      this.choice = choice;
      await this.#options.store.save(choice);
      // Applying it is best effort: the choice holds from the next worker start in any case.
      await this.#options.onChoice?.(choice).catch(() => undefined);
      return choice;
    } catch (error) {
      const failure = error instanceof EngineError ? error : new EngineError('RunError', String(error));
      // A measurement replaced by a newer one leaves the state to that one.
      if (this.#running === controller) this.error = failure;
      throw failure;
    } finally {
      if (this.#running === controller) {
        this.#running = undefined;
        this.measuring = false;
        this.#changed();
      }
    }
  }

  #schedule(calibration: Calibration): void {
    clearTimeout(this.#timer);
    // Each stop cost a fresh worker and its WebAssembly start: on a page with work every few
    // seconds, wait longer each time rather than start and stop again and again.
    const quietMs = (this.#options.quietMs ?? 3000) * 2 ** Math.min(this.#stops, MAX_BACKOFF_DOUBLINGS);
    this.#timer = setTimeout(() => {
      void this.#stored.then((stored) => {
        const device = { cores: this.#options.cores, userAgent: this.#options.userAgent, now: Date.now() };
        if (this.#busy > 0 || this.#preparing > 0 || this.measuring) return;
        if (!needsCalibration(stored, device)) {
          this.#finished();
          return;
        }
        const measuring = this.measure(calibration);
        this.#automatic = this.#running;
        // Stopped by work, it stays due and is tried again once that work ends; failed
        // otherwise (a worker that cannot start), it waits for the next heavy run.
        measuring.then(
          () => this.#finished(),
          (error: EngineError) => {
            if (error.name === 'AbortError') this.#stops++;
            else this.#finished();
          },
        );
      });
    }, quietMs);
  }

  #finished(): void {
    this.#due = undefined;
    this.#stops = 0;
  }

  /** The median warm run of `calibration` on a fresh worker with `threads` threads. */
  async #time(threads: number, calibration: Calibration, signal: AbortSignal): Promise<number> {
    if (signal.aborted) throw abortError();
    const bridge = new WorkerBridge({ spawn: this.#options.spawn, config: { wasmThreads: threads, flavour: 'wasm', ...(this.#options.cacheBudgetBytes ? { cacheBudgetBytes: this.#options.cacheBudgetBytes } : {}) }, idleMs: 0 });
    try {
      const result = await bridge.call((api) => api.bench({ model: calibration.model, backend: 'wasm', inputs: calibration.inputs(), warmRuns: this.#options.runs ?? TIMED_RUNS, settleMs: this.#options.settleMs ?? SETTLE_MS }), signal);
      return result.warmMs.length ? summarize(result.warmMs).median : NaN;
    } finally {
      bridge.recycle();
    }
  }

  #changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
