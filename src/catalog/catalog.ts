/**
 * The model catalog's types and its validation. A malformed entry is caught here by a unit
 * test (the real catalog is validated in Node), never in a visitor's session.
 */
import type { Lang } from '../i18n/index.ts';
import type { TensorType } from '../shared/tensor.ts';

export const SECTORS = ['automotive', 'healthcare', 'energy', 'citizen'] as const;
export type Sector = (typeof SECTORS)[number];

const TENSOR_TYPES: readonly TensorType[] = [
  'float32', 'float64', 'float16', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool', 'string',
];

export type Localized = Record<Lang, string>;

/** A dim is a size or a symbolic name (any size). */
export type Dim = number | string;

export interface TensorSpec {
  name: string;
  type: TensorType;
  dims: Dim[];
}

export interface CatalogFile {
  /** Relative to the model's folder, e.g. `1/model.onnx`. */
  path: string;
  /** Path inside the source package; absent for files committed to this repository. */
  from?: string;
  sha256: string;
  bytes: number;
}

export interface CatalogModel {
  id: string;
  title: Localized;
  description: Localized;
  sectors: Sector[];
  task: string;
  license: string;
  source: { package: string; version: string; upstream: string };
  files: CatalogFile[];
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /**
   * For the offload policy: a representative input, the value to fill it with where zeros
   * would not do (a sample rate), and the single-thread CPU time one run took
   * (scripts/measure-work.mjs).
   */
  hints: {
    referenceInputs: Record<string, number[]>;
    referenceFill?: Record<string, number>;
    cpuMsPerRun: number;
    /** Why ONNX Runtime's WebGPU backend is not trusted with this model (measured wrong outputs). */
    webgpuUnreliable?: string;
  };
}

export interface Catalog {
  version: 1;
  models: CatalogModel[];
}

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

type Check = (ok: boolean, problem: string) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function checkTensors(list: unknown, where: string, check: Check): void {
  check(Array.isArray(list) && list.length > 0, `${where} must be a non-empty list`);
  if (!Array.isArray(list)) return;
  list.forEach((t: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(t)) return check(false, `${at} must be an object`);
    check(isText(t['name']), `${at}.name is missing`);
    check(TENSOR_TYPES.includes(t['type'] as TensorType), `${at}.type '${String(t['type'])}' is not a tensor type`);
    const dims = t['dims'];
    check(
      Array.isArray(dims) && dims.every((d) => (Number.isInteger(d) && (d as number) >= 0) || isText(d)),
      `${at}.dims must be sizes or symbolic names`,
    );
  });
}

function checkModel(m: unknown, i: number, check: Check): void {
  const at = `models[${i}]`;
  if (!isObject(m)) return check(false, `${at} must be an object`);
  const id = m['id'];
  check(typeof id === 'string' && /^[a-z0-9][a-z0-9._-]*$/.test(id), `${at}.id '${String(id)}' must be a lowercase folder name`);
  for (const field of ['title', 'description'] as const) {
    const value = m[field];
    check(isObject(value) && isText(value['ko']) && isText(value['en']), `${at}.${field} needs ko and en`);
  }
  const sectors = m['sectors'];
  check(Array.isArray(sectors) && sectors.every((s) => SECTORS.includes(s as Sector)), `${at}.sectors must be among ${SECTORS.join(', ')}`);
  check(isText(m['task']), `${at}.task is missing`);
  check(isText(m['license']), `${at}.license is missing`);
  const source = m['source'];
  check(isObject(source) && isText(source['package']) && isText(source['version']) && isText(source['upstream']), `${at}.source needs package, version and upstream`);
  const files = m['files'];
  check(Array.isArray(files) && files.some((f) => isObject(f) && f['path'] === '1/model.onnx'), `${at}.files must include 1/model.onnx`);
  if (Array.isArray(files)) {
    files.forEach((f: unknown, j) => {
      const fat = `${at}.files[${j}]`;
      if (!isObject(f)) return check(false, `${fat} must be an object`);
      check(isText(f['path']) && /^\d+\/[\w.-]+$/.test(f['path']), `${fat}.path must be <version>/<file>`);
      check(typeof f['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(f['sha256']), `${fat}.sha256 must be 64 hex digits`);
      check(Number.isInteger(f['bytes']) && (f['bytes'] as number) > 0, `${fat}.bytes must be a positive integer`);
    });
  }
  checkTensors(m['inputs'], `${at}.inputs`, check);
  checkTensors(m['outputs'], `${at}.outputs`, check);
  const hints = m['hints'];
  check(
    isObject(hints) && isObject(hints['referenceInputs']) && typeof hints['cpuMsPerRun'] === 'number' && hints['cpuMsPerRun'] >= 0,
    `${at}.hints needs referenceInputs and cpuMsPerRun`,
  );
  if (isObject(hints) && 'webgpuUnreliable' in hints) check(typeof hints['webgpuUnreliable'] === 'string' && hints['webgpuUnreliable'].length > 0, `${at}.hints.webgpuUnreliable must say why`);
  if (isObject(hints) && isObject(hints['referenceInputs']) && Array.isArray(m['inputs'])) {
    for (const input of m['inputs'] as TensorSpec[]) {
      const dims = hints['referenceInputs'][input.name];
      const fits =
        Array.isArray(dims) &&
        Array.isArray(input.dims) &&
        dims.length === input.dims.length &&
        input.dims.every((d, k) => typeof d === 'string' || d === dims[k]);
      check(fits, `${at}.hints.referenceInputs.${input.name} must give a shape that fits [${String(input.dims)}]`);
    }
  }
}

/** Validates untrusted JSON as a catalog; throws a CatalogError listing every problem. */
export function parseCatalog(json: unknown): Catalog {
  const problems: string[] = [];
  const check: Check = (ok, problem) => void (ok || problems.push(problem));
  if (!isObject(json)) throw new CatalogError('catalog must be an object');
  check(json['version'] === 1, `catalog version ${String(json['version'])} is not supported`);
  const models = json['models'];
  check(Array.isArray(models), 'catalog.models must be a list');
  if (Array.isArray(models)) {
    models.forEach((m, i) => checkModel(m, i, check));
    const ids = models.map((m: unknown) => (isObject(m) ? m['id'] : undefined));
    ids.forEach((id, i) => check(ids.indexOf(id) === i, `model id '${String(id)}' appears twice`));
  }
  if (problems.length) throw new CatalogError(`invalid model catalog:\n- ${problems.join('\n- ')}`);
  return json as unknown as Catalog;
}

/** Total bytes of a model's files: what caching it costs. */
export function modelBytes(model: CatalogModel): number {
  return model.files.reduce((sum, f) => sum + f.bytes, 0);
}
