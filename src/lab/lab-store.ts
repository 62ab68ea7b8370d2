/**
 * The Lab's own IndexedDB database (`ax-lab`), apart from the verified model cache
 * (`ax-models`): a visitor's models are not catalog models, have no sha256 to check against
 * and must never be evicted to make room for a demo. The page writes a model (the File is
 * stored as a Blob: no copy into memory), the worker reads it by id, so the bytes never
 * cross the worker boundary. Small records (`models`, `runs`) are kept apart from the
 * bytes (`files`) so listing never loads a model.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelFacts } from '../shared/model-facts.ts';
import type { LabReport } from './report.ts';

export interface LabModelRecord {
  id: string;
  /** Shown in the list; the user can rename it. */
  name: string;
  fileName: string;
  bytes: number;
  addedAt: number;
  /** Where it came from when loaded from an address. */
  url?: string;
  /** External data files stored with it, by the path the model names them. */
  externalFiles: { path: string; bytes: number }[];
  facts?: ModelFacts;
}

export interface LabRunRecord {
  id?: number;
  modelId: string;
  at: number;
  report: LabReport;
}

interface LabDb extends DBSchema {
  models: { key: string; value: LabModelRecord; indexes: { 'by-added': number } };
  /** `<id>` holds the model, `<id>/<path>` each external data file. */
  files: { key: string; value: Blob };
  runs: { key: number; value: LabRunRecord; indexes: { 'by-model': string } };
}

export const LAB_DB_NAME = 'ax-lab';
const LAB_DB_VERSION = 1;

let db: Promise<IDBPDatabase<LabDb>> | undefined;

function open(): Promise<IDBPDatabase<LabDb>> {
  db ??= openDB<LabDb>(LAB_DB_NAME, LAB_DB_VERSION, {
    upgrade(database, oldVersion) {
      // One step per version, in order, for visitors several versions behind.
      if (oldVersion < 1) {
        database.createObjectStore('models', { keyPath: 'id' }).createIndex('by-added', 'addedAt');
        database.createObjectStore('files');
        database.createObjectStore('runs', { keyPath: 'id', autoIncrement: true }).createIndex('by-model', 'modelId');
      }
    },
  });
  return db;
}

const externalKey = (id: string, path: string) => `${id}/${path}`;

/** Stores a model and its external data files in one transaction. */
export async function addModel(record: LabModelRecord, file: Blob, externals: { path: string; file: Blob }[] = []): Promise<void> {
  const tx = (await open()).transaction(['models', 'files'], 'readwrite');
  const files = tx.objectStore('files');
  await Promise.all([tx.objectStore('models').put(record), files.put(file, record.id), ...externals.map((e) => files.put(e.file, externalKey(record.id, e.path))), tx.done]);
}

/** Oldest first. */
export async function listModels(): Promise<LabModelRecord[]> {
  return (await open()).getAllFromIndex('models', 'by-added');
}

export async function getModel(id: string): Promise<LabModelRecord | undefined> {
  return (await open()).get('models', id);
}

export async function updateModel(id: string, change: Partial<Pick<LabModelRecord, 'name' | 'facts'>>): Promise<void> {
  const tx = (await open()).transaction('models', 'readwrite');
  const record = await tx.store.get(id);
  if (record) await tx.store.put({ ...record, ...change });
  await tx.done;
}

export async function readModelFile(id: string): Promise<Blob | undefined> {
  return (await open()).get('files', id);
}

export async function readExternalFile(id: string, path: string): Promise<Blob | undefined> {
  return (await open()).get('files', externalKey(id, path));
}

/** Deletes a model, its files and its run history. */
export async function deleteModel(id: string): Promise<void> {
  const database = await open();
  const record = await database.get('models', id);
  const runKeys = await database.getAllKeysFromIndex('runs', 'by-model', id);
  const tx = database.transaction(['models', 'files', 'runs'], 'readwrite');
  const files = tx.objectStore('files');
  await Promise.all([
    tx.objectStore('models').delete(id),
    files.delete(id),
    ...(record?.externalFiles ?? []).map((e) => files.delete(externalKey(id, e.path))),
    ...runKeys.map((key) => tx.objectStore('runs').delete(key)),
    tx.done,
  ]);
}

/** Adds a run (no `id`) or replaces one; returns its id. */
export async function putRun(run: LabRunRecord): Promise<number> {
  return (await open()).put('runs', run);
}

/** A model's runs, oldest first. */
export async function listRuns(modelId: string): Promise<LabRunRecord[]> {
  return (await open()).getAllFromIndex('runs', 'by-model', modelId);
}
