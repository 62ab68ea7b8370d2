/**
 * Vitest setup: both dictionaries loaded before any test, as main.ts loads the visitor's
 * language before mounting, so pure code that translates (dose words, errors) is tested as it runs.
 */
import { LANGS, loadLang } from './index.ts';

await Promise.all(LANGS.map(loadLang));
