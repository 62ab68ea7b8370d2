/** Typed calls into the two pages: the playground's `axDebug` and the bare page's `bare`. */
import type { Page } from '@playwright/test';
import type { EngineInfo } from '../../src/engine/client.ts';
import type { ThreadChoice } from '../../src/engine/thread-choice.ts';
import type { BenchFirst, BenchSpec, BenchTimes } from '../../src/ui/state/bench-hook.ts';
import type { BareRequest, BareResult } from '../bare/protocol.ts';

interface AxDebug {
  info(): Promise<EngineInfo>;
  measureThreads(): Promise<ThreadChoice>;
  bench: { first(spec: BenchSpec): Promise<BenchFirst>; time(spec: BenchSpec, n: number, warmup: number, maxMs: number): Promise<BenchTimes> };
}
// Page functions are serialized by Playwright: each one reaches the hook itself.
type WithAx = { axDebug: AxDebug };

/** Opens the playground with the debug hook, `threads` WASM threads and no uploads; `hash`: a route (`#/demo/<id>`), `query`: more options. */
export async function openApp(page: Page, base: string, threads: number, { hash = '', query = '' }: { hash?: string; query?: string } = {}): Promise<void> {
  await page.goto(`${base}/?debug=1&lang=en&consent=denied&threads=${threads}${query ? `&${query}` : ''}${hash}`);
  await page.waitForFunction(() => 'axDebug' in globalThis);
}

export const measureThreads = (page: Page) => page.evaluate(() => (globalThis as unknown as WithAx).axDebug.measureThreads());
export const appInfo = (page: Page) => page.evaluate(() => (globalThis as unknown as WithAx).axDebug.info());
export const first = (page: Page, spec: BenchSpec) => page.evaluate((s) => (globalThis as unknown as WithAx).axDebug.bench.first(s), spec);
export const time = (page: Page, spec: BenchSpec, n: number, warmup: number, maxMs: number) =>
  page.evaluate(([s, n, w, m]) => (globalThis as unknown as WithAx).axDebug.bench.time(s, n, w, m), [spec, n, warmup, maxMs] as const);

export async function openBare(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => 'bare' in globalThis);
}

export const bare = (page: Page, request: BareRequest) =>
  page.evaluate((r) => (globalThis as unknown as { bare(r: BareRequest): Promise<BareResult> }).bare(r), request);
