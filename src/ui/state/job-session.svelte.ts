/**
 * One demo's job state, for any task: the outcome of the last run (result, decision, the
 * backend of every model), the error, and the progress of the run going on. Starting a run
 * cancels the one before; a cancelled or superseded run never writes its late answer.
 */
import type { JobClient, JobOutcome } from '../../engine/job-client.ts';
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import type { LoadProgress } from '../../shared/protocol.ts';
import type { TaskId, TaskInput, TaskPartial } from '../../tasks/registry.ts';
import type { JobProgress } from '../../tasks/task.ts';

export class JobSession<K extends TaskId> {
  readonly #jobs: JobClient;
  readonly #task: K;
  readonly #onSuccess: (() => void) | undefined;
  #controller: AbortController | undefined;
  outcome = $state.raw<JobOutcome<K> | undefined>();
  error = $state.raw<EngineError | undefined>();
  running = $state(false);
  /** Jobs finished so far (a test waits for the next one rather than for text that may be the last job's). */
  completed = $state(0);
  /** A model being downloaded, verified, compiled or warmed up for this run. */
  loading = $state.raw<LoadProgress | undefined>();
  /** The task's own progress (a stage, a second of audio, a page). */
  step = $state.raw<JobProgress | undefined>();
  /** What the running job reported of its result so far, in order. */
  partials = $state.raw<TaskPartial<K>[]>([]);

  /** `onSuccess` runs after every job that finishes (the booth counter). */
  constructor(jobs: JobClient, task: K, onSuccess?: () => void) {
    this.#jobs = jobs;
    this.#task = task;
    this.#onSuccess = onSuccess;
  }

  /**
   * Runs the job; resolves with its outcome, or undefined when it failed or was superseded.
   * `keepOutcome` leaves the last outcome on screen until this one replaces it (live camera
   * reading: the frame read last stays shown, with its lines, while the next is read).
   */
  async run(input: TaskInput<K>, { keepOutcome = false } = {}): Promise<JobOutcome<K> | undefined> {
    this.#controller?.abort();
    const controller = (this.#controller = new AbortController());
    const mine = () => this.#controller === controller;
    this.#reset(true, keepOutcome);
    try {
      const outcome = await this.#jobs.run(this.#task, input, {
        signal: controller.signal,
        onEvent: (event) => {
          if (!mine()) return;
          if (event.kind === 'load') this.loading = event.load.phase === 'done' ? undefined : event.load;
          else if (event.kind === 'step') this.step = event.step;
          // The task decides what a partial is (TaskTypes); the worker passes it on untouched.
          else this.partials = [...this.partials, event.partial as TaskPartial<K>];
        },
      });
      if (!mine()) return undefined;
      this.outcome = outcome;
      this.completed++;
      this.#onSuccess?.();
      return outcome;
    } catch (error) {
      if (mine()) this.error = toEngineError(error);
      return undefined;
    } finally {
      if (mine()) {
        this.running = false;
        this.loading = undefined;
      }
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }

  /** Forgets the outcome and any error (a kiosk's idle reset, a new input). */
  clear(): void {
    this.cancel();
    this.#controller = undefined;
    this.#reset(false);
  }

  /** Nothing of the last run left on screen (but its outcome, when asked to keep it). */
  #reset(running: boolean, keepOutcome = false): void {
    this.running = running;
    this.error = undefined;
    if (!keepOutcome) this.outcome = undefined;
    this.loading = undefined;
    this.step = undefined;
    this.partials = [];
  }
}
