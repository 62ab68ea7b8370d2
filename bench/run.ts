/**
 * The benchmark harness (issue 8): `npm run bench` runs every measure on every bundled model
 * and writes bench/results/latest.json and the generated part of docs/BENCHMARKS.md;
 * `npm run bench -- --quick` runs few runs on one model, writes bench/results/quick.json and
 * leaves the docs alone (CI's smoke test: it checks the harness works, not a speed).
 *
 *   npm run bench -- [--quick] [--only browser,start,prediction,endpoint,bundle] [--models a,b]
 *                    [--workers N] [--seconds S] [--no-webgpu] [--no-build] [--out path] [--busy-ok]
 *
 * A full run refuses to start above a 1-minute load average of 1.5 (`--busy-ok` runs anyway),
 * and every run records how many cores' worth of CPU other processes took meanwhile; a run
 * where they took more than a quarter of a core is marked as noisy in its notes.
 *
 * Servers are the real one (src/server/main.ts) on free ports; the browser is Debian Chromium.
 */
import type { Browser } from '@playwright/test';
import { availableParallelism } from 'node:os';
import { browserMeasures } from './measures/browser.ts';
import { bundleMeasure } from './measures/bundle.ts';
import { batches, endpointMeasure, httpFloor } from './measures/endpoint.ts';
import { predictionMeasure } from './measures/prediction.ts';
import { pageOf, startMeasure } from './measures/start.ts';
import { CHROMIUM, FLAGS, freshContext, launch } from './lib/browser.ts';
import { environment, loadAverage } from './lib/env.ts';
import { sampleForeignCpu } from './lib/foreign-cpu.ts';
import { catalog } from '../src/catalog/index.ts';
import { MODELS, QUICK_MODEL } from './lib/models.ts';
import { appInfo, measureThreads, openApp, openBare } from './lib/pages.ts';
import { SCHEMA_VERSION, updateMarkdown, writeResults, type BenchRecord } from './lib/results.ts';
import { build, repositoryWithoutBatching, startServer, type Running } from './lib/servers.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const arg = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};

const quick = flag('quick');
const only = new Set((arg('only') ?? 'browser,start,prediction,endpoint,bundle').split(','));
const modelIds = arg('models')?.split(',') ?? (quick ? [QUICK_MODEL] : MODELS.map((m) => m.id));
const models = modelIds.map((id) => {
  const m = MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown model '${id}' (one of ${MODELS.map((x) => x.id).join(', ')})`);
  return m;
});
/** The models every measure times; the rest of the catalog is measured for its start only. */
const fullyMeasured = models.filter((m) => !m.startOnly);
const cores = availableParallelism();
const seconds = Number(arg('seconds') ?? (quick ? 2 : 5));
const LATEST = 'bench/results/latest.json';
const out = arg('out') ?? (quick ? 'bench/results/quick.json' : LATEST);
/** Only a full run into latest.json rewrites the table in docs/BENCHMARKS.md. */
const writeDocs = !quick && out === LATEST;
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const env = environment();
/** Above this 1-minute load average at the start a full run refuses (issue 13): its figures would be noise. */
const BUSY_LOAD = 1.5;
/** Other processes' CPU, in cores, above which a run is marked as noisy. */
const FOREIGN_CPU_MARK = 0.25;
if (!quick && !flag('busy-ok') && env.loadAverageStart[0]! > BUSY_LOAD) {
  console.error(`The machine is busy (1-minute load average ${env.loadAverageStart[0]} > ${BUSY_LOAD}): its timings would be noise. Wait for it to calm down, or pass --busy-ok to run anyway (the run is then marked).`);
  process.exit(2);
}
const foreignCpu = sampleForeignCpu();
const records: BenchRecord[] = [];
const notes: string[] = [];
const servers: Running[] = [];
let browser: Browser | undefined;

try {
  if (!flag('no-build')) {
    log('building the app and the bare page');
    build();
  }
  if (only.has('bundle')) records.push(...bundleMeasure());

  if (only.has('prediction')) {
    const app = await startServer({ WORKERS: '1' });
    servers.push(app);
    browser = await launch();
    records.push(...(await predictionMeasure(browser, app.url, cores, quick ? 2 : 4, quick ? 2 : 9, log)));
    await browser.close();
    browser = undefined;
    for (const s of servers.splice(0)) await s.stop();
  }

  if (only.has('browser') || only.has('start')) {
    // WORKERS=1: the endpoint in this server is idle here; one pool thread keeps it quiet.
    const app = await startServer({ WORKERS: '1' });
    const barePage = await startServer({ WORKERS: '1', STATIC_DIR: 'bench/.bare-dist' });
    servers.push(app, barePage);
    browser = await launch();
    env.browser = { name: 'chromium', version: browser.version(), path: CHROMIUM, flags: FLAGS };
    const context = await freshContext(browser);
    const page = await context.newPage();
    await openApp(page, app.url, cores);
    const info = await appInfo(page);
    const adapter = info.gpu.adapter;
    env.page = {
      crossOriginIsolated: info.crossOriginIsolated,
      wasmThreads: info.wasmThreads,
      ortVersion: info.ortVersion,
      ortBuilds: info.builds,
      webgpu: info.gpu.status,
      ...(adapter ? { adapter: { ...adapter } } : {}),
    };
    if (!info.crossOriginIsolated) throw new Error('the playground is not cross-origin isolated: WASM would run on one thread');
    const adapterName = adapter ? `${adapter.vendor} ${adapter.architecture}`.trim() || 'unnamed adapter' : 'no adapter';
    if (info.gpu.status === 'software') notes.push(`WebGPU runs on ${adapterName}, a CPU implementation: WebGPU figures here say nothing about GPUs.`);
    log(`page: isolated ${info.crossOriginIsolated}, ${info.wasmThreads} WASM threads, ORT ${info.ortVersion}, WebGPU ${info.gpu.status} (${adapterName})`);

    if (info.gpu.status === 'unavailable') notes.push('No WebGPU adapter: WebGPU measures skipped.');
    if (only.has('browser')) {
      // The app's own thread choice (src/engine/thread-tuner.ts), made the way a visitor's device makes it.
      const choice = await measureThreads(page);
      const one = choice.figures.find((f) => f.threads === 1);
      const best = choice.figures.find((f) => f.threads === choice.threads);
      log(`thread choice: ${choice.threads} (${choice.figures.map((f) => `${f.threads}t ${f.medianMs.toFixed(1)} ms`).join(', ')}) on ${choice.model}`);
      records.push({
        name: 'thread-choice',
        model: choice.model,
        backend: 'wasm (wasm build)',
        ratio: one && best ? best.medianMs / one.medianMs : null,
        median_ms: best?.medianMs ?? null,
        p90_ms: null,
        n: choice.figures.length,
        details: { threads: choice.threads, figures: choice.figures },
      });
      const bare = await context.newPage();
      await openBare(bare, barePage.url);
      for (const model of fullyMeasured) {
        const webgpu = info.gpu.status !== 'unavailable' && !flag('no-webgpu');
        records.push(
          ...(await browserMeasures(model, {
            app: page,
            barePage: bare,
            cores,
            rounds: quick ? 1 : 2,
            ...(quick ? { runs: 10 } : {}),
            webgpuMaxMs: quick ? 5_000 : 20_000,
            adapter: adapterName,
            softwareAdapter: info.gpu.status === 'software',
            webgpu,
            gpuFlavour: info.builds.webgpu === 'jspi' ? 'jspi' : 'webgpu',
            log,
          })),
        );
      }
    }
    await context.close();
    if (only.has('start')) {
      for (const model of models) {
        // As soon as the home page is up, then after a few seconds on the page that runs the model (issue 13 item 3).
        records.push(await startMeasure(browser, app.url, model, cores, quick ? 1 : 3, log));
        if (!quick && pageOf(model.id)) records.push(await startMeasure(browser, app.url, model, cores, 3, log, true));
      }
    }
    await browser.close();
    browser = undefined;
    for (const s of servers.splice(0)) await s.stop();
  }

  if (only.has('endpoint')) {
    const workers = Number(arg('workers') ?? Math.min(cores, 4));
    const server = await startServer({ WORKERS: String(workers), STATIC_DIR: 'bench/.no-static' });
    servers.push(server);
    // The same models without dynamic_batching, for the with/without comparison (idle while the other runs).
    const unbatched = fullyMeasured.some((m) => batches(m.id))
      ? await startServer({ WORKERS: String(workers), STATIC_DIR: 'bench/.no-static', MODEL_REPOSITORY: repositoryWithoutBatching() })
      : undefined;
    if (unbatched) servers.push(unbatched);
    log(`endpoint: ${workers} pool workers, ${seconds} s per load level`);
    const floor = await httpFloor(server.url, seconds);
    log(`endpoint: HTTP floor ${(floor.details!['ok_per_s'] as number).toFixed(0)} ok/s at c=4`);
    records.push(floor);
    for (const model of fullyMeasured) {
      records.push(...(await endpointMeasure(server.url, model, { seconds, cores, workers, log, ...(unbatched ? { unbatchedUrl: unbatched.url } : {}) })));
    }
  }
} finally {
  await browser?.close();
  for (const s of servers) await s.stop();
}

env.loadAverageEnd = loadAverage();
if (foreignCpu) env.foreignCpuCores = Math.round(foreignCpu.stop() * 100) / 100;
// A fast wrong answer cannot meet a target.
for (const r of records) if (r.target && r.outputs_ok === false) r.target = { text: `${r.target.text} (outputs wrong)`, met: false };
const missed = records.filter((r) => r.target && !r.target.met);
const wrong = records.filter((r) => r.outputs_ok === false);
// The load average at the end counts the harness itself (about 2 on 2 cores): only the start's
// and other processes' CPU during the run say whether something else competed.
const busyAtStart = env.loadAverageStart[0]! > BUSY_LOAD;
const foreignBusy = (env.foreignCpuCores ?? 0) > FOREIGN_CPU_MARK;
if (busyAtStart || foreignBusy) {
  notes.push(`The machine was busy (1-minute load average ${env.loadAverageStart[0]} at start; other processes took ${env.foreignCpuCores ?? '?'} of ${cores} cores during the run): timings are noisy.`);
}
const results = { schema: SCHEMA_VERSION, quick, environment: env, records, notes };
writeResults(out, results);
if (writeDocs) updateMarkdown('docs/BENCHMARKS.md', results);
log(`${records.length} records → ${out}${writeDocs ? ' and docs/BENCHMARKS.md' : ''}; targets missed: ${missed.length}; wrong outputs: ${wrong.length}`);
for (const r of [...missed, ...wrong]) log(`  ${r.name} ${r.model} ${r.backend}: ratio ${r.ratio?.toFixed(3) ?? '–'}${r.outputs_ok === false ? `, max abs diff ${r.max_abs_diff}` : ''}`);
// The harness worked if every measure asked for produced records and every output it
// checked was right; speed is not judged (issue 8). CI's smoke test relies on this.
const expected: Record<string, string[]> = {
  bundle: ['bundle'],
  browser: ['thread-choice', 'engine-overhead', 'browser-vs-native', 'threads'],
  start: ['cold-vs-cached'],
  prediction: ['prediction-error'],
  endpoint: ['endpoint', 'endpoint-ceiling'],
};
// Models measured for their start only give the browser and endpoint measures nothing to do.
const measuresRun = [...only].filter((m) => fullyMeasured.length > 0 || (m !== 'browser' && m !== 'endpoint'));
const absent = measuresRun.flatMap((m) => expected[m] ?? []).filter((name) => !records.some((r) => r.name === name));
if (absent.length > 0) log(`harness failure: no records for ${absent.join(', ')}`);
// Wrong outputs fail the run, except where the catalog already records the backend as
// unreliable for that model (Silero VAD on WebGPU): that is a known finding, not a regression.
const unexpected = wrong.filter((r) => !(r.backend.startsWith('webgpu') && catalog.models.find((m) => m.id === r.model)?.hints.webgpuUnreliable));
if (absent.length > 0 || unexpected.length > 0) process.exit(1);
