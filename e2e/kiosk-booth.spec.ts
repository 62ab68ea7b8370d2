/**
 * The booth layout (issue 14): on landscape 1920×1080 and 3840×2160 and portrait 1080×1920
 * screens, every demo of the attract loop shows its result area inside the viewport, with
 * its backend, and keeps it there for its whole slot. A screenshot per demo and size is kept
 * as a test artifact.
 */
import { DEMOS } from '../src/demos/demos.ts';
import { expect, test } from './fixtures.ts';
import type { Locator, Page, TestInfo } from '@playwright/test';

// 4K is the 1080p layout at twice the size (type scales with the short side): its first
// demos are enough there, the two others go through the whole loop.
const SIZES = [
  { name: 'landscape-1920x1080', width: 1920, height: 1080, demos: DEMOS.length },
  { name: 'portrait-1080x1920', width: 1080, height: 1920, demos: DEMOS.length },
  { name: 'landscape-3840x2160', width: 3840, height: 2160, demos: 3 },
];
const ATTRACT_S = 2;

async function expectInViewport(page: Page, locator: Locator, what: string, minHeight = 1): Promise<void> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  expect(box!.x, what).toBeGreaterThanOrEqual(0);
  expect(box!.y, what).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, what).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box!.y + box!.height, what).toBeLessThanOrEqual(viewport.height + 0.5);
  expect(box!.height, `${what} has a size`).toBeGreaterThanOrEqual(minHeight);
}

async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

for (const size of SIZES) {
  test(`booth layout ${size.name}: each demo's result and backend inside the screen for its full slot`, async ({ page }, testInfo) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(`./?kiosk=1&attract=${ATTRACT_S}&backend=wasm&lang=en`);
    const kiosk = page.getByTestId('kiosk');
    await expect(kiosk).toHaveAttribute('data-mode', 'attract');
    for (const demo of DEMOS.slice(0, size.demos)) {
      await expect(kiosk).toHaveAttribute('data-demo', demo.id, { timeout: 120_000 });
      const result = page.getByTestId('result');
      // Finished: the backend is named (for the document reader: every page read, and the decision).
      const backend = demo.kind === 'document' ? page.getByTestId('document-decision') : result.getByTestId('backend');
      if (demo.kind === 'document') await expect(result.locator('[data-status="done"]')).toHaveCount(3, { timeout: 120_000 });
      await expect(backend).toBeVisible({ timeout: 120_000 });
      const shownAt = Date.now();
      await keepScreenshot(page, testInfo, `${size.name}-${demo.id}`);
      await expectInViewport(page, result, `${demo.id}: result`, 100);
      await expectInViewport(page, backend, `${demo.id}: backend`);
      // The result stays for the demo's whole slot, however long its run took.
      await expect(kiosk).not.toHaveAttribute('data-demo', demo.id, { timeout: 120_000 });
      expect(Date.now() - shownAt, `${demo.id} shown for its slot`).toBeGreaterThanOrEqual(ATTRACT_S * 1000 - 600);
    }
  });
}
