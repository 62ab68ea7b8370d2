/** What every result is tied to: the machine, its load, the browser and the package versions. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

const version = (pkg: string) => (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1/5/15-minute load averages at the start: other work on a shared machine skews timings. */
  loadAverageStart: number[];
  /** At the end: it counts the harness's own work (about 2 on 2 cores), so it says little alone. */
  loadAverageEnd?: number[];
  /** Cores' worth of CPU that other processes took during the run (bench/lib/foreign-cpu.ts). */
  foreignCpuCores?: number;
  commit: string;
  dirty: boolean;
  packages: Record<string, string>;
  browser?: { name: string; version: string; path: string; flags: string[] };
  /** As the playground's worker reported it. */
  page?: { crossOriginIsolated: boolean; wasmThreads: number; ortVersion: string; ortBuilds?: Record<string, string>; webgpu: string; adapter?: Record<string, unknown> };
}

export function environment(): Environment {
  const load = loadavg().map((x) => Math.round(x * 100) / 100);
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverageStart: load,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    packages: Object.fromEntries(['onnxruntime-web', 'onnxruntime-node', '@playwright/test', 'autocannon', 'vite', 'svelte', 'fastify'].map((p) => [p, version(p)])),
  };
}

export const loadAverage = () => loadavg().map((x) => Math.round(x * 100) / 100);
