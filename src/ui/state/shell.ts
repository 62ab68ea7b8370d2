/**
 * What the app shell needs before any route: the address's options, the settings (language),
 * the consent prompt and the update prompt. Kept apart from runtime.ts, which builds the engine
 * and the task pipelines, so those load with the first route that uses them and not with the
 * home page (issue 13: a 60 KB first load).
 */
import { parseAppOptions } from './app-options.ts';
import { AppUpdate } from './app-update.svelte.ts';
import { ConsentPrompt } from './consent.svelte.ts';
import { Settings } from './settings.svelte.ts';

export const options = parseAppOptions(location.search);
export const settings = new Settings(options);
export const consent = new ConsentPrompt(settings);
export const cores = navigator.hardwareConcurrency || 1;
export const appUpdate = new AppUpdate();
