/**
 * The Lab's model library on the page: adding models (files with their external data, or an
 * address), checking size before reading, inspection in the worker, rename and delete.
 * Models live in IndexedDB (`ax-lab`), so they survive a reload.
 */
import { labModelRef } from '../../lab/lab-ref.ts';
import { LabProblem, type LabProblemCode } from '../../lab/lab-error.ts';
import * as labStore from '../../lab/lab-store.ts';
import type { LabModelRecord } from '../../lab/lab-store.ts';
import { checkModelSize } from '../../lab/limits.ts';
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import { engine } from './runtime.ts';

/** Something to tell the visitor: a Lab check (`lab.problem.*`) or an engine error (`error.*`). */
export type LabNotice = { kind: 'problem'; code: LabProblemCode; detail: string } | { kind: 'engine'; error: EngineError };

export function toNotice(error: unknown): LabNotice {
  return error instanceof LabProblem ? { kind: 'problem', code: error.code, detail: error.message } : { kind: 'engine', error: toEngineError(error) };
}

const newId = () => crypto.randomUUID();
const baseName = (name: string) => name.replace(/\.onnx$/i, '');

export class LabLibrary {
  models = $state.raw<LabModelRecord[]>([]);
  selected = $state.raw<LabModelRecord | undefined>();
  notice = $state.raw<LabNotice | undefined>();
  /** A file being stored or inspected (its name), for the busy indicator. */
  adding = $state<string | undefined>();

  async refresh(): Promise<void> {
    this.models = await labStore.listModels();
    if (this.selected) this.selected = this.models.find((m) => m.id === this.selected!.id);
  }

  /**
   * Adds the files dropped or chosen: the `.onnx` one is the model, the others its external
   * data. The size is checked before a byte is read; a file that is not an ONNX model is
   * removed again after the worker's inspection says so.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    this.notice = undefined;
    const model = files.find((f) => /\.onnx$/i.test(f.name)) ?? files[0];
    if (!model) return;
    const externals = files.filter((f) => f !== model).map((f) => ({ path: f.name, file: f as Blob }));
    await this.#add(model.name, model, externals);
  }

  /** Downloads a model from an address (404 and CORS refusals are told apart where the browser allows). */
  async addUrl(address: string): Promise<void> {
    this.notice = undefined;
    let url: URL;
    try {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local value, not reactive state
      url = new URL(address, location.href);
    } catch {
      this.notice = { kind: 'problem', code: 'url-not-found', detail: `'${address}' is not an address` };
      return;
    }
    this.adding = url.href;
    try {
      let response: Response;
      try {
        response = await fetch(url, { mode: 'cors', credentials: 'omit' });
      } catch (error) {
        // The browser hides why: CORS, a refused connection and the page's CSP look the same.
        throw new LabProblem('url-blocked', `${url.href}: ${String(error)}`);
      }
      if (!response.ok) throw new LabProblem('url-not-found', `${url.href} answered ${response.status} ${response.statusText}`);
      const length = Number(response.headers.get('content-length'));
      if (length > 0) checkModelSize(length);
      const blob = await response.blob();
      const fileName = decodeURIComponent(url.pathname.split('/').pop() || 'model.onnx');
      await this.#add(fileName, blob, [], url.href);
    } catch (error) {
      this.notice = toNotice(error);
    } finally {
      this.adding = undefined;
    }
  }

  async #add(fileName: string, file: Blob, externals: { path: string; file: Blob }[], url?: string): Promise<void> {
    this.adding = fileName;
    const id = newId();
    try {
      checkModelSize(file.size);
      const record: LabModelRecord = {
        id,
        name: baseName(fileName),
        fileName,
        bytes: file.size,
        addedAt: Date.now(),
        ...(url ? { url } : {}),
        externalFiles: externals.map((e) => ({ path: e.path, bytes: e.file.size })),
      };
      await labStore.addModel(record, file, externals);
      const outcome = await engine.inspect(id);
      if (!outcome.ok) {
        await labStore.deleteModel(id);
        throw new LabProblem(outcome.problem, outcome.detail);
      }
      await labStore.updateModel(id, { facts: outcome.facts });
      await this.refresh();
      this.selected = this.models.find((m) => m.id === id);
    } catch (error) {
      this.notice = toNotice(error);
    } finally {
      this.adding = undefined;
    }
  }

  select(id: string): void {
    this.notice = undefined;
    this.selected = this.models.find((m) => m.id === id);
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return;
    await labStore.updateModel(id, { name: trimmed });
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    await engine.release(labModelRef(id).id);
    await labStore.deleteModel(id);
    if (this.selected?.id === id) this.selected = undefined;
    await this.refresh();
  }
}
