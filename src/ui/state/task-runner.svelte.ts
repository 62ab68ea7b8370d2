/**
 * A ModelRunner bound to the engine for a demo page: runs catalog models through the
 * ladder, and keeps what the page shows about them — the last backend, its latency and
 * skipped rungs, and loading progress.
 */
import { findModel, modelRef } from '../../catalog/index.ts';
import type { Engine, EngineResult } from '../../engine/client.ts';
import { EngineError } from '../../shared/errors.ts';
import type { LoadProgress } from '../../shared/protocol.ts';
import type { ModelRunner } from '../../tasks/model-runner.ts';

export class TaskRunner {
  readonly #engine: Engine;
  readonly #onSuccess: (() => void) | undefined;
  /** The last engine result of the run that mattered most (the first model of a pipeline). */
  result = $state.raw<EngineResult | undefined>();
  progress = $state.raw<LoadProgress | undefined>();
  /** Total time of the last task, all models included (ms). */
  totalMs = $state<number | undefined>();
  #active = 0;

  /** `onSuccess` runs after every task that finishes (the booth counter). */
  constructor(engine: Engine, onSuccess?: () => void) {
    this.#engine = engine;
    this.#onSuccess = onSuccess;
  }

  /** The runner handed to a task; `primary` decides whose backend the badge shows. */
  runner(primary: string): ModelRunner {
    return async (modelId, inputs, signal) => {
      const model = findModel(modelId);
      if (!model) throw new EngineError('ModelLoadError', `model '${modelId}' is not in the catalog`);
      this.#active++;
      try {
        const result = await this.#engine.run(modelRef(model), inputs, {
          ...(signal ? { signal } : {}),
          // Progress can arrive after the result (Comlink does not order it): ignore late messages.
          onProgress: (p) => {
            if (this.#active > 0) this.progress = p;
          },
        });
        if (modelId === primary) this.result = result;
        return result.outputs;
      } finally {
        this.#active--;
        if (this.#active === 0) this.progress = undefined;
      }
    };
  }

  /** Times a whole task (several model runs) for the page. */
  async timed<T>(task: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await task();
      this.#onSuccess?.();
      return result;
    } finally {
      this.totalMs = performance.now() - started;
    }
  }
}
