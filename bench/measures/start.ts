/**
 * Measure 4, cold against cached start: time to the first result on a fresh page, with the
 * model from the network (a new browser context: empty IndexedDB and HTTP cache) and then
 * from the IndexedDB store (the same context reloaded: a new page, a new worker). The
 * worker reports the phases: fetch (download or IndexedDB read), verify (sha256), session
 * create (includes ORT's wasm compile on a new worker), warm-up and the first run.
 */
import type { Browser } from '@playwright/test';
import { findModel, modelRef } from '../../src/catalog/index.ts';
import type { BenchFirst } from '../../src/ui/state/bench-hook.ts';
import { freshContext } from '../lib/browser.ts';
import type { BenchModel } from '../lib/models.ts';
import { first, openApp } from '../lib/pages.ts';
import type { BenchRecord } from '../lib/results.ts';
import { summarize } from '../lib/stats.ts';

type Ok = Extract<BenchFirst, { ok: true }>;
const PHASES = ['fetchMs', 'verifyMs', 'createMs', 'warmupMs', 'runMs'] as const;

function phases(results: Ok[]) {
  return Object.fromEntries(PHASES.map((p) => [p.replace('Ms', '_ms'), summarize(results.map((r) => r.timings[p] ?? 0)).median]));
}

export async function startMeasure(browser: Browser, base: string, model: BenchModel, threads: number, rounds: number, log: (line: string) => void): Promise<BenchRecord> {
  const spec = { model: modelRef(findModel(model.id)!), inputs: model.inputs, backend: 'wasm' as const };
  const cold: Ok[] = [];
  const cached: Ok[] = [];
  for (let i = 0; i < rounds; i++) {
    const context = await freshContext(browser);
    try {
      const page = await context.newPage();
      await openApp(page, base, threads);
      const a = await first(page, spec);
      await page.reload();
      await page.waitForFunction(() => 'axDebug' in globalThis);
      const b = await first(page, spec);
      if (!a.ok || !b.ok) throw new Error(`first result on ${model.id}: ${a.ok ? '' : a.message} ${b.ok ? '' : b.message}`);
      if (a.source !== 'network' || b.source !== 'cache') throw new Error(`expected network then cache, got ${a.source} then ${b.source}`);
      cold.push(a);
      cached.push(b);
      log(`${model.id}: cold ${a.totalMs.toFixed(0)} ms ${JSON.stringify(a.timings)}; cached ${b.totalMs.toFixed(0)} ms ${JSON.stringify(b.timings)}`);
    } finally {
      await context.close();
    }
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
    backend: 'wasm',
    ratio,
    median_ms: w.median,
    p90_ms: w.p90,
    n: w.n,
    baseline: { label: 'cold start minus its fetch phase', median_ms: coldNoFetch.median, p90_ms: coldNoFetch.p90, n: coldNoFetch.n },
    max_abs_diff: null,
    target: { text: 'cached ≤ 0.5× cold (cold without network transfer)', met: ratio <= 0.5 },
    details: {
      threads,
      cold_total_median_ms: c.median,
      ratio_with_cold_fetch: w.median / c.median,
      cold_phases_median: phases(cold),
      cached_phases_median: phases(cached),
      note: 'totals from the call on a loaded page; the worker may already be started by the page',
    },
  };
}
