/**
 * Asks the visitor before a model's inputs first leave the device for the datacenter. The
 * answer holds for this visit; the Datacenter settings make it permanent (kiosks pre-approve
 * with `?consent=granted`).
 */
import { findModel } from '../../catalog/index.ts';
import type { ModelRef } from '../../shared/protocol.ts';
import type { Settings } from './settings.svelte.ts';

interface Pending {
  model: ModelRef;
  answer: (allowed: boolean) => void;
}

export class ConsentPrompt {
  readonly #settings: Settings;
  #visit: boolean | undefined;
  pending = $state.raw<Pending | undefined>();

  constructor(settings: Settings) {
    this.#settings = settings;
  }

  /** Resolves true when the inputs may be sent. Concurrent asks share one dialog. */
  ask = (model: ModelRef): Promise<boolean> => {
    if (this.#settings.consent !== 'ask') return Promise.resolve(this.#settings.consent === 'granted');
    if (this.#visit !== undefined) return Promise.resolve(this.#visit);
    const earlier = this.pending;
    return new Promise((resolve) => {
      this.pending = {
        model,
        answer: (allowed) => {
          earlier?.answer(allowed);
          resolve(allowed);
        },
      };
    });
  };

  /** The visitor's answer from the dialog. */
  answer(allowed: boolean): void {
    const pending = this.pending;
    this.pending = undefined;
    this.#visit = allowed;
    pending?.answer(allowed);
  }

  title(lang: 'ko' | 'en'): string {
    const id = this.pending?.model.id ?? '';
    return findModel(id)?.title[lang] ?? id;
  }
}
