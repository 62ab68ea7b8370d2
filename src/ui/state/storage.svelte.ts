/** The Storage section's state: cached models, quota, persistence, and "download all for offline". */
import type { Engine } from '../../engine/client.ts';
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import type { CacheReport, LoadProgress, ModelRef } from '../../shared/protocol.ts';

export class StorageState {
  readonly #engine: Engine;
  #controller: AbortController | undefined;
  report = $state.raw<CacheReport | undefined>();
  persisted = $state<boolean | undefined>();
  error = $state.raw<EngineError | undefined>();
  /** While "download all" runs: how many models are done out of how many. */
  batch = $state<{ done: number; count: number } | undefined>();
  progress = $state.raw<LoadProgress | undefined>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  async refresh(): Promise<void> {
    try {
      this.report = await this.#engine.listCache();
      this.persisted = await navigator.storage?.persisted?.();
    } catch (error) {
      this.error = toEngineError(error);
    }
  }

  /** Deletes one model or all; the engine's `cache` event refreshes the list. */
  async remove(id?: string): Promise<void> {
    await this.#engine.deleteCached(id);
  }

  /** Downloads every model for offline use, one after another; stops at the first failure so the user can retry. */
  async downloadAll(models: ModelRef[]): Promise<void> {
    this.#controller = new AbortController();
    this.error = undefined;
    // Kiosks must keep their models: ask the browser not to clear this origin's storage.
    this.persisted = (await navigator.storage?.persist?.().catch(() => false)) ?? false;
    this.batch = { done: 0, count: models.length };
    try {
      for (const model of models) {
        // Progress messages can arrive after the result (Comlink does not order them): ignore late ones.
        const onProgress = (p: LoadProgress) => {
          if (this.batch) this.progress = p;
        };
        await this.#engine.prefetch(model, { signal: this.#controller.signal, onProgress });
        this.batch = { done: this.batch.done + 1, count: models.length };
      }
    } catch (error) {
      this.error = toEngineError(error);
    } finally {
      this.batch = undefined;
      this.progress = undefined;
      await this.refresh();
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
