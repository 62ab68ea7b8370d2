/**
 * The cached start (issue 13 item 3), through the real worker and ORT: ORT's runtime starts on
 * its own and is reported apart from the session's creation, a WASM session's first run is the
 * first result (no uncounted warm-up), `?startup=lazy` keeps the old path for A/B benchmarks,
 * and a demo page creates the sessions of its cached models before the first run. No timings
 * are asserted: those belong to bench/ (bench/start-ab.ts).
 */
import type { Page } from '@playwright/test';
import catalogJson from '../models/catalog.json' with { type: 'json' };
import type { BenchFirst, BenchSpec } from '../src/ui/state/bench-hook.ts';
import { SELFTEST, expect, test } from './fixtures.ts';

type WithHooks = { axDebug: { bench: { first(spec: BenchSpec): Promise<BenchFirst> }; prepared(): Promise<boolean>; preparations(): number } };
const first = (page: Page, spec: BenchSpec) => page.evaluate((s) => (globalThis as unknown as WithHooks).axDebug.bench.first(s), spec);
const selftest: BenchSpec = { model: SELFTEST, inputs: { x: { type: 'float32', dims: [2, 4], seed: 3 } }, backend: 'wasm' };
const healthFile = catalogJson.models.find((m) => m.id === 'health-risk')!.files.find((f) => f.path === '1/model.onnx')!;
const HEALTH = { id: 'health-risk', url: 'models/health-risk/1/model.onnx', sha256: healthFile.sha256, bytes: healthFile.bytes };
const selftestFile = catalogJson.models.find((m) => m.id === 'selftest-mlp')!.files.find((f) => f.path === '1/model.onnx')!;
/** The self-test model as the catalog pins it (the Device page prepares only a cached copy with this sha256). */
const SELFTEST_PINNED = { ...SELFTEST, sha256: selftestFile.sha256, bytes: selftestFile.bytes };
const health: BenchSpec = { model: HEALTH, inputs: { features: { type: 'float32', dims: [1, 10], seed: 14, lo: -0.1, hi: 0.1 } }, backend: 'wasm' };

test('the first WASM result needs no warm-up, and ORT’s runtime start is reported apart, once per worker', async ({ page, debug }) => {
  await debug.open('backend=wasm');
  const a = await first(page, selftest);
  if (!a.ok) throw new Error(a.message);
  expect(a.timings.firstRun).toBe(true);
  expect(a.timings.warmupMs).toBeUndefined();
  expect(a.timings.runtimeMs).toBeGreaterThan(0);
  expect(a.timings.startMs).toBeGreaterThanOrEqual(0);
  expect(a.timings.createMs).toBeGreaterThanOrEqual(0);
  // A second model in the same worker finds the runtime up: no runtime phase of its own.
  const b = await first(page, health);
  if (!b.ok) throw new Error(b.message);
  expect(b.timings.createMs).toBeGreaterThanOrEqual(0);
  expect(b.timings.runtimeMs).toBeUndefined();
  expect(b.timings.warmupMs).toBeUndefined();
});

test('?startup=lazy keeps the old start: ORT starts inside the creation, then an uncounted warm-up', async ({ page, debug }) => {
  await debug.open('backend=wasm&startup=lazy');
  const a = await first(page, selftest);
  if (!a.ok) throw new Error(a.message);
  expect(a.timings.warmupMs).toBeGreaterThanOrEqual(0);
  expect(a.timings.runtimeMs).toBeUndefined();
  expect(a.timings.startMs).toBeUndefined();
});

test('a demo page creates its cached models’ sessions before the first run, and downloads nothing', async ({ page, debug }) => {
  await debug.open('backend=wasm&lang=en');
  expect(await debug.prefetch(HEALTH)).toMatchObject({ ok: true });
  const models: string[] = [];
  page.on('request', (request) => {
    if (/\/models\/.+\.onnx$/.test(new URL(request.url()).pathname)) models.push(request.url());
  });
  await page.goto('./?debug=1&backend=wasm&lang=en#/demo/health-risk');
  await page.waitForFunction(() => 'axDebug' in window);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.prepared())).toBe(true);
  // The session exists already (or is being created): the run reports neither reading nor compiling it.
  const ran = await debug.run({ model: HEALTH, inputs: { features: { dims: [1, 10], seed: 14 } } });
  if (!ran.ok) throw new Error(ran.message);
  expect(ran.source).toEqual({ from: 'cache' });
  expect(ran.progress.map((p) => p.phase)).not.toContain('compile');
  expect(ran.progress.map((p) => p.phase)).not.toContain('verify');
  // A model the page did not prepare is read and compiled by its run, as before.
  const other = await debug.run({ model: SELFTEST, inputs: { x: { dims: [2, 4], seed: 3 } } });
  if (!other.ok) throw new Error(other.message);
  expect(other.progress.map((p) => p.phase)).toContain('compile');
  expect(models).toEqual([expect.stringContaining('selftest-mlp')]);
});

test('?startup=lazy: a demo page prepares nothing', async ({ page, debug }) => {
  await debug.open('backend=wasm&lang=en&startup=lazy');
  expect(await debug.prefetch(HEALTH)).toMatchObject({ ok: true });
  await page.goto('./?debug=1&backend=wasm&lang=en&startup=lazy#/demo/health-risk');
  await page.waitForFunction(() => 'axDebug' in window);
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done)));
  expect(await page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.prepared())).toBe(false);
  const ran = await debug.run({ model: HEALTH, inputs: { features: { dims: [1, 10], seed: 14 } } });
  if (!ran.ok) throw new Error(ran.message);
  expect(ran.progress.map((p) => p.phase)).toContain('compile');
});

test('a first visit to a demo page fetches neither its model nor ORT’s runtime before the visitor runs something', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (request) => {
    if (/\.(onnx|wasm)$/.test(new URL(request.url()).pathname)) fetched.push(request.url());
  });
  await page.goto('./?debug=1&backend=wasm&lang=en#/demo/health-risk');
  await page.waitForFunction(() => 'axDebug' in window);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.prepared())).toBe(true);
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done)));
  expect(fetched).toEqual([]);
});

test('sessions a page prepared and nobody ran are released when the next demo page opens', async ({ page, debug }) => {
  await debug.open('backend=wasm&lang=en');
  expect(await debug.prefetch(HEALTH)).toMatchObject({ ok: true });
  await page.goto('./?debug=1&backend=wasm&lang=en#/demo/health-risk');
  await page.waitForFunction(() => 'axDebug' in window);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.prepared())).toBe(true);
  // Same page and worker, another demo (its model is not cached): health-risk's unused session goes.
  const before = await page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.preparations());
  await page.evaluate(() => (location.hash = '#/demo/senior-checkin'));
  await expect(page.locator('[data-demo="senior-checkin"]')).toBeVisible();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.preparations())).toBe(before + 1);
  expect(await page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.prepared())).toBe(true);
  const ran = await debug.run({ model: HEALTH, inputs: { features: { dims: [1, 10], seed: 14 } } });
  if (!ran.ok) throw new Error(ran.message);
  expect(ran.source).toEqual({ from: 'cache' });
  expect(ran.progress.map((p) => p.phase)).toContain('compile');
});

test('the Device page creates the cached self-test model’s session before “Run”, like a demo page', async ({ page, debug }) => {
  await debug.open('backend=wasm&lang=en');
  expect(await debug.prefetch(SELFTEST_PINNED)).toMatchObject({ ok: true });
  await page.goto('./?debug=1&backend=wasm&lang=en#/device');
  await page.waitForFunction(() => 'axDebug' in window);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.preparations())).toBe(1);
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as WithHooks).axDebug.prepared())).toBe(true);
  const ran = await debug.run({ model: SELFTEST_PINNED, inputs: { x: { dims: [2, 4], seed: 3 } } });
  if (!ran.ok) throw new Error(ran.message);
  expect(ran.source).toEqual({ from: 'cache' });
  expect(ran.progress.map((p) => p.phase)).not.toContain('compile');
});
