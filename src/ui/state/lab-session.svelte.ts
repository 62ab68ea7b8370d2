/**
 * One model on the Lab's bench: its inputs (generated or from files), runs on each backend
 * with timings taken in the worker, agreement against the WASM reference, the report and the
 * run history (IndexedDB, so it survives a reload).
 */
import { labModelRef } from '../../lab/lab-ref.ts';
import { agreement, worst, type Agreement } from '../../lab/agreement.ts';
import { coverage } from '../../lab/coverage.ts';
import { imageLayout, isFeedable, makeTensor, resolveDims, symbolicDims, toNumbers, type Fill } from '../../lab/inputs.ts';
import { LabProblem } from '../../lab/lab-error.ts';
import * as labStore from '../../lab/lab-store.ts';
import type { LabModelRecord, LabRunRecord } from '../../lab/lab-store.ts';
import { fitsWasm, wasmEstimate } from '../../lab/limits.ts';
import { MAX_REPORTED_VALUES, REPORT_SCHEMA, type BackendReport, type LabReport, type ReportEnvironment, type ReportInput } from '../../lab/report.ts';
import type { ModelFacts } from '../../shared/model-facts.ts';
import type { Backend, LoadProgress, ModelRef, WorkerBackend } from '../../shared/protocol.ts';
import { summarize } from '../../shared/stats.ts';
import { bytesPerElement, elementCount, type NamedTensors, type WireTensor } from '../../shared/tensor.ts';
import { toNotice, type LabNotice } from './lab-library.svelte.ts';
import { runOnDatacenter } from './lab-datacenter.ts';
import { cores, engine, settings } from './runtime.ts';

/** How one input gets its values. Files (JSON, .npy, a picture) arrive as ready tensors. */
export type InputChoice =
  | { kind: Fill['kind']; seed: number; start: number; step: number }
  | { kind: 'json' | 'npy' | 'image'; tensor: WireTensor; label: string };

export const BACKENDS: Backend[] = ['webgpu', 'wasm', 'datacenter'];
const APP_VERSION = '0.1.0';

export class LabSession {
  /** Replaced when the model is renamed (the report uses its name). */
  record: LabModelRecord;
  readonly facts: ModelFacts;
  readonly ref: ModelRef;
  dims = $state<Record<string, number>>({});
  choices = $state.raw<Record<string, InputChoice>>({});
  warmRuns = $state(20);
  /** Results of this comparison, per backend; full output tensors are kept apart for the metrics. */
  results = $state.raw<Partial<Record<Backend, BackendReport>>>({});
  running = $state<Backend | undefined>();
  progress = $state.raw<LoadProgress | undefined>();
  notice = $state.raw<LabNotice | undefined>();
  history = $state.raw<LabRunRecord[]>([]);
  #outputs: Partial<Record<Backend, NamedTensors>> = {};
  #runId: number | undefined;
  #abort: AbortController | undefined;

  constructor(record: LabModelRecord & { facts: ModelFacts }) {
    this.record = record;
    this.facts = record.facts;
    this.ref = labModelRef(record.id);
    const choices: Record<string, InputChoice> = {};
    this.facts.inputs.forEach((input, i) => (choices[input.name] = { kind: 'random', seed: i + 1, start: 0, step: 1 }));
    this.choices = choices;
  }

  get symbolic(): string[] {
    return symbolicDims(this.facts.inputs);
  }

  dimsOf(name: string): number[] {
    const input = this.facts.inputs.find((i) => i.name === name)!;
    const choice = this.choices[name];
    return choice && 'tensor' in choice ? choice.tensor.dims : resolveDims(input, this.dims);
  }

  setChoice(name: string, choice: InputChoice): void {
    this.choices = { ...this.choices, [name]: choice };
    this.#reset();
  }

  /** Inputs changed: the next run starts a new comparison. */
  #reset(): void {
    this.results = {};
    this.#outputs = {};
    this.#runId = undefined;
  }

  dimsChanged(): void {
    this.#reset();
  }

  /** Op types no backend implements (a domain onnxruntime does not know). */
  get unsupportedOps(): string[] {
    return coverage(this.facts).filter((r) => r.support === 'none').map((r) => `${r.domain}:${r.opType}`);
  }

  get missingExternal(): string[] {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local value, not reactive state
    const stored = new Set(this.record.externalFiles.map((f) => f.path));
    return this.facts.externalFiles.filter((f) => !stored.has(f));
  }

  buildInputs(): { tensors: NamedTensors; described: ReportInput[] } {
    const tensors: NamedTensors = {};
    const described: ReportInput[] = [];
    for (const input of this.facts.inputs) {
      const choice = this.choices[input.name]!;
      if (!isFeedable(input.dtype)) throw new LabProblem('npy-unsupported', `input '${input.name}' is ${input.dtype}; the Lab feeds numeric and bool tensors only`);
      let tensor: WireTensor;
      if ('tensor' in choice) tensor = choice.tensor;
      else {
        const fill: Fill = choice.kind === 'random' ? { kind: 'random', seed: choice.seed } : choice.kind === 'range' ? { kind: 'range', start: choice.start, step: choice.step } : { kind: choice.kind };
        tensor = makeTensor(input.dtype, resolveDims(input, this.dims), fill);
      }
      tensors[input.name] = tensor;
      described.push({ name: input.name, dtype: tensor.type, dims: tensor.dims, source: choice.kind, ...(choice.kind === 'random' ? { seed: choice.seed } : {}) });
    }
    return { tensors, described };
  }

  /** Checks made before loading anything: op support, external files, WASM's 4 GB. */
  preflight(backend: Backend, tensors: NamedTensors): void {
    if (this.unsupportedOps.length) throw new LabProblem('unsupported-op', this.unsupportedOps.join(', '));
    if (backend === 'datacenter') return;
    const inputBytes = Object.values(tensors).reduce((sum, t) => sum + (t.type === 'string' || t.type === 'bytes' ? 0 : elementCount(t.dims) * bytesPerElement(t.type)), 0);
    const estimate = wasmEstimate(this.facts, inputBytes);
    // WebGPU sessions load the weights through the WASM heap too.
    if (!fitsWasm(estimate)) throw new LabProblem('wasm-memory', `about ${(estimate / 2 ** 30).toFixed(1)} GB needed before any activation`);
    if (this.missingExternal.length) throw new LabProblem('missing-external', this.missingExternal.join(', '));
  }

  cancel(): void {
    this.#abort?.abort();
  }

  async run(backend: Backend): Promise<void> {
    if (this.running) return;
    this.notice = undefined;
    this.running = backend;
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    let result: BackendReport;
    try {
      const { tensors, described } = this.buildInputs();
      this.preflight(backend, tensors);
      const onProgress = (p: LoadProgress) => {
        if (this.running === backend) this.progress = p;
      };
      const bench =
        backend === 'datacenter'
          ? await runOnDatacenter(this.record, tensors, this.warmRuns, signal)
          : await engine.bench(backend as WorkerBackend, this.ref, tensors, this.warmRuns, { signal, onProgress });
      this.#outputs = { ...this.#outputs, [backend]: bench.outputs };
      result = {
        backend,
        ok: true,
        ...(bench.createMs === undefined ? {} : { createMs: bench.createMs }),
        firstRunMs: bench.firstRunMs,
        ...(bench.warmMs.length ? { warm: summarize(bench.warmMs) } : {}),
        outputs: Object.entries(bench.outputs).map(([name, t]) => {
          const values = toNumbers(t);
          return { name, dtype: t.type, dims: t.dims, values: values.slice(0, MAX_REPORTED_VALUES), truncated: values.length > MAX_REPORTED_VALUES };
        }),
        ...('datacenterModel' in bench ? { datacenterModel: bench.datacenterModel } : {}),
      };
      this.results = { ...this.results, [backend]: result };
      this.#compare();
      await this.#save(described);
    } catch (error) {
      const notice = toNotice(error);
      this.notice = notice;
      const kind = notice.kind === 'problem' ? notice.code : notice.error.name;
      const message = notice.kind === 'problem' ? notice.detail : notice.error.message;
      this.results = { ...this.results, [backend]: { backend, ok: false, error: { kind, message } } };
    } finally {
      this.running = undefined;
      this.progress = undefined;
    }
  }

  /** Runs WASM first (the reference), then WebGPU, then the datacenter when it is there. */
  async runAll(available: readonly Backend[]): Promise<void> {
    for (const backend of (['wasm', 'webgpu', 'datacenter'] as const).filter((b) => available.includes(b))) await this.run(backend);
  }

  /** Agreement of every backend with the WASM reference, per output and the worst of them. */
  #compare(): void {
    const reference = this.#outputs.wasm;
    if (!reference) return;
    const next = { ...this.results };
    for (const backend of BACKENDS) {
      const outputs = this.#outputs[backend];
      const result = next[backend];
      if (!outputs || !result?.ok) continue;
      const perOutput: Record<string, Agreement> = {};
      for (const [name, tensor] of Object.entries(reference)) {
        const other = outputs[name];
        perOutput[name] = other ? agreement(toNumbers(other), toNumbers(tensor), tensor.dims) : { maxAbsDiff: Infinity, relativeL2: Infinity, cosine: 0 };
      }
      next[backend] = { ...result, agreement: { ...worst(Object.values(perOutput)), perOutput } };
    }
    this.results = next;
  }

  async environment(): Promise<ReportEnvironment> {
    const info = await engine.info();
    const a = info.gpu.adapter;
    return {
      userAgent: navigator.userAgent,
      webgpu: info.gpu.status,
      adapter: a ? { vendor: a.vendor, architecture: a.architecture, device: a.device, description: a.description } : null,
      shaderF16: info.gpu.features.includes('shader-f16'),
      crossOriginIsolated: info.crossOriginIsolated,
      wasmThreads: info.wasmThreads,
      cores,
      ortVersion: info.ortVersion,
      ortBuilds: info.builds,
      appVersion: APP_VERSION,
      datacenter: info.datacenter === 'none' ? null : settings.endpoint || location.origin,
    };
  }

  async report(described?: ReportInput[]): Promise<LabReport> {
    return {
      schema: REPORT_SCHEMA,
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local value, not reactive state
      createdAt: new Date().toISOString(),
      model: { name: this.record.name, fileName: this.record.fileName, bytes: this.record.bytes, facts: this.facts },
      environment: await this.environment(),
      inputs: described ?? this.buildInputs().described,
      warmRuns: this.warmRuns,
      results: BACKENDS.flatMap((b) => (this.results[b] ? [this.results[b]!] : [])),
    };
  }

  /** One history record per comparison, updated as each backend finishes. */
  async #save(described: ReportInput[]): Promise<void> {
    const report = await this.report(described);
    const record: LabRunRecord = { modelId: this.record.id, at: Date.now(), report, ...(this.#runId === undefined ? {} : { id: this.#runId }) };
    this.#runId = await labStore.putRun(record);
    await this.loadHistory();
  }

  async loadHistory(): Promise<void> {
    this.history = (await labStore.listRuns(this.record.id)).reverse();
  }

  /** The layout a picture would be packed in, when the input looks like one. */
  static layoutOf = imageLayout;
}
