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
