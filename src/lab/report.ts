/**
 * The Lab's report: what was run, where, how fast and how closely the backends agree, plus
 * the environment needed to reproduce it. Schema: docs/lab-report.schema.json (documented in
 * docs/LAB.md). Also rendered as Markdown. Pure.
 */
import type { Backend } from '../shared/protocol.ts';
import type { ModelFacts } from '../shared/model-facts.ts';
import type { Summary } from '../shared/stats.ts';
import type { Agreement } from './agreement.ts';

export const REPORT_SCHEMA = 'ax-playground/lab-report@1';
/** Output values kept per output in the report: enough to check small models value by value. */
export const MAX_REPORTED_VALUES = 4096;

export interface ReportEnvironment {
  userAgent: string;
  /** From the worker's adapter probe: WebGPU status and adapter (null without WebGPU). */
  webgpu: 'available' | 'software' | 'unavailable';
  adapter: { vendor: string; architecture: string; device: string; description: string } | null;
  /** WebGPU's half-precision shader feature: without it, float16 kernels cannot run on the GPU. */
  shaderF16: boolean;
  crossOriginIsolated: boolean;
  wasmThreads: number;
  cores: number;
  ortVersion: string;
  /** The onnxruntime-web build each local backend ran with. */
  ortBuilds?: Record<'webgpu' | 'wasm', string>;
  appVersion: string;
  datacenter: string | null;
}

export interface ReportInput {
  name: string;
  dtype: string;
  dims: number[];
  source: 'random' | 'zeros' | 'ones' | 'range' | 'image' | 'json' | 'npy';
  seed?: number;
}

export interface ReportOutput {
  name: string;
  dtype: string;
  dims: number[];
  /** The first MAX_REPORTED_VALUES values as numbers (float16 decoded, int64 as doubles, bool 0/1). */
  values: number[];
  truncated: boolean;
}

export interface BackendReport {
  backend: Backend;
  ok: boolean;
  error?: { kind: string; message: string };
  /** Session creation (datacenter: loading/uploading the model, when it was done). */
  createMs?: number;
  firstRunMs?: number;
  warm?: Summary;
  outputs?: ReportOutput[];
  /** Against the WASM reference; the worst over all outputs, and each output's own. */
  agreement?: Agreement & { perOutput: Record<string, Agreement> };
  /** Datacenter only: how the model got there. */
  datacenterModel?: { name: string; uploaded: boolean };
}

export interface LabReport {
  schema: typeof REPORT_SCHEMA;
  createdAt: string;
  model: { name: string; fileName: string; bytes: number; facts: ModelFacts };
  environment: ReportEnvironment;
  inputs: ReportInput[];
  warmRuns: number;
  results: BackendReport[];
}

const ms = (v: number | undefined) => (v === undefined ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const sci = (v: number | undefined) => (v === undefined ? '–' : v === 0 ? '0' : Number.isFinite(v) ? v.toExponential(2) : String(v));

/** The report as Markdown: a summary table per backend, the inputs, the environment. */
export function reportToMarkdown(report: LabReport): string {
  const { model, environment: env } = report;
  const lines = [
    `# Model Lab report: ${model.name}`,
    '',
    `- File: \`${model.fileName}\`, ${model.bytes} bytes, IR ${model.facts.irVersion}, opsets ${model.facts.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}`,
    `- Producer: ${model.facts.producerName || '–'} ${model.facts.producerVersion}`.trimEnd(),
    `- Parameters: ${model.facts.parameterCount}, nodes: ${model.facts.nodeCount}`,
    `- Created: ${report.createdAt}; warm runs per backend: ${report.warmRuns}`,
    '',
    '## Results',
    '',
    '| backend | status | create ms | first run ms | median ms | p90 ms | min ms | max abs diff | rel. L2 | cosine | argmax |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.results.map((r) => {
      const a = r.agreement;
      const status = r.ok ? 'ok' : `${r.error?.kind ?? 'error'}`;
      const argmax = a?.argmaxAgreement === undefined ? '–' : `${(a.argmaxAgreement * 100).toFixed(0)} %`;
      return `| ${r.backend} | ${status} | ${ms(r.createMs)} | ${ms(r.firstRunMs)} | ${ms(r.warm?.median)} | ${ms(r.warm?.p90)} | ${ms(r.warm?.min)} | ${sci(a?.maxAbsDiff)} | ${sci(a?.relativeL2)} | ${a ? a.cosine.toFixed(6) : '–'} | ${argmax} |`;
    }),
    '',
    '## Inputs',
    '',
    ...report.inputs.map((i) => `- \`${i.name}\` ${i.dtype} [${i.dims.join(', ')}]: ${i.source}${i.seed === undefined ? '' : ` (seed ${i.seed})`}`),
    '',
    '## Environment',
    '',
    `- Browser: ${env.userAgent}`,
    `- WebGPU: ${env.webgpu}${env.adapter ? ` (${env.adapter.vendor} ${env.adapter.architecture} ${env.adapter.description})`.trimEnd() : ''}`,
    `- Cross-origin isolated: ${env.crossOriginIsolated}; WASM threads: ${env.wasmThreads} of ${env.cores} cores`,
    `- onnxruntime-web ${env.ortVersion}${env.ortBuilds ? ` (WebGPU: ${env.ortBuilds.webgpu} build, WASM: ${env.ortBuilds.wasm} build)` : ''}; AX Playground ${env.appVersion}; datacenter: ${env.datacenter ?? 'none'}`,
    '',
  ];
  return lines.join('\n');
}
