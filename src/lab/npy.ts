/**
 * A reader for NumPy's .npy files (format versions 1, 2 and 3): little-endian f2/f4/f8,
 * i1/i2/i4/i8, u1/u2/u4/u8 and b1, C order. Spec: numpy.lib.format.
 */
import type { NumericTensorType, WireTensor } from '../shared/tensor.ts';
import { LabProblem } from './lab-error.ts';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** descr (without its byte-order mark) → the wire tensor type. */
const DESCR: Record<string, NumericTensorType> = {
  f2: 'float16', f4: 'float32', f8: 'float64',
  i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64',
  u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  b1: 'bool',
};

const ARRAYS = {
  float16: Uint16Array, float32: Float32Array, float64: Float64Array, int8: Int8Array, int16: Int16Array, int32: Int32Array,
  int64: BigInt64Array, uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array, bool: Uint8Array,
} as const;

export function readNpy(bytes: Uint8Array): WireTensor {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new LabProblem('npy-invalid', 'not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let start: number;
  if (major === 1) [headerLength, start] = [view.getUint16(8, true), 10];
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new LabProblem('npy-invalid', 'the .npy header is cut short');
    [headerLength, start] = [view.getUint32(8, true), 12];
  } else throw new LabProblem('npy-unsupported', `.npy format version ${major} is not supported`);
  if (start + headerLength > bytes.length) throw new LabProblem('npy-invalid', 'the .npy header is cut short');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new LabProblem('npy-invalid', `unreadable .npy header: ${header.trim()}`);
  if (fortran === 'True') throw new LabProblem('npy-unsupported', 'Fortran-order arrays are not supported; save with np.ascontiguousarray');
  const order = descr[0];
  const type = DESCR[descr.slice(1)];
  if (!type || order === '>' || (order === '|' && !['u1', 'i1', 'b1'].includes(descr.slice(1)))) {
    throw new LabProblem('npy-unsupported', `.npy dtype '${descr}' is not supported (little-endian f2/f4/f8, i1–i8, u1–u8, b1)`);
  }
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new LabProblem('npy-invalid', `bad shape (${shapeText})`);
  const count = dims.reduce((a, b) => a * b, 1);
  const Ctor = ARRAYS[type];
  const dataStart = start + headerLength;
  const byteLength = count * Ctor.BYTES_PER_ELEMENT;
  if (dataStart + byteLength > bytes.length) throw new LabProblem('npy-invalid', `the .npy data is cut short: ${bytes.length - dataStart} of ${byteLength} bytes`);
  // Copy into a buffer of its own: typed arrays need aligned offsets, and the copy can be transferred.
  const data = new Ctor(bytes.slice(dataStart, dataStart + byteLength).buffer);
  return { type, dims, data } as WireTensor;
}
