import { mount } from 'svelte';
import App from './App.svelte';
import './ui/app.css';
import { LANGS, loadLang } from './i18n/index.ts';
import { appUpdate, options, settings } from './ui/state/shell.ts';

// The test and benchmark hooks are their own chunk, fetched only with `?debug=1`, and so is the
// engine they drive (issue 13): e2e and bench wait for `window.axDebug` before using it.
if (options.debug) {
  void Promise.all([import('./ui/state/debug-hook.ts'), import('./ui/state/runtime.ts')]).then(([{ installDebugHook }, { engine, bridge, jobs, threadTuner }]) =>
    installDebugHook(engine, bridge, jobs, threadTuner),
  );
}
appUpdate.start();

async function start(): Promise<void> {
  try {
    // The visitor's language before the first paint of any text: never a key on screen.
    await loadLang(settings.lang);
  } catch (error) {
    console.error('the language chunk could not be loaded', error);
  }
  mount(App, { target: document.getElementById('app')! });
  // Then the other language, so switching is immediate (and works offline: it is precached too).
  for (const lang of LANGS) if (lang !== settings.lang) loadLang(lang).catch(() => {});
}

void start();
