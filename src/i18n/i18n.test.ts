import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ERROR_KINDS } from '../shared/errors.ts';
import { en } from './en.ts';
import { LANGS, translate, type Dictionary, type Lang } from './index.ts';
import { ko } from './ko.ts';

const dictionaries: Record<Lang, Dictionary> = { ko, en };
const langs = Object.keys(dictionaries) as Lang[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('dictionaries', () => {
  it('ko and en have exactly the same keys', () => {
    const [first, ...rest] = langs.map((lang) => Object.keys(dictionaries[lang]).sort());
    for (const keys of rest) expect(keys).toEqual(first);
  });

  it('no message is empty and placeholders agree across languages', () => {
    for (const key of Object.keys(dictionaries.ko) as (keyof typeof dictionaries.ko)[]) {
      for (const lang of langs) expect(dictionaries[lang][key].trim(), `${lang}:${key}`).not.toBe('');
      expect(placeholders(dictionaries.en[key]), key).toEqual(placeholders(dictionaries.ko[key]));
    }
  });

  it('every error kind has a message', () => {
    for (const kind of ERROR_KINDS) expect(Object.keys(dictionaries.ko)).toContain(`error.${kind}`);
  });

  it('every literal key used in the source exists', () => {
    const used = sourceFiles('src').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\('([\w.-]+)'/g)].map((m) => [file, m[1]!] as const),
    );
    expect(used.length).toBeGreaterThan(20);
    for (const [file, key] of used) expect(Object.keys(dictionaries.ko), `${file} uses ${key}`).toContain(key);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'selftest.runsDone', { count: 3 })).toBe('Runs completed: 3');
    expect(translate('ko', 'selftest.runsDone', { count: 3 })).toBe('완료한 실행: 3회');
    expect(translate('en', 'selftest.runsDone')).toBe('Runs completed: {count}');
  });
});

describe('loading on demand', () => {
  /** A fresh copy of the module: nothing loaded yet (the setup file loaded the shared one). */
  async function fresh() {
    vi.resetModules();
    return import('./index.ts');
  }

  it('every language the switch offers has a dictionary', () => {
    expect([...LANGS].sort()).toEqual([...langs].sort());
  });

  it('shows keys before any dictionary, then the loaded language, then each language once loaded', async () => {
    const i18n = await fresh();
    expect(i18n.isLoaded('ko')).toBe(false);
    expect(i18n.translate('ko', 'nav.home')).toBe('nav.home');
    await i18n.loadLang('en');
    expect(i18n.isLoaded('en')).toBe(true);
    // Korean asked for but not loaded yet (a switch in flight): the loaded language, never a key.
    expect(i18n.isLoaded('ko')).toBe(false);
    expect(i18n.translate('ko', 'nav.home')).toBe('Home');
    const dictionary = await i18n.loadLang('ko');
    expect(dictionary).toEqual(ko);
    expect(i18n.translate('ko', 'nav.home')).toBe('홈');
    expect(i18n.translate('en', 'nav.home')).toBe('Home');
  });

  it('loads each language once, however often it is asked for', async () => {
    const i18n = await fresh();
    const [a, b] = await Promise.all([i18n.loadLang('ko'), i18n.loadLang('ko')]);
    expect(a).toBe(b);
    expect(await i18n.loadLang('ko')).toBe(a);
  });
});
