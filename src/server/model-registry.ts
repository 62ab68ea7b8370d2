/**
 * The models this server serves and their state. Like Triton with its default
 * `--model-control-mode=none`, the repository is scanned and loaded once at start.
 */
import { readFile } from 'node:fs/promises';
import { V2Error } from '../shared/kserve-v2.ts';
import { buildMetadata, type ModelMetadata } from './model-metadata.ts';
import type { ModelFiles } from './model-repository.ts';
import { parsePbtxt } from './pbtxt.ts';
import { unknownModel } from './server-errors.ts';
import type { LoadOutcome } from './worker-pool.ts';

export type ModelEntry =
  | { name: string; version: string; key: string; ready: true; metadata: ModelMetadata }
  | { name: string; version: string; key: string; ready: false; reason: string };

/** The pool's key for a model version. */
export const modelKey = (files: Pick<ModelFiles, 'name' | 'version'>) => `${files.name}/${files.version}`;

export class ModelRegistry {
  readonly #entries = new Map<string, ModelEntry>();

  /** Records each model as ready (with metadata) or unavailable (with the reason). */
  async add(files: ModelFiles, loaded: LoadOutcome | undefined): Promise<ModelEntry> {
    const base = { name: files.name, version: files.version, key: modelKey(files) };
    let entry: ModelEntry;
    try {
      if (!loaded?.ok) throw new Error(loaded ? loaded.message : 'not loaded');
      const config = files.configPath ? parsePbtxt(await readFile(files.configPath, 'utf8')) : undefined;
      entry = { ...base, ready: true, metadata: buildMetadata(files.name, files.version, loaded, config) };
    } catch (error) {
      entry = { ...base, ready: false, reason: error instanceof Error ? error.message : String(error) };
    }
    this.#entries.set(files.name, entry);
    return entry;
  }

  /** Forgets a model (an uploaded one being unloaded). */
  remove(name: string): void {
    this.#entries.delete(name);
  }

  /** All models, ready or not, by name. */
  list(): ModelEntry[] {
    return [...this.#entries.values()];
  }

  /** The model, or Triton's 404; a version other than the one loaded is unknown too. */
  find(name: string, version?: string): ModelEntry {
    const entry = this.#entries.get(name);
    if (!entry || (version !== undefined && version !== entry.version)) throw unknownModel(name, version);
    return entry;
  }

  /** A model that can run now: 404 when unknown, 503 when it failed to load. */
  ready(name: string, version?: string): Extract<ModelEntry, { ready: true }> {
    const entry = this.find(name, version);
    if (!entry.ready) throw new V2Error(503, `model '${name}' is not ready: ${entry.reason}`);
    return entry;
  }
}
