/** One Cancel (issue 14): while a demo's job runs, exactly one Cancel button is visible, and it cancels. */
import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** Polls through the run (model download, then the task's steps): never two Cancels, and one while it runs. */
async function expectOneCancelWhileRunning(page: Page): Promise<void> {
  const cancels = page.getByRole('button', { name: 'Cancel', exact: true }).filter({ visible: true });
  const progress = page.getByTestId('job-progress').or(page.getByRole('progressbar', { name: 'Pages read' }));
  await expect(progress.first()).toBeVisible({ timeout: 30_000 });
  let seen = 0;
  for (let i = 0; i < 20 && (await page.getByTestId('job-cancel').isVisible()); i++) {
    // One snapshot of every visible Cancel: the run may end at any moment (then none is
    // right), and two reads could straddle that end (a count of 1, then nothing to inspect).
    const ids = await cancels.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
    if (ids.length > 0) {
      expect(ids).toEqual(['job-cancel']);
      seen++;
    }
    await page.waitForTimeout(100);
  }
  expect(seen, 'a Cancel was seen while running').toBeGreaterThan(0);
}

test('OCR: one Cancel while models load and the picture is read, and it cancels', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/road-sign');
  await page.getByTestId('sample').first().click();
  await expectOneCancelWhileRunning(page);
  await page.getByTestId('sample').first().click();
  await expect(page.getByTestId('job-cancel')).toBeVisible();
  await page.getByTestId('job-cancel').click();
  await expect(page.getByTestId('job-cancel')).toHaveCount(0);
});

test('voice and document demos: one Cancel while running', async ({ page }) => {
  await page.goto('./?backend=wasm&lang=en#/demo/voice-trigger');
  await page.getByTestId('sample').first().click();
  await expectOneCancelWhileRunning(page);
  await page.goto('./?backend=wasm&lang=en#/demo/document-reader');
  await page.getByTestId('sample').click();
  await expectOneCancelWhileRunning(page);
});
