/**
 * Threads by measurement (issue 13, item 2), with the real workers and ORT: the Device page
 * measures each candidate thread count, keeps the fastest (stored in IndexedDB), restarts
 * the idle CPU worker with it, and a reload still uses it; the first text reading on a device
 * measures by itself; `?threads=` turns measuring off. Which count wins depends on the
 * machine: the test checks the rule and that the count is applied, never a speed.
 */
import type { Page } from '@playwright/test';
import { pickThreads, threadCandidates, type ThreadFigure } from '../src/engine/thread-choice.ts';
import { expect, test } from './fixtures.ts';

async function figuresShown(page: Page): Promise<{ figures: ThreadFigure[]; chosen: number }> {
  const list = page.getByTestId('thread-figures');
  await expect(list).toBeVisible({ timeout: 120_000 });
  const figures = await list.locator('li').evaluateAll((items) => items.map((li) => ({ threads: Number(li.getAttribute('data-threads')), medianMs: Number(li.getAttribute('data-ms')) })));
  return { figures, chosen: Number(await list.getAttribute('data-chosen')) };
}

test('the Device page measures every candidate, keeps the fastest and runs with it, also after a reload', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./?lang=en#/device');
  const panel = page.getByTestId('thread-choice');
  await expect(panel).toHaveAttribute('data-automatic', 'true');
  await expect(page.getByTestId('thread-figures')).toHaveCount(0);
  await page.getByTestId('threads-measure').click();
  const { figures, chosen } = await figuresShown(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(figures.map((f) => f.threads)).toEqual(threadCandidates(cores, true));
  for (const f of figures) expect(f.medianMs).toBeGreaterThan(0);
  // The shown figures are rounded to 0.1 ms: the rule gives the same answer on them unless two are within that.
  expect(chosen).toBe(pickThreads(figures));
  await expect(page.getByTestId('wasm-threads')).toHaveText(String(chosen));

  await page.reload();
  expect(await figuresShown(page)).toEqual({ figures, chosen });
  await expect(page.getByTestId('wasm-threads')).toHaveText(String(chosen));
});

test('the first text reading on a device measures the thread count by itself', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./?lang=en&backend=wasm#/demo/road-sign');
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('ocr-line').first()).toBeVisible({ timeout: 60_000 });
  // Same page (a reload would end a measurement under way): it waits for a quiet moment first.
  await page.evaluate(() => (location.hash = '#/device'));
  const { figures } = await figuresShown(page);
  expect(figures.length).toBeGreaterThan(0);
  // PP-OCR's detector is too heavy to time quickly: its recognizer is timed instead.
  await expect(page.getByTestId('thread-choice')).toContainText('ppocr-rec');
});

test('?threads= sets the count by hand: nothing is measured', async ({ page }) => {
  await page.goto('./?lang=en&threads=1#/device');
  await expect(page.getByTestId('thread-choice')).toHaveAttribute('data-automatic', 'false');
  await expect(page.getByTestId('threads-measure')).toHaveCount(0);
  await expect(page.getByTestId('wasm-threads')).toHaveText('1');
});
