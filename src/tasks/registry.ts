/**
 * Every task that runs as a job, by id: the worker and the server look tasks up here, so a
 * new task is one entry. The id is also the datacenter's pipeline model name.
 */
import { forecastTask, type ForecastJobInput, type ForecastJobResult } from './forecast/job.ts';
import { ocrTask, type OcrJobInput, type OcrJobResult } from './ocr/job.ts';
import type { Task } from './task.ts';
import { healthRiskTask } from './tabular/job.ts';
import type { HealthValues } from './tabular/health-fields.ts';
import type { HealthRisk } from './tabular/health-risk.ts';
import { vadTask, type VadJobInput, type VadJobResult, type VadPartial } from './vad/job.ts';
import { wakeWordTask, type WakeJobInput, type WakeJobResult, type WakePartial } from './wakeword/job.ts';

/** Input and result of each task, by id. */
export interface TaskTypes {
  ocr: { input: OcrJobInput; result: OcrJobResult; partial: never };
  vad: { input: VadJobInput; result: VadJobResult; partial: VadPartial };
  'health-risk-form': { input: HealthValues; result: HealthRisk; partial: never };
  'demand-forecast-day': { input: ForecastJobInput; result: ForecastJobResult; partial: never };
  'wake-word': { input: WakeJobInput; result: WakeJobResult; partial: WakePartial };
}

export type TaskId = keyof TaskTypes;
export type TaskInput<K extends TaskId> = TaskTypes[K]['input'];
export type TaskResult<K extends TaskId> = TaskTypes[K]['result'];
/** What a task reports of its result before it ends (`never` for tasks that report nothing). */
export type TaskPartial<K extends TaskId> = TaskTypes[K]['partial'];

export const TASKS: { readonly [K in TaskId]: Task<TaskInput<K>, TaskResult<K>> } = {
  ocr: ocrTask,
  vad: vadTask,
  'health-risk-form': healthRiskTask,
  'demand-forecast-day': forecastTask,
  'wake-word': wakeWordTask,
};

export const isTaskId = (id: string): id is TaskId => Object.hasOwn(TASKS, id);

/** The task of an id, typed by it. */
export const taskOf = <K extends TaskId>(id: K): Task<TaskInput<K>, TaskResult<K>> => TASKS[id] as Task<TaskInput<K>, TaskResult<K>>;
