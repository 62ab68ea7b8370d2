/**
 * Measure 7, the bundle: gzip bytes of the JS and CSS the home page loads before any demo,
 * which must not contain onnxruntime-web: the scripts, module preloads and stylesheets in
 * dist/index.html, plus the chunks main.ts fetches on every start without a route: the
 * visitor's language (awaited before mounting; the larger of the two is counted) and Workbox's
 * window script (the service worker's registration). Routes, the engine and the `?debug=1`
 * hooks are chunks of their own, not counted. Also the inference worker's chunk and the ORT
 * chunk it imports lazily.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchRecord } from '../lib/results.ts';

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Symbols of ORT's wasm glue: in every ORT bundle, never in the app's own code (which may name "onnxruntime" in text). */
const isOrt = (text: string) => /_OrtCreateSession|ort-wasm-simd-threaded/.test(text);

export function bundleMeasure(dist = 'dist'): BenchRecord[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!.replace(/^\.?\//, ''));
  const assets = readdirSync(join(dist, 'assets'));
  // Named by vite.config.ts's chunkFileNames: `i18n-<lang>-<hash>.js`.
  const languages = assets.filter((f) => /^i18n-[a-z]{2}-.*\.js$/.test(f)).map((f) => ({ file: `assets/${f}`, gzip: gz(join(dist, 'assets', f)) }));
  const language = languages.sort((a, b) => b.gzip - a.gzip)[0];
  const workbox = assets.filter((f) => /^workbox-window.*\.js$/.test(f)).map((f) => `assets/${f}`);
  const files = [...new Set(refs), ...(language ? [language.file] : []), ...workbox];
  const sizes = files.map((f) => ({ file: f, gzip: gz(join(dist, f)), ort: isOrt(readFileSync(join(dist, f), 'utf8')) }));
  const js = sizes.filter((s) => s.file.endsWith('.js'));
  const css = sizes.filter((s) => s.file.endsWith('.css'));
  const sum = (xs: { gzip: number }[]) => xs.reduce((a, b) => a + b.gzip, 0);
  const worker = assets.filter((f) => /^inference\.worker.*\.js$/.test(f));
  const ortChunks = assets.filter((f) => f.endsWith('.js') && /^ort/.test(f));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  const ortInInitial = sizes.some((s) => s.ort);
  return [
    {
      name: 'bundle',
      model: '–',
      backend: 'initial JS',
      ratio: null,
      median_ms: null,
      p90_ms: null,
      n: js.length,
      target: { text: 'initial JS ≤ 60 KB gzip, no ORT in it', met: sum(js) <= 60 * 1024 && !ortInInitial },
      details: { gzip_bytes: sum(js), files: js, ort_in_initial: ortInInitial, languages },
    },
    { name: 'bundle', model: '–', backend: 'initial CSS', ratio: null, median_ms: null, p90_ms: null, n: css.length, details: { gzip_bytes: sum(css), files: css } },
    {
      name: 'bundle',
      model: '–',
      backend: 'worker chunk',
      ratio: null,
      median_ms: null,
      p90_ms: null,
      n: worker.length,
      details: {
        gzip_bytes: sum(worker.map((f) => ({ gzip: gz(join(dist, 'assets', f)) }))),
        files: worker,
        ort_chunk_gzip_bytes: sum(ortChunks.map((f) => ({ gzip: gz(join(dist, 'assets', f)) }))),
        ort_chunks: ortChunks,
        wasm_gzip_bytes: sum(wasm.map((f) => ({ gzip: gz(join(dist, 'assets', f)) }))),
        wasm: wasm,
      },
    },
    ...rungDownloads(dist, assets),
  ];
}

/**
 * What each rung downloads the first time it runs (issue 13, item 1): its onnxruntime-web
 * build's JS chunk and WebAssembly (src/engine/worker-set.ts). Raw bytes, which the browser
 * fetches (the server does not compress .wasm), and gzip bytes for a server that does.
 */
function rungDownloads(dist: string, assets: string[]): BenchRecord[] {
  const build = (chunk: RegExp, wasm: RegExp) => assets.filter((f) => chunk.test(f) || wasm.test(f));
  const rungs = [
    { backend: 'WASM rung (wasm build)', files: build(/^ort\.wasm\.bundle.*\.js$/, /^ort-wasm-simd-threaded-[\w-]+\.wasm$/) },
    { backend: 'WebGPU rung (jspi build)', files: build(/^ort\.jspi\.bundle.*\.js$/, /^ort-wasm-simd-threaded\.jspi-.*\.wasm$/) },
    { backend: 'WebGPU rung (asyncify build, no JSPI)', files: build(/^ort\.webgpu\.bundle.*\.js$/, /^ort-wasm-simd-threaded\.asyncify-.*\.wasm$/) },
  ];
  return rungs.map(({ backend, files }) => {
    const paths = files.map((f) => join(dist, 'assets', f));
    const bytes = paths.reduce((total, path) => total + statSync(path).size, 0);
    return {
      name: 'bundle',
      model: '–',
      backend,
      ratio: null,
      median_ms: null,
      p90_ms: null,
      n: files.length,
      details: { bytes, gzip_bytes: paths.reduce((total, path) => total + gz(path), 0), files },
    };
  });
}
