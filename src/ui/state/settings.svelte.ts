/**
 * The user's settings: language and backend preference. Stored in localStorage; an option
 * in the address (`?lang=`, `?backend=`) wins over what is stored.
 */
import { translate, type Lang, type MessageKey } from '../../i18n/index.ts';
import type { BackendPreference } from '../../shared/protocol.ts';
import { parsePreference } from '../../engine/ladder.ts';
import { parseLang } from '../../i18n/index.ts';
import type { AppOptions } from './app-options.ts';

const LANG_KEY = 'ax.lang';
const BACKEND_KEY = 'ax.backend';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode, kiosk lockdown): settings still work for the visit
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not persisting is acceptable; losing the choice for this visit is not.
  }
}

export class Settings {
  #lang = $state<Lang>('ko');
  #preference = $state<BackendPreference>('auto');

  constructor(options: AppOptions) {
    this.#lang = options.lang ?? parseLang(stored(LANG_KEY)) ?? 'ko';
    this.#preference = options.backend ?? parsePreference(stored(BACKEND_KEY));
  }

  get lang(): Lang {
    return this.#lang;
  }

  set lang(value: Lang) {
    this.#lang = value;
    store(LANG_KEY, value);
  }

  get preference(): BackendPreference {
    return this.#preference;
  }

  set preference(value: BackendPreference) {
    this.#preference = value;
    store(BACKEND_KEY, value);
  }

  /** Translates in the current language; reading it inside markup makes the markup reactive. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => translate(this.#lang, key, params);
}
