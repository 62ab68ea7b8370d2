/**
 * The dictionaries are loaded on demand, one chunk per language (issue 13: only the active
 * language's strings are in the first load). `main.ts` awaits the visitor's language before
 * mounting, so no key ever shows untranslated; the other language is fetched once the page is
 * up (and precached by the service worker for offline kiosks), so a switch is instant.
 */
import type { MessageKey } from './ko.ts';

export type Lang = 'ko' | 'en';
export type { MessageKey };
export type Dictionary = Record<MessageKey, string>;

export const LANGS: readonly Lang[] = ['ko', 'en'];

/** One dynamic import per language: each becomes its own chunk. */
const importers: Record<Lang, () => Promise<Dictionary>> = {
  ko: () => import('./ko.ts').then((m) => m.ko),
  en: () => import('./en.ts').then((m) => m.en),
};

const loaded: Partial<Record<Lang, Dictionary>> = {};
const pending: Partial<Record<Lang, Promise<Dictionary>>> = {};

/** Parses `?lang=`; Korean is the default. */
export function parseLang(value: string | null | undefined): Lang | undefined {
  return value === 'ko' || value === 'en' ? value : undefined;
}

/** Whether `translate(lang, …)` can answer now. */
export function isLoaded(lang: Lang): boolean {
  return loaded[lang] !== undefined;
}

/** Loads a language's dictionary once; a failed load (offline, no cache) may be retried. */
export function loadLang(lang: Lang): Promise<Dictionary> {
  const have = loaded[lang];
  if (have) return Promise.resolve(have);
  pending[lang] ??= importers[lang]().then(
    (dictionary) => (loaded[lang] = dictionary),
    (error: unknown) => {
      delete pending[lang];
      throw error;
    },
  );
  return pending[lang];
}

/**
 * Looks a key up and fills `{name}` placeholders. Before its language is loaded (a switch in
 * flight) it answers in a loaded language rather than showing the key; with none loaded, the key.
 */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const dictionary = loaded[lang] ?? LANGS.map((l) => loaded[l]).find((d) => d !== undefined);
  const text = dictionary?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
