/**
 * Shared e2e fixtures: `debug` drives the real engine through `window.axDebug` (the app
 * exposes it with `?debug=1`), because Playwright's init scripts do not reach workers.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import type { CacheReport, ModelRef } from '../src/shared/protocol.ts';
import type { DebugPrefetchResult, DebugRunResult, DebugRunSpec } from '../src/ui/state/debug-hook.ts';

export const SELFTEST = { id: 'selftest-mlp', url: 'models/selftest-mlp/1/model.onnx' };
export const SELFTEST_INPUT = [1, 2, 3, 4, -1, 0.5, 2, 0];
/** Worked out by hand in src/tasks/selftest/selftest.ts. */
export const SELFTEST_EXPECTED = [0.5, 0, 1.25, 1.5, 0, 0.75];

export interface Debug {
  open(query?: string): Promise<void>;
  run(spec: DebugRunSpec): Promise<DebugRunResult>;
  prefetch(model: ModelRef, abortAfterMs?: number): Promise<DebugPrefetchResult>;
  listCache(): Promise<CacheReport>;
  deleteCached(id?: string): Promise<void>;
  loseGpuDevice(): Promise<boolean>;
  crashWorker(): Promise<{ ok: false; name: string; message: string }>;
  workerGeneration(): Promise<number>;
}

declare global {
  interface Window {
    axDebug: {
      run(spec: DebugRunSpec): Promise<DebugRunResult>;
      prefetch(model: ModelRef, abortAfterMs?: number): Promise<DebugPrefetchResult>;
      listCache(): Promise<CacheReport>;
      deleteCached(id?: string): Promise<void>;
      loseGpuDevice(): Promise<boolean>;
      crashWorker(): Promise<{ ok: false; name: string; message: string }>;
      workerGeneration(): number;
    };
  }
}

function debugFor(page: Page): Debug {
  return {
    async open(query = '') {
      await page.goto(`./?debug=1${query ? `&${query}` : ''}`);
      await page.waitForFunction(() => 'axDebug' in window);
    },
    run: (spec) => page.evaluate((s) => window.axDebug.run(s), spec),
    prefetch: (model, abortAfterMs) => page.evaluate(([m, a]) => window.axDebug.prefetch(m, a), [model, abortAfterMs] as const),
    listCache: () => page.evaluate(() => window.axDebug.listCache()),
    deleteCached: (id) => page.evaluate((i) => window.axDebug.deleteCached(i), id),
    loseGpuDevice: () => page.evaluate(() => window.axDebug.loseGpuDevice()),
    crashWorker: () => page.evaluate(() => window.axDebug.crashWorker()),
    workerGeneration: () => page.evaluate(() => window.axDebug.workerGeneration()),
  };
}

export const test = base.extend<{ debug: Debug }>({
  debug: async ({ page }, use) => {
    await use(debugFor(page));
  },
});

/** The onnxruntime WebAssembly builds the page's workers fetch from now on, by flavour (`wasm`, `jspi`, `asyncify`). */
export function ortBuildsFetched(context: BrowserContext): Set<string> {
  const seen = new Set<string>();
  context.on('request', (request) => {
    const name = /\/ort-wasm-simd-threaded(?:\.(\w+))?-[\w-]+\.wasm$/.exec(new URL(request.url()).pathname);
    if (name) seen.add(name[1] ?? 'wasm');
  });
  return seen;
}

/** Waits until the service worker is active and controls the page (one reload): what a second visit sees. */
export async function underServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

export function expectClose(actual: number[], expected: number[], tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!)));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

export { expect };
