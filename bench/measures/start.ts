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
import { DEMOS, type Demo } from '../../src/demos/demos.ts';
import { SELFTEST_MODEL } from '../../src/tasks/selftest/selftest.ts';
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

/** Where a visitor runs a model: its route and what the report calls it. */
export interface ModelPage {
  hash: string;
  kind: 'demo' | 'Device';
  name: string;
}

/**
 * The page a visitor runs `modelId` on: of the demos that run it (src/demos/demos.ts), the one
 * with fewest models (Silero's own check-in page rather than the wake-word chain), the first
 * listed among equals; the Device page for the self-test's model. Both prepare their cached
 * models once drawn (src/ui/state/prepare-when-idle.ts).
 */
export function pageOf(modelId: string): ModelPage | undefined {
  if (modelId === SELFTEST_MODEL.id) return { hash: '#/device', kind: 'Device', name: 'Device page' };
  const demo = DEMOS.filter((d) => d.models.includes(modelId)).reduce<Demo | undefined>((best, d) => (best && best.models.length <= d.models.length ? best : d), undefined);
  return demo && { hash: `#/demo/${demo.id}`, kind: 'demo', name: `demo page ${demo.id}` };
}

/** How long the visitor reads the model's page before the first run, in the `onItsPage` variant. */
export const READ_MS = 3000;

/**
 * Where and how a pair's page opens: `page` (the model's page, the call `idleMs` after it
 * opened, the page meanwhile having started ORT's runtime and, on the cached side, created the
 * model's session: `Engine.prepare`, so "cached" there includes that preparation) and extra
 * query options.
 */
export interface PairOptions {
  threads: number;
  page?: ModelPage | undefined;
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
    if (o.page) await page.waitForTimeout(o.idleMs ?? READ_MS);
  };
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await openApp(page, base, o.threads, { ...(o.page ? { hash: o.page.hash } : {}), ...(o.query ? { query: o.query } : {}) });
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

export async function startMeasure(browser: Browser, base: string, model: BenchModel, threads: number, rounds: number, log: (line: string) => void, onItsPage = false): Promise<BenchRecord> {
  const where = onItsPage ? pageOf(model.id) : undefined;
  if (onItsPage && !where) throw new Error(`no page known to run ${model.id}`);
  const cold: Ok[] = [];
  const cached: Ok[] = [];
  for (let i = 0; i < rounds; i++) {
    const [a, b] = await firstResultPair(browser, base, model, { threads, page: where });
    cold.push(a);
    cached.push(b);
    log(`${model.id}${where ? ` (${where.name})` : ''}: cold ${a.totalMs.toFixed(0)} ms ${JSON.stringify(a.timings)}; cached ${b.totalMs.toFixed(0)} ms ${JSON.stringify(b.timings)}`);
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
    backend: where ? `wasm (${where.kind} page, call after ${READ_MS / 1000} s)` : 'wasm',
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
      note: where
        ? `totals from a call ${READ_MS} ms after ${where.name} opened; the page had started ORT's runtime and, cached, the model's session, whose creation phases are reported though they happened before the call`
        : 'totals from the call as soon as the home page is up: nothing started ORT before it. Cold phases overlap (runtime start beside the download), so cold minus fetch understates cold and the ratio errs high',
    },
  };
}
