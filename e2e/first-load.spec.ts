/**
 * The first load (issue 13, item 4): the home page fetches the shell and the visitor's
 * language, never a route's chunk, the engine, ORT or the `?debug=1` hooks; the first text on
 * screen is already in the saved language (no keys, no other language first); the other
 * language comes after and switching works offline from the precache.
 */
import type { Page } from '@playwright/test';
import { expect, test, underServiceWorker } from './fixtures.ts';

/** Every script the page fetched, by its file name without the hash. */
function scriptsOf(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const file = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (file.endsWith('.js')) names.push(file.replace(/-[\w-]{8}\.js$/, ''));
  });
  return names;
}

/** Records the text of the heading each time the DOM changes, from before the app mounts. */
async function recordHeadings(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { seenHeadings: string[] }).seenHeadings = seen;
    new MutationObserver(() => {
      const text = document.querySelector('h1')?.textContent?.trim();
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

test('the home page loads the shell and the saved language, nothing a route needs', async ({ page }) => {
  // The first visit fetches the other language once it is up: let that happen before the
  // reload is recorded (CI once counted this visit's i18n-en request as the reload's).
  const firstVisit = scriptsOf(page);
  await page.goto('./');
  await expect.poll(() => firstVisit.filter((s) => s.startsWith('i18n-')).sort()).toEqual(['i18n-en', 'i18n-ko']);
  await page.evaluate(() => localStorage.setItem('ax.lang', 'en'));
  const scripts = scriptsOf(page);
  await recordHeadings(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Try AI by sector');
  // The saved language was the only heading ever shown: no key and no Korean before it.
  expect(await page.evaluate(() => (globalThis as unknown as { seenHeadings: string[] }).seenHeadings)).toEqual(['Try AI by sector']);
  await expect.poll(() => scripts.filter((s) => s.startsWith('i18n-'))).toEqual(['i18n-en', 'i18n-ko']);
  expect(scripts[0]).toBe('index');
  for (const lazy of ['runtime', 'DemoPage', 'Device', 'Lab', 'Kiosk', 'debug-hook', 'inference.worker']) {
    expect(scripts.some((s) => s.startsWith(lazy)), `${lazy} on the home page`).toBe(false);
  }
  expect(scripts.some((s) => /^ort/.test(s))).toBe(false);

  // A route brings its chunk (and the engine) when it is opened.
  await page.getByRole('link', { name: 'My device' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What this device can do');
  expect(scripts.some((s) => s.startsWith('Device'))).toBe(true);
  expect(scripts.some((s) => s.startsWith('runtime'))).toBe(true);
});

test('the debug hook is fetched with ?debug=1 only', async ({ page, debug }) => {
  const scripts = scriptsOf(page);
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('분야별 AI 체험');
  expect(scripts.some((s) => s.startsWith('debug-hook'))).toBe(false);
  expect(await page.evaluate(() => 'axDebug' in window)).toBe(false);
  await debug.open();
  expect(scripts.some((s) => s.startsWith('debug-hook'))).toBe(true);
});

test('offline after one visit, the other language is one click away', async ({ page, context }) => {
  await page.goto('./');
  await underServiceWorker(page);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('분야별 AI 체험');
    await page.getByTestId('lang-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Try AI by sector');
    await page.getByRole('link', { name: 'My device' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What this device can do');
  } finally {
    await context.setOffline(false);
  }
});
