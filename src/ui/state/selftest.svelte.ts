/** The Device page's self-test: runs the hand-checked model on the engine and keeps the verdict. */
import type { Engine, EngineResult } from '../../engine/client.ts';
import type { LoadProgress } from '../../shared/protocol.ts';
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import { SELFTEST_MODEL, checkSelftest, selftestInputs, type SelftestVerdict } from '../../tasks/selftest/selftest.ts';

export class SelfTest {
  readonly #engine: Engine;
  // Not reactive on purpose: `inFlight` is what the UI reads.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #controllers = new Set<AbortController>();
  /** Runs started and not yet settled; more than one means the engine is queueing them. */
  inFlight = $state(0);
  completed = $state(0);
  result = $state.raw<EngineResult | undefined>();
  verdict = $state.raw<SelftestVerdict | undefined>();
  error = $state.raw<EngineError | undefined>();
  /** Loading progress while the model is downloaded, verified, compiled and warmed up. */
  progress = $state.raw<LoadProgress | undefined>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  async run(): Promise<void> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    this.inFlight++;
    this.error = undefined;
    try {
      const result = await this.#engine.run(SELFTEST_MODEL, selftestInputs(), {
        signal: controller.signal,
        // Progress messages can arrive after the result (Comlink does not order them): ignore late ones.
        onProgress: (progress) => {
          if (this.#controllers.has(controller)) this.progress = progress;
        },
      });
      this.result = result;
      this.verdict = checkSelftest(result.outputs['y']);
      this.completed++;
    } catch (error) {
      this.error = toEngineError(error);
    } finally {
      this.#controllers.delete(controller);
      this.inFlight--;
      this.progress = undefined;
    }
  }

  cancel(): void {
    for (const controller of this.#controllers) controller.abort();
  }
}
