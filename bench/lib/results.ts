/**
 * The results file (bench/results/latest.json, or quick.json for --quick) and the Markdown
 * table in docs/BENCHMARKS.md. The schema is documented in docs/BENCHMARKS.md; change both.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Environment } from './env.ts';
import { round } from './stats.ts';

export const SCHEMA_VERSION = 1;

export type MeasureName =
  | 'engine-overhead'
  | 'browser-vs-native'
  | 'threads'
  | 'thread-choice'
  | 'cold-vs-cached'
  | 'webgpu-vs-wasm'
  | 'endpoint'
  | 'endpoint-ceiling'
  | 'bundle'
  | 'prediction-error';

/** One measure of one model on one backend. Times in milliseconds; `ratio` as defined per name in docs/BENCHMARKS.md. */
export interface BenchRecord {
  name: MeasureName;
  model: string;
  backend: string;
  /** Measured / baseline (lower is better), except where docs/BENCHMARKS.md says otherwise. */
  ratio: number | null;
  median_ms: number | null;
  p90_ms: number | null;
  n: number;
  /** What the ratio divides by. */
  baseline?: { label: string; median_ms: number | null; p90_ms?: number | null; n: number };
  /** Largest |output − onnxruntime-node output| over every output element (null: not applicable). */
  max_abs_diff?: number | null;
  /** max_abs_diff within OUTPUT_TOLERANCE. */
  outputs_ok?: boolean | null;
  target?: { text: string; met: boolean };
  details?: Record<string, unknown>;
}

/** Outputs within this of onnxruntime-node count as right (float32 kernels differ in the last bits). */
export const OUTPUT_TOLERANCE = 1e-3;

export interface BenchResults {
  schema: number;
  quick: boolean;
  environment: Environment;
  records: BenchRecord[];
  notes: string[];
}

const r = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? null : Number.isFinite(x) ? round(x, digits) : x);

/** Rounds every number for the file (timings to the microsecond, ratios to 3 digits). */
export function tidy(record: BenchRecord): BenchRecord {
  return {
    ...record,
    ratio: r(record.ratio),
    median_ms: r(record.median_ms),
    p90_ms: r(record.p90_ms),
    ...(record.baseline ? { baseline: { ...record.baseline, median_ms: r(record.baseline.median_ms), ...(record.baseline.p90_ms === undefined ? {} : { p90_ms: r(record.baseline.p90_ms) }) } } : {}),
    ...(record.max_abs_diff === undefined ? {} : { max_abs_diff: record.max_abs_diff === null ? null : Number.isFinite(record.max_abs_diff) ? Number(record.max_abs_diff.toPrecision(3)) : -1 }),
  };
}

export function writeResults(path: string, results: BenchResults): void {
  writeFileSync(path, JSON.stringify({ ...results, records: results.records.map(tidy) }, null, 2) + '\n');
}

const cell = (x: unknown) => (x === null || x === undefined ? '–' : typeof x === 'number' ? String(x) : String(x).replace(/\|/g, '\\|'));

/** One row per record, in the order measured. */
export function markdownTable(records: BenchRecord[]): string {
  const head = '| measure | model | backend | ratio | median ms | p90 ms | n | baseline | baseline median ms | max abs diff | target |';
  const rule = '|---|---|---|---:|---:|---:|---:|---|---:|---:|---|';
  const rows = records.map(tidy).map((x) =>
    [
      x.name,
      x.model,
      x.backend,
      x.ratio,
      x.median_ms,
      x.p90_ms,
      x.n,
      x.baseline?.label,
      x.baseline?.median_ms,
      x.max_abs_diff === undefined || x.max_abs_diff === null ? null : x.max_abs_diff === -1 ? '∞ (shape)' : `${x.max_abs_diff}${x.outputs_ok === false ? ' **wrong**' : ''}`,
      x.target ? `${x.target.met ? 'met' : '**missed**'}: ${x.target.text}` : null,
    ]
      .map(cell)
      .join(' | '),
  );
  return [head, rule, ...rows.map((row) => `| ${row} |`)].join('\n');
}

export function environmentTable(env: Environment): string {
  const rows: [string, unknown][] = [
    ['date', env.date],
    ['commit', `${env.commit}${env.dirty ? ' (uncommitted changes)' : ''}`],
    ['CPU', `${env.cpu}, ${env.cores} cores, ${env.memoryGb} GB`],
    ['load average (1/5/15 min) at start → end (the end counts the harness itself)', `${env.loadAverageStart.join(' / ')} → ${env.loadAverageEnd?.join(' / ') ?? '?'}`],
    ['other processes\' CPU during the run', env.foreignCpuCores === undefined ? 'not measured' : `${env.foreignCpuCores} cores`],
    ['OS, Node', `${env.os}, ${env.node}`],
    ['browser', env.browser ? `${env.browser.name} ${env.browser.version} (${env.browser.path})` : '–'],
    ['page', env.page ? `crossOriginIsolated=${env.page.crossOriginIsolated}, WASM threads ${env.page.wasmThreads}, ORT ${env.page.ortVersion}${env.page.ortBuilds ? ` (builds: WebGPU ${env.page.ortBuilds['webgpu']}, WASM ${env.page.ortBuilds['wasm']})` : ''}, WebGPU ${env.page.webgpu}` : '–'],
    ['WebGPU adapter', env.page?.adapter ? JSON.stringify(env.page.adapter) : '–'],
    ['packages', Object.entries(env.packages).map(([k, v]) => `${k} ${v}`).join(', ')],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)].join('\n');
}

const START = '<!-- bench:generated:start -->';
const END = '<!-- bench:generated:end -->';

/** Replaces the generated part of docs/BENCHMARKS.md; the hand-written analysis around it stays. */
export function updateMarkdown(path: string, results: BenchResults): void {
  const generated = [
    START,
    `Generated by \`npm run bench\` on ${results.environment.date}. Do not edit between these markers.`,
    '',
    '### Environment',
    '',
    environmentTable(results.environment),
    '',
    '### Results',
    '',
    markdownTable(results.records),
    '',
    ...(results.notes.length ? ['### Notes from this run', '', ...results.notes.map((n) => `- ${n}`), ''] : []),
    END,
  ].join('\n');
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc = `# Benchmarks\n\n${START}\n${END}\n`;
  }
  const at = doc.indexOf(START);
  const end = doc.indexOf(END);
  doc = at >= 0 && end > at ? doc.slice(0, at) + generated + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n${generated}\n`;
  writeFileSync(path, doc);
}
