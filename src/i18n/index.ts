import { en } from './en.ts';
import { ko, type MessageKey } from './ko.ts';

export type Lang = 'ko' | 'en';
export type { MessageKey };

export const dictionaries: Record<Lang, Record<MessageKey, string>> = { ko, en };

/** Parses `?lang=`; Korean is the default. */
export function parseLang(value: string | null | undefined): Lang | undefined {
  return value === 'ko' || value === 'en' ? value : undefined;
}

/** Looks a key up and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
