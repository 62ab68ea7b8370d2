/**
 * Which of a model's op types the WebGPU backend implements, from ONNX Runtime's published
 * operator table (webgpu-ops.json, with its source and version). Ops it lacks run on the CPU
 * inside a WebGPU session (a copy each way); ops of a domain no backend knows run nowhere.
 */
import type { ModelFacts } from '../shared/model-facts.ts';
import table from './webgpu-ops.json';

export type Support = 'webgpu' | 'cpu-fallback' | 'none';

export interface CoverageRow {
  domain: string;
  opType: string;
  count: number;
  support: Support;
}

/** Domains onnxruntime-web's CPU kernels cover (ai.onnx, the ML ops, Microsoft's contrib ops). */
const KNOWN_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']);

export const WEBGPU_OPS_SOURCE = table.source;

/** True when `version` falls in a range list like `7-12,13,14+`. */
export function inRanges(ranges: string, version: number): boolean {
  return ranges.split(',').some((part) => {
    const range = part.trim();
    if (range.endsWith('+')) return version >= Number(range.slice(0, -1));
    const [lo, hi = lo] = range.split('-').map(Number);
    return version >= lo! && version <= hi!;
  });
}

export function coverage(facts: Pick<ModelFacts, 'ops' | 'opsets'>): CoverageRow[] {
  const domains = table.domains as Record<string, Record<string, string>>;
  return facts.ops.map(({ domain, opType, count }) => {
    const key = domain === 'ai.onnx' ? '' : domain;
    if (!KNOWN_DOMAINS.has(key)) return { domain, opType, count, support: 'none' };
    const opset = facts.opsets.find((o) => (o.domain === 'ai.onnx' ? '' : o.domain) === key)?.version ?? 1;
    const ranges = domains[key]?.[opType];
    return { domain, opType, count, support: ranges && inRanges(ranges, opset) ? 'webgpu' : 'cpu-fallback' };
  });
}
