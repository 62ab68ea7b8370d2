/**
 * The user's settings: language, backend preference, datacenter, kiosk timings. Stored in
 * localStorage; an option in the address (`?lang=`, `?backend=`, `?idle=`...) wins over what is stored.
 */
import { isLoaded, loadLang, translate, type Lang, type MessageKey } from '../../i18n/index.ts';
import type { BackendPreference } from '../../shared/protocol.ts';
import { parsePreference } from '../../engine/ladder.ts';
import { parseLang } from '../../i18n/index.ts';
import { parseConsent, parseSeconds, type AppOptions, type DatacenterConsent } from './app-options.ts';

const LANG_KEY = 'ax.lang';
const BACKEND_KEY = 'ax.backend';
const ENDPOINT_KEY = 'ax.endpoint';
const API_KEY_KEY = 'ax.apiKey';
const CONSENT_KEY = 'ax.consent';
const IDLE_KEY = 'ax.kioskIdleSeconds';
const ATTRACT_KEY = 'ax.kioskAttractSeconds';

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
  /** The language last asked for; it becomes `lang` once its dictionary is loaded. */
  #wantedLang: Lang = 'ko';
  #preference = $state<BackendPreference>('auto');
  #endpoint = $state('');
  #apiKey = $state('');
  #consent = $state<DatacenterConsent>('ask');
  #idleSeconds = $state(60);
  #attractSeconds = $state(15);

  constructor(options: AppOptions) {
    this.#lang = this.#wantedLang = options.lang ?? parseLang(stored(LANG_KEY)) ?? 'ko';
    this.#preference = options.backend ?? parsePreference(stored(BACKEND_KEY));
    this.#endpoint = options.endpoint ?? stored(ENDPOINT_KEY) ?? '';
    this.#apiKey = stored(API_KEY_KEY) ?? '';
    this.#consent = options.consent ?? parseConsent(stored(CONSENT_KEY)) ?? 'ask';
    this.#idleSeconds = options.idleSeconds ?? parseSeconds(stored(IDLE_KEY)) ?? 60;
    this.#attractSeconds = options.attractSeconds ?? parseSeconds(stored(ATTRACT_KEY)) ?? 15;
  }

  /** Kiosk: seconds without a touch before everything resets. */
  get idleSeconds(): number {
    return this.#idleSeconds;
  }

  set idleSeconds(value: number) {
    if (!(value > 0)) return; // an emptied field keeps the last good value
    this.#idleSeconds = value;
    store(IDLE_KEY, String(value));
  }

  /** Kiosk: the least time each demo plays in the attract loop. */
  get attractSeconds(): number {
    return this.#attractSeconds;
  }

  set attractSeconds(value: number) {
    if (!(value > 0)) return;
    this.#attractSeconds = value;
    store(ATTRACT_KEY, String(value));
  }

  /** Datacenter base URL; '' is this app's own origin (the embedded endpoint). */
  get endpoint(): string {
    return this.#endpoint;
  }

  set endpoint(value: string) {
    this.#endpoint = value.trim();
    store(ENDPOINT_KEY, this.#endpoint);
  }

  /** Bearer key for a company endpoint; stored on this device only. */
  get apiKey(): string {
    return this.#apiKey;
  }

  set apiKey(value: string) {
    this.#apiKey = value.trim();
    store(API_KEY_KEY, this.#apiKey);
  }

  /** Whether inputs may be sent to the datacenter without asking each visit. */
  get consent(): DatacenterConsent {
    return this.#consent;
  }

  set consent(value: DatacenterConsent) {
    this.#consent = value;
    store(CONSENT_KEY, value);
  }

  get lang(): Lang {
    return this.#lang;
  }

  /**
   * Dictionaries load on demand (src/i18n/index.ts); main.ts fetches the other language right
   * after the first paint, so a switch is normally immediate. Until a dictionary arrives the
   * page stays in its language rather than showing keys; only the last choice is applied.
   */
  set lang(value: Lang) {
    this.#wantedLang = value;
    store(LANG_KEY, value);
    if (isLoaded(value)) {
      this.#lang = value;
      return;
    }
    loadLang(value).then(
      () => {
        if (this.#wantedLang === value) this.#lang = value;
      },
      (error: unknown) => console.warn(`language ${value} could not be loaded`, error),
    );
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
