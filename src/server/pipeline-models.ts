/**
 * The tasks of src/tasks/registry.ts served as v2 models of their own name (`ocr`, `vad`,
 * `health-risk-form`), version 1: what Triton calls an ensemble, a model made of model
 * calls. Metadata comes from the task's wire codec; a pipeline is ready when every model it
 * calls is ready, in the local workers or on the remote predictor (transformer mode).
 */
import { V2Error } from '../shared/kserve-v2.ts';
import { TASKS } from '../tasks/registry.ts';
import type { Task } from '../tasks/task.ts';
import type { ModelMetadata } from './model-metadata.ts';
import type { ModelRegistry } from './model-registry.ts';
import { unknownModel } from './server-errors.ts';

export const PIPELINE_VERSION = '1';

export interface PipelineModel {
  name: string;
  version: string;
  task: Task<unknown, unknown>;
  metadata: ModelMetadata;
}

/** Why a model a pipeline calls cannot run now; undefined when it can. */
export type ModelCheck = (model: string) => Promise<string | undefined>;

/**
 * Triton reports `platform: "ensemble"` for a model whose steps are other models; a client
 * reading metadata learns the same here. Variable dims are -1, no batching dimension.
 */
export function pipelineMetadata(task: Task<unknown, unknown>): ModelMetadata {
  const copy = (specs: typeof task.wire.inputs) => specs.map((s) => ({ name: s.name, datatype: s.datatype, shape: [...s.shape] }));
  return { name: task.id, versions: [PIPELINE_VERSION], platform: 'ensemble', inputs: copy(task.wire.inputs), outputs: copy(task.wire.outputs), maxBatchSize: 0 };
}

/**
 * The pipelines this server serves. A repository model of a task's name wins (the operator
 * put it there). Locally a pipeline is served only when every model it calls is in the
 * repository, as Triton serves no ensemble without its steps; a transformer serves all,
 * its models live on the predictor.
 */
export function selectPipelines(repositoryNames: ReadonlySet<string>, remote: boolean, warn: (message: string) => void): PipelineModel[] {
  const served: PipelineModel[] = [];
  for (const task of Object.values(TASKS) as Task<unknown, unknown>[]) {
    if (repositoryNames.has(task.id)) {
      warn(`pipeline model '${task.id}' not served: the repository has a model of that name`);
      continue;
    }
    const missing = task.models.filter((m) => !repositoryNames.has(m));
    if (!remote && missing.length > 0) {
      warn(`pipeline model '${task.id}' not served: the repository lacks ${missing.map((m) => `'${m}'`).join(', ')}`);
      continue;
    }
    served.push({ name: task.id, version: PIPELINE_VERSION, task, metadata: pipelineMetadata(task) });
  }
  return served;
}

/** Readiness of the repository's own models (the local workers). */
export function registryCheck(registry: ModelRegistry): ModelCheck {
  return async (model) => {
    const entry = registry.list().find((m) => m.name === model);
    if (!entry) return `model '${model}' is not in the repository`;
    return entry.ready ? undefined : `model '${model}' is not ready: ${entry.reason}`;
  };
}

export class PipelineModels {
  readonly #byName: ReadonlyMap<string, PipelineModel>;
  readonly #check: ModelCheck;
  readonly #running = new Map<string, number>();

  constructor(pipelines: PipelineModel[], check: ModelCheck) {
    this.#byName = new Map(pipelines.map((p) => [p.name, p]));
    this.#check = check;
  }

  list(): PipelineModel[] {
    return [...this.#byName.values()];
  }

  /** The pipeline of that name, undefined when the name is none; Triton's 404 for another version. */
  find(name: string, version?: string): PipelineModel | undefined {
    const pipeline = this.#byName.get(name);
    if (pipeline && version !== undefined && version !== pipeline.version) throw unknownModel(name, version);
    return pipeline;
  }

  /** Why the pipeline cannot run now (the first model it calls that is not ready); undefined when it can. */
  async notReady(pipeline: PipelineModel): Promise<string | undefined> {
    const reasons = await Promise.all(pipeline.task.models.map((m) => this.#check(m)));
    return reasons.find((r) => r !== undefined);
  }

  /** True when every pipeline can run. */
  async allReady(): Promise<boolean> {
    const reasons = await Promise.all(this.list().map((p) => this.notReady(p)));
    return reasons.every((r) => r === undefined);
  }

  /** Readiness as `/ready` answers it: 400 with the reason, as for any model. */
  async assertReady(pipeline: PipelineModel): Promise<void> {
    const reason = await this.notReady(pipeline);
    if (reason !== undefined) throw new V2Error(400, `model '${pipeline.name}' is not ready: ${reason}`);
  }

  /** Requests of a pipeline in progress now (the running-request gauge). */
  running(name: string): number {
    return this.#running.get(name) ?? 0;
  }

  /** Counts a request as running until `work` settles. */
  async track<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.#running.set(name, this.running(name) + 1);
    try {
      return await work();
    } finally {
      this.#running.set(name, this.running(name) - 1);
    }
  }
}
