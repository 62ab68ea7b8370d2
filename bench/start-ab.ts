/**
 * Cached start, A/B (issue 13 item 3), outside the harness: per round and model, interleaved,
 *   lazy:     `?startup=lazy`, the engine before the change (ORT's runtime starts with the
 *             first model; WASM runs an uncounted warm-up first);
 *   eager:    the app as it is (runtime started beside the IndexedDB read, no WASM warm-up);
 *   prepared: the app on the page that runs the model (its demo, or the Device page), the call `--idle` ms after it opened (a
 *             visitor reading the page, which meanwhile starts ORT's runtime and, when the
 *             model is cached, creates its session),
 * each cold (fresh context) then cached (reload): the harness's `cold-vs-cached` measure.
 * Then, with `--levels`, ORT's graph optimisation levels on the bare page: session creation
 * alone (runtime already up), first run and warm-run median, per level, interleaved.
 *
 *   npx tsx bench/start-ab.ts [--rounds 3] [--models a,b] [--idle 3000] [--levels] [--no-build]
 */
import type { Browser } from '@playwright/test';
import { availableParallelism, loadavg } from 'node:os';
import { findModel, modelRef } from '../src/catalog/index.ts';
import { freshContext, launch } from './lib/browser.ts';
import { MODELS } from './lib/models.ts';
import { bare, openBare } from './lib/pages.ts';
import { firstResultPair, pageOf, PHASES, type Ok } from './measures/start.ts';
import { build, startServer } from './lib/servers.ts';
import { summarize } from './lib/stats.ts';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const rounds = Number(arg('rounds') ?? 3);
const idleMs = Number(arg('idle') ?? 3000);
const models = (arg('models')?.split(',') ?? ['ppocr-det', 'ppocr-rec', 'silero-vad', 'health-risk']).map((id) => MODELS.find((m) => m.id === id)!);
const threads = availableParallelism();
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const VARIANTS = ['lazy', 'eager', 'prepared'] as const;
type Variant = (typeof VARIANTS)[number];

/** The harness's cold/cached pair in each variant's page. */
const pair = (browser: Browser, base: string, variant: Variant, model: (typeof MODELS)[number]) =>
  firstResultPair(browser, base, model, { threads, ...(variant === 'prepared' ? { page: pageOf(model.id), idleMs } : {}), ...(variant === 'lazy' ? { query: 'startup=lazy' } : {}) });

const median = (xs: number[]) => summarize(xs).median;
const phaseMedians = (rs: Ok[]) => Object.fromEntries(PHASES.map((p) => [p, Math.round(median(rs.map((r) => r.timings[p] ?? 0)))]));

if (!argv.includes('--no-build')) build();
const app = await startServer({ WORKERS: '1' });
const barePage = await startServer({ WORKERS: '1', STATIC_DIR: 'bench/.bare-dist' });
const browser = await launch();
try {
  console.log(JSON.stringify({ start: new Date().toISOString(), load: load(), threads, idleMs }));
  for (const model of models) {
    const got: Record<Variant, { cold: Ok[]; cached: Ok[] }> = { lazy: { cold: [], cached: [] }, eager: { cold: [], cached: [] }, prepared: { cold: [], cached: [] } };
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no variant always runs first after another's load.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
      for (const variant of order) {
        const [cold, cached] = await pair(browser, app.url, variant, model);
        got[variant].cold.push(cold);
        got[variant].cached.push(cached);
        console.log(JSON.stringify({ model: model.id, round, variant, load: load(), coldMs: Math.round(cold.totalMs), cachedMs: Math.round(cached.totalMs), cold: cold.timings, cached: cached.timings }));
      }
    }
    for (const variant of VARIANTS) {
      const { cold, cached } = got[variant];
      const coldNoFetch = median(cold.map((r) => r.totalMs - (r.timings.fetchMs ?? 0)));
      const cachedMs = median(cached.map((r) => r.totalMs));
      console.log(JSON.stringify({ summary: true, model: model.id, variant, load: load(), coldMs: Math.round(median(cold.map((r) => r.totalMs))), coldNoFetchMs: Math.round(coldNoFetch), cachedMs: Math.round(cachedMs), ratio: +(cachedMs / coldNoFetch).toFixed(3), coldPhases: phaseMedians(cold), cachedPhases: phaseMedians(cached) }));
    }
  }
  if (argv.includes('--levels')) {
    const page = await (await freshContext(browser)).newPage();
    await openBare(page, barePage.url);
    const levels = ['all', 'extended', 'basic', 'disabled'] as const;
    for (const model of models) {
      const modelUrl = `${barePage.url}/${modelRef(findModel(model.id)!).url}`;
      for (let round = 0; round < rounds; round++) {
        for (const optLevel of round % 2 ? [...levels].reverse() : levels) {
          const r = await bare(page, { flavour: 'wasm', backend: 'wasm', threads, modelUrl, inputs: model.inputs, n: 15, warmup: 2, maxMs: 5000, optLevel });
          if (!r.ok) throw new Error(`${model.id} ${optLevel}: ${r.message}`);
          console.log(JSON.stringify({ levels: true, model: model.id, round, optLevel, load: load(), createMs: Math.round(r.createMs), firstRunMs: +r.firstRunMs.toFixed(1), runMedianMs: +median(r.times).toFixed(2) }));
        }
      }
    }
  }
} finally {
  await browser.close();
  await app.stop();
  await barePage.stop();
}
