/**
 * Measure 4, cold against cached start: time to the first result on a fresh page, with the
 * model from the network (a new browser context: empty IndexedDB and HTTP cache) and then
 * from the IndexedDB store (the same context reloaded: a new page, a new worker). Both calls
 * come as soon as the page is up (the home page: nothing started ORT before the call). The
 * worker reports the phases: fetch (download or IndexedDB read), verify (sha256), start (the
 * wait for ORT's WebAssembly runtime once the model was ready; `runtime` is that start's whole
 * duration, which began with the call and overlaps fetch and verify), session create, the
 * warm-up (WebGPU only since issue 13 item 3) and the first run.
 */
import type { Browser, Page } from '@playwright/test';
import { findModel, modelRef } from '../../src/catalog/index.ts';
import type { BenchFirst } from '../../src/ui/state/bench-hook.ts';
import { freshContext } from '../lib/browser.ts';
import type { BenchModel } from '../lib/models.ts';
import { first, openApp } from '../lib/pages.ts';
import type { BenchRecord } from '../lib/results.ts';
import { summarize } from '../lib/stats.ts';

export type Ok = Extract<BenchFirst, { ok: true }>;
/** The worker's phases of a first result (`RunTimings`), in order. */
export const PHASES = ['fetchMs', 'verifyMs', 'runtimeMs', 'startMs', 'createMs', 'warmupMs', 'runMs'] as const;

function phases(results: Ok[]) {
  return Object.fromEntries(PHASES.map((p) => [p.replace('Ms', '_ms'), summarize(results.map((r) => r.timings[p] ?? 0)).median]));
}

/** A demo page that runs each bundled model (src/demos/demos.ts). */
export const DEMO_OF: Record<string, string> = { 'ppocr-det': 'meter-reader', 'ppocr-rec': 'meter-reader', 'silero-vad': 'senior-checkin', 'health-risk': 'health-risk' };
/** How long the visitor reads the demo page before the first run, in the `demoPage` variant. */
export const DEMO_IDLE_MS = 3000;

/**
 * `demoPage`: the same pair on the model's own demo page, each call `DEMO_IDLE_MS` after the
 * page opened; the page meanwhile starts ORT's runtime and, on the cached side, creates the
 * model's session (`Engine.prepare`), so "cached" there includes that preparation.
 */
/** Where and how a pair's page opens: `demo` (a demo id, the call `idleMs` after it opened) and extra query options. */
export interface PairOptions {
  threads: number;
  demo?: string | undefined;
  idleMs?: number;
  /** Extra query options, e.g. `startup=lazy`. */
  query?: string;
}

/**
 * One cold then cached first result of `model` on WASM: a fresh browser context (empty
 * IndexedDB and HTTP cache), then the same page reloaded (new page, new worker, the model
 * from the store). Also `bench/start-ab.ts`'s unit of comparison.
 */
export async function firstResultPair(browser: Browser, base: string, model: BenchModel, o: PairOptions): Promise<[Ok, Ok]> {
  const spec = { model: modelRef(findModel(model.id)!), inputs: model.inputs, backend: 'wasm' as const };
  const settle = async (page: Page) => {
    await page.waitForFunction(() => 'axDebug' in globalThis);
    if (o.demo) await page.waitForTimeout(o.idleMs ?? DEMO_IDLE_MS);
  };
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await openApp(page, base, o.threads, { ...(o.demo ? { hash: `#/demo/${o.demo}` } : {}), ...(o.query ? { query: o.query } : {}) });
    await settle(page);
    const cold = await first(page, spec);
    await page.reload();
    await settle(page);
    const cached = await first(page, spec);
    if (!cold.ok || !cached.ok) throw new Error(`first result on ${model.id}: ${cold.ok ? '' : cold.message} ${cached.ok ? '' : cached.message}`);
    if (cold.source !== 'network' || cached.source !== 'cache') throw new Error(`expected network then cache, got ${cold.source} then ${cached.source}`);
    return [cold, cached];
  } finally {
    await context.close();
  }
}

export async function startMeasure(browser: Browser, base: string, model: BenchModel, threads: number, rounds: number, log: (line: string) => void, demoPage = false): Promise<BenchRecord> {
  const demo = demoPage ? DEMO_OF[model.id] : undefined;
  if (demoPage && !demo) throw new Error(`no demo page known for ${model.id}`);
  const cold: Ok[] = [];
  const cached: Ok[] = [];
  for (let i = 0; i < rounds; i++) {
    const [a, b] = await firstResultPair(browser, base, model, { threads, demo });
    cold.push(a);
    cached.push(b);
    log(`${model.id}${demo ? ` (demo page ${demo})` : ''}: cold ${a.totalMs.toFixed(0)} ms ${JSON.stringify(a.timings)}; cached ${b.totalMs.toFixed(0)} ms ${JSON.stringify(b.timings)}`);
  }
  const c = summarize(cold.map((r) => r.totalMs));
  const w = summarize(cached.map((r) => r.totalMs));
  // The cold side without its fetch phase: on loopback that phase is mostly the transfer itself,
  // so the target compares what the cache can actually save (conservative: it also drops the
  // cold side's own IndexedDB write, which happens inside that phase).
  const coldNoFetch = summarize(cold.map((r) => r.totalMs - (r.timings.fetchMs ?? 0)));
  const ratio = w.median / coldNoFetch.median;
  return {
    name: 'cold-vs-cached',
    model: model.id,
    backend: demo ? `wasm (demo page, call after ${DEMO_IDLE_MS / 1000} s)` : 'wasm',
    ratio,
    median_ms: w.median,
    p90_ms: w.p90,
    n: w.n,
    baseline: { label: 'cold start minus its fetch phase', median_ms: coldNoFetch.median, p90_ms: coldNoFetch.p90, n: coldNoFetch.n },
    max_abs_diff: null,
    target: { text: 'cached ≤ 0.3× cold (cold without network transfer)', met: ratio <= 0.3 },
    details: {
      threads,
      cold_total_median_ms: c.median,
      ratio_with_cold_fetch: w.median / c.median,
      cold_phases_median: phases(cold),
      cached_phases_median: phases(cached),
      note: demo
        ? `totals from a call ${DEMO_IDLE_MS} ms after the demo page opened; the page had started ORT's runtime and, cached, the model's session, whose creation phases are reported though they happened before the call`
        : 'totals from the call as soon as the home page is up: nothing started ORT before it. Cold phases overlap (runtime start beside the download), so cold minus fetch understates cold and the ratio errs high',
    },
  };
}
