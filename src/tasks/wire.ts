/**
 * Building blocks of the task codecs (`Task.wire`): a job's bytes in a BYTES tensor, JSON in
 * a BYTES tensor, and float tables. Readers throw `TaskInputError`, which the server answers
 * with 400.
 */
import { packBytes, unpackBytes, type NamedTensors, type WireTensor } from '../shared/tensor.ts';
import { TaskInputError } from './task.ts';

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** One element of raw bytes (the encoded photo, the WAV): shape [1]. */
export const bytesTensor = (bytes: Uint8Array): WireTensor => ({ type: 'bytes', dims: [1], data: packBytes([bytes]) });

/** JSON values, one per element: shape [n]. */
export const jsonTensor = (values: unknown[]): WireTensor => ({ type: 'string', dims: [values.length], data: values.map((v) => JSON.stringify(v)) });

/** Rows of `width` floats: shape [rows.length, ...inner]. */
export function floatTable(rows: number[][], inner: number[]): WireTensor {
  const width = inner.reduce((a, b) => a * b, 1);
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, i) => data.set(row.slice(0, width), i * width));
  return { type: 'float32', dims: [rows.length, ...inner], data };
}

function tensor(tensors: NamedTensors, name: string): WireTensor {
  const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
  if (!t) throw new TaskInputError(`the job has no '${name}' tensor`);
  return t;
}

/** The elements of a BYTES tensor as bytes, whether it was read raw or as text. */
export function readElements(tensors: NamedTensors, name: string): Uint8Array[] {
  const t = tensor(tensors, name);
  if (t.type === 'bytes') return unpackBytes(t.data);
  if (t.type === 'string') return t.data.map((s) => utf8.encode(s));
  throw new TaskInputError(`'${name}' must be BYTES, got ${t.type}`);
}

/** The single element of a BYTES tensor of shape [1]. */
export function readSingleBytes(tensors: NamedTensors, name: string): Uint8Array {
  const elements = readElements(tensors, name);
  if (elements.length !== 1) throw new TaskInputError(`'${name}' must hold exactly one element, got ${elements.length}`);
  return elements[0]!;
}

/** Each element of a BYTES tensor parsed as JSON. */
export function readJson(tensors: NamedTensors, name: string): unknown[] {
  return readElements(tensors, name).map((element, i) => {
    try {
      return JSON.parse(text.decode(element)) as unknown;
    } catch {
      throw new TaskInputError(`element ${i} of '${name}' is not JSON`);
    }
  });
}

/** Rows of a float32 tensor shaped [rows, ...inner]. */
export function readFloatRows(tensors: NamedTensors, name: string, inner: number[]): Float32Array[] {
  const t = tensor(tensors, name);
  if (t.type !== 'float32') throw new TaskInputError(`'${name}' must be FP32, got ${t.type}`);
  const width = inner.reduce((a, b) => a * b, 1);
  if (t.dims.length !== inner.length + 1 || inner.some((d, i) => t.dims[i + 1] !== d)) {
    throw new TaskInputError(`'${name}' must be shaped [-1,${inner.join(',')}], got [${t.dims.join(',')}]`);
  }
  return Array.from({ length: t.dims[0]! }, (_, i) => t.data.subarray(i * width, (i + 1) * width));
}
