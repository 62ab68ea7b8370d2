import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '../shared/errors.ts';
import { dictionaries, translate, type Lang } from './index.ts';

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
