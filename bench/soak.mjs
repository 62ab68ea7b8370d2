/**
 * Kiosk soak test (not CI): the real kiosk's attract loop plays every demo on its sample,
 * switching models each time, for `--runs` demo runs (default 200), while memory is read
 * every few runs: the resident memory of Chromium's renderer processes (the page, its
 * inference worker and their WASM heaps all live there) from /proc, and the page's JS heap.
 * `performance.measureUserAgentSpecificMemory()` was tried first: here it took 10-15 s per
 * call, sometimes never resolved, and starved the attract loop while it waited.
 * Run it on an otherwise idle machine: every Chromium renderer on the host is counted.
 *
 *   npm run build && npx tsx bench/soak.mjs [--runs 200] [--attract 1.2]
 * (tsx: it starts the server through bench/lib/servers.ts.)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startServer } from './lib/servers.ts';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 200);
const ATTRACT_S = arg('attract', 1.2);
const SAMPLE_EVERY = Math.max(1, Math.round(RUNS / 20));

/** Resident bytes of every Chromium renderer process (ps reports KiB). */
function rendererRss() {
  const rows = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' }).split('\n');
  return rows.filter((row) => /chrom/.test(row) && row.includes('--type=renderer')).reduce((sum, row) => sum + Number(row.trim().split(/\s+/)[0]) * 1024, 0);
}

// The real server as the benchmarks start it: its launch settings, a free port, ready.
const server = await startServer({});
const base = server.url;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});
const samples = [];
try {
  const page = await browser.newPage();
  await page.goto(`${base}/?kiosk=1&attract=${ATTRACT_S}&backend=wasm&consent=denied`);
  const kiosk = page.getByTestId('kiosk');
  let runs = 0;
  let last = await kiosk.getAttribute('data-demo');
  const started = Date.now();
  while (runs < RUNS) {
    await page.waitForFunction((prev) => document.querySelector('[data-testid="kiosk"]')?.getAttribute('data-demo') !== prev, last, { timeout: 60_000 });
    last = await kiosk.getAttribute('data-demo');
    runs++;
    if (runs === 1 || runs % SAMPLE_EVERY === 0 || runs === RUNS) {
      const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
      const memory = { heap, total: rendererRss() };
      samples.push({ runs, seconds: Math.round((Date.now() - started) / 1000), demo: last, ...memory });
      const mb = (b) => (b === null ? 'n/a' : `${(b / 2 ** 20).toFixed(1)} MB`);
      console.log(`run ${runs} (${last}): page JS heap ${mb(memory.heap)}, renderer resident ${mb(memory.total)}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
const field = (key) => samples.map((s) => s[key]).filter((v) => v !== null);
const summary = Object.fromEntries(
  ['heap', 'total'].map((key) => {
    const values = field(key);
    return [key, values.length ? { first: values[0], last: values.at(-1), peak: Math.max(...values) } : null];
  }),
);
writeFileSync('bench/results/soak.json', JSON.stringify({ runs: RUNS, attractSeconds: ATTRACT_S, date: new Date().toISOString(), summary, samples }, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
