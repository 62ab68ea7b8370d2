/**
 * The Lab's datacenter column. The model goes to the server with Triton's model repository
 * extension (`load` with the file in the body) under a content-addressed name,
 * `lab-<first 16 hex of sha256>`: the same bytes always get the same name, so a model
 * already uploaded is reused and a same-named but different model is never run by mistake.
 * A repository model that merely shares the Lab model's name is only used when the server
 * refuses uploads, and the report says so. Nothing leaves the device before consent.
 */
import type { LabModelRecord } from '../../lab/lab-store.ts';
import * as labStore from '../../lab/lab-store.ts';
import { EngineError } from '../../shared/errors.ts';
import { sha256Hex } from '../../shared/sha256.ts';
import type { NamedTensors } from '../../shared/tensor.ts';
import { consent, engine } from './runtime.ts';

export interface DatacenterBench {
  outputs: NamedTensors;
  createMs?: number;
  firstRunMs: number;
  warmMs: number[];
  datacenterModel: { name: string; uploaded: boolean };
}

/** The server's name for a Lab model's bytes. */
export const uploadName = (sha256: string) => `lab-${sha256.slice(0, 16)}`;

async function ensureModel(record: LabModelRecord, signal: AbortSignal): Promise<{ name: string; uploaded: boolean; createMs?: number }> {
  const file = await labStore.readModelFile(record.id);
  if (!file) throw new EngineError('ModelLoadError', `Lab model '${record.name}' is not stored on this device any more`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = uploadName(await sha256Hex(bytes));
  const ready = (model: string) => engine.datacenterCall((remote) => remote.ready(model, signal));
  if (await ready(name)) return { name, uploaded: true };
  const files: Record<string, Uint8Array> = { '1/model.onnx': bytes };
  for (const { path } of record.externalFiles) {
    const blob = await labStore.readExternalFile(record.id, path);
    if (blob) files[`1/${path}`] = new Uint8Array(await blob.arrayBuffer());
  }
  const t0 = performance.now();
  try {
    await engine.datacenterCall((remote) => remote.loadModel(name, { config: JSON.stringify({ name, backend: 'onnxruntime' }), files }, signal));
    return { name, uploaded: true, createMs: performance.now() - t0 };
  } catch (error) {
    // Uploads refused (an endpoint without the extension, or with uploads off): a repository
    // model of the same name is the only way left, and the report records that it was not ours.
    const refused = error instanceof EngineError && (error.name === 'DatacenterError' || error.name === 'DatacenterAuthError');
    if (refused && (await ready(record.name))) return { name: record.name, uploaded: false };
    throw error;
  }
}

export async function runOnDatacenter(record: LabModelRecord, inputs: NamedTensors, warmRuns: number, signal: AbortSignal): Promise<DatacenterBench> {
  if (!(await consent.ask({ id: record.name, url: '' }, 'model-upload'))) {
    throw new EngineError('DatacenterError', 'sending the model to the datacenter was declined');
  }
  const model = await ensureModel(record, signal);
  const infer = () => engine.datacenterCall((remote) => remote.infer(model.name, inputs, signal));
  const first = await infer();
  const warmMs: number[] = [];
  for (let i = 0; i < warmRuns; i++) warmMs.push((await infer()).totalMs);
  return {
    outputs: first.outputs,
    ...(model.createMs === undefined ? {} : { createMs: model.createMs }),
    firstRunMs: first.totalMs,
    warmMs,
    datacenterModel: { name: model.name, uploaded: model.uploaded },
  };
}
