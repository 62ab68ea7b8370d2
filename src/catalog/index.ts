/**
 * The catalog the app ships with, validated once at start-up, and the engine's view of a
 * catalog model: where its weights are and the sha256 they must have.
 */
import raw from '../../models/catalog.json';
import type { ModelRef } from '../shared/protocol.ts';
import { parseCatalog, type CatalogModel } from './catalog.ts';

export const catalog = parseCatalog(raw);

export function findModel(id: string): CatalogModel | undefined {
  return catalog.models.find((m) => m.id === id);
}

/**
 * The files beside a model's weights that its task reads (the recognizer's dictionary), as
 * engine references: downloaded, verified by sha256 and cached like the weights, so whatever
 * ran once runs offline. Each is named by its repository path, `ppocr-rec/1/ppocr_keys_v1.txt`.
 */
export function fileRefsOf(model: CatalogModel): ModelRef[] {
  return model.files
    .filter((f) => f.path !== '1/model.onnx')
    .map((f) => ({ id: `${model.id}/${f.path}`, url: `models/${model.id}/${f.path}`, sha256: f.sha256, bytes: f.bytes }));
}

/** Every model and every file beside one: what "download all for offline" stores. */
export function everyRef(): ModelRef[] {
  return catalog.models.flatMap((m) => [modelRef(m), ...fileRefsOf(m)]);
}

/** A stored entry's title: the model's, or for a file beside it, the model's and the file's name. */
export function entryTitle(id: string, lang: 'ko' | 'en'): string {
  const model = findModel(id) ?? catalog.models.find((m) => id.startsWith(`${m.id}/`));
  if (!model) return id;
  return model.id === id ? model.title[lang] : `${model.title[lang]} · ${id.split('/').pop()}`;
}

/** The engine reference for a catalog model: URL, checksum and size of its `1/model.onnx`. */
export function modelRef(model: CatalogModel): ModelRef {
  const file = model.files.find((f) => f.path === '1/model.onnx')!;
  return {
    id: model.id,
    url: `models/${model.id}/${file.path}`,
    sha256: file.sha256,
    bytes: file.bytes,
    cpuMsPerRun: model.hints.cpuMsPerRun,
    ...(model.hints.webgpuUnreliable ? { webgpuUnreliable: true } : {}),
  };
}
