/**
 * Asks the visitor before a model's inputs first leave the device for the datacenter. The
 * answer holds for this visit; the Datacenter settings make it permanent (kiosks pre-approve
 * with `?consent=granted`).
 */
import { findModel } from '../../catalog/index.ts';
import type { ModelRef } from '../../shared/protocol.ts';
import type { Settings } from './settings.svelte.ts';

/** `inputs`: a demo's inputs for one run. `model-upload`: a Lab model's whole file, kept by the server. */
export type ConsentKind = 'inputs' | 'model-upload';

interface Pending {
  model: ModelRef;
  kind: ConsentKind;
  answer: (allowed: boolean) => void;
}

export class ConsentPrompt {
  readonly #settings: Settings;
  #visit: boolean | undefined;
  /** Lab models the visitor agreed to upload this visit, by id (read only here, not by markup). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #uploads = new Set<string>();
  pending = $state.raw<Pending | undefined>();

  constructor(settings: Settings) {
    this.#settings = settings;
  }

  /**
   * Resolves true when the inputs may be sent. Concurrent asks share one dialog. A model
   * upload is asked for each model, whatever the standing setting says (only `denied`
   * refuses at once): the file is a company's own and stays on the server until it restarts.
   */
  ask = (model: ModelRef, kind: ConsentKind = 'inputs'): Promise<boolean> => {
    if (kind === 'model-upload') {
      if (this.#settings.consent === 'denied') return Promise.resolve(false);
      if (this.#uploads.has(model.id)) return Promise.resolve(true);
    } else {
      if (this.#settings.consent !== 'ask') return Promise.resolve(this.#settings.consent === 'granted');
      if (this.#visit !== undefined) return Promise.resolve(this.#visit);
    }
    const earlier = this.pending;
    return new Promise((resolve) => {
      this.pending = {
        model,
        kind,
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
    if (pending?.kind === 'model-upload') {
      if (allowed) this.#uploads.add(pending.model.id);
    } else {
      this.#visit = allowed;
    }
    pending?.answer(allowed);
  }

  title(lang: 'ko' | 'en'): string {
    const id = this.pending?.model.id ?? '';
    return findModel(id)?.title[lang] ?? id;
  }
}
