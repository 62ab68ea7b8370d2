/**
 * Engine errors. Comlink keeps only `name`, `message` and `stack` of an error thrown in the
 * worker, so the kind travels in `name` and the client rebuilds a typed error from it.
 * Every kind has a ko/en message under `error.<kind>` in the i18n dictionaries.
 */
import type { Backend, SkipReason } from './protocol.ts';

export const ERROR_KINDS = [
  'AbortError',
  'WebGpuUnavailableError',
  'DeviceLostError',
  'OutOfMemoryError',
  'UnsupportedOpError',
  'ModelLoadError',
  'NetworkError',
  // The browser's storage quota refused something kept for offline use.
  'StorageFullError',
  'IntegrityError',
  'SessionError',
  'InvalidInputError',
  'RunError',
  'WorkerCrashedError',
  'DatacenterError',
  'DatacenterAuthError',
  // A job's input the task cannot read (a file that is no picture, a form value out of range).
  'TaskInputError',
  'UnreadableImageError',
  'HealthInputError',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export class EngineError extends Error {
  override readonly name: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = kind;
  }
}

function isKind(name: unknown): name is ErrorKind {
  return typeof name === 'string' && (ERROR_KINDS as readonly string[]).includes(name);
}

/** Rebuilds a typed error from whatever crossed the worker boundary (or was thrown locally). */
export function toEngineError(error: unknown, fallback: ErrorKind = 'RunError'): EngineError {
  if (error instanceof EngineError) return error;
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(message);
    return new EngineError(isKind(name) ? name : fallback, text);
  }
  return new EngineError(fallback, String(error));
}

/**
 * Sorts an onnxruntime failure into a kind by its message. ORT reports everything as a plain
 * Error, so its wording is all there is; patterns are from ORT 1.30's own messages.
 */
export function classifyRuntimeMessage(message: string, phase: 'create' | 'run'): ErrorKind {
  if (/out of memory|\bOOM\b|failed to allocate|bad_alloc|Array buffer allocation failed|memory access out of bounds/i.test(message)) {
    return 'OutOfMemoryError';
  }
  if (/device (was |is )?lost|device.*destroyed|GPUDevice.*lost/i.test(message)) return 'DeviceLostError';
  if (/Failed to get GPU adapter|WebGPU is not supported/i.test(message)) return 'WebGpuUnavailableError';
  if (/Could not find an implementation|NOT_IMPLEMENTED|not (yet )?supported|unsupported op|is not a registered function\/op|requires f16 but the device does not support/i.test(message)) {
    return 'UnsupportedOpError';
  }
  // Shapes that only clash inside the graph (a dynamic dim meeting a weight) are the input's fault too.
  if (phase === 'run' && /invalid (input|dimensions|rank|shape)|Got invalid|input .* (expected|type)|data type|dimension mismatch|shape mismatch|broadcast|Incompatible dimensions|dims\[\d+\] is invalid|out of range value in index|indices element out of data bounds/i.test(message)) {
    return 'InvalidInputError';
  }
  if (phase === 'create') {
    return /protobuf parsing failed|Failed to load model|invalid model|not an ONNX/i.test(message) ? 'ModelLoadError' : 'SessionError';
  }
  return 'RunError';
}

// onnxruntime's `file:line Function ` prefix (ORT_ENFORCE and ORT_THROW), with any directories.
const SOURCE_LOCATION = /(?:[\w.~-]*[\\/])*[\w.~-]+\.(?:cc|cpp|cxx|c|h|hpp|cu|inl|mm):\d+(?::\d+)? (?:[\w~:]+ )?/g;
// An absolute path of this machine (`/srv/models/x/1/model.onnx`, `C:\\models\\x`): not after a word or a URL's `//`.
const ABSOLUTE_PATH = /(?<![\w:/\\.-])(?:[A-Za-z]:\\|\/)(?:[^\s'"`:\\/]+[\\/])+[^\s'"`:\\/]*/g;

/**
 * An onnxruntime message fit to leave a server: no source locations of onnxruntime's build
 * (`matmul_helper.h:59 Compute `) and no absolute paths of the machine, which keep only
 * their last part (`model.onnx`). What the message says stays.
 */
export function sanitizeRuntimeMessage(message: string): string {
  return message.replace(SOURCE_LOCATION, '').replace(ABSOLUTE_PATH, (path) => path.slice(path.search(/[^\\/]*$/)));
}

/** Which errors mean "this rung cannot do it, try the next one", and why. Others stop the ladder. */
export function skipReasonFor(kind: ErrorKind, backend: Backend = 'wasm'): SkipReason | undefined {
  // An endpoint that is down, overloaded or unreachable: this device can still answer.
  if (backend === 'datacenter') {
    if (kind === 'DatacenterAuthError') return 'datacenter-refused';
    return kind === 'DatacenterError' || kind === 'NetworkError' ? 'datacenter-unavailable' : undefined;
  }
  switch (kind) {
    case 'WebGpuUnavailableError':
      return 'no-adapter';
    case 'DeviceLostError':
      return 'device-lost';
    case 'OutOfMemoryError':
      return 'out-of-memory';
    case 'UnsupportedOpError':
      return 'op-unsupported';
    case 'SessionError':
    case 'WorkerCrashedError':
      return 'session-failed';
    default:
      return undefined;
  }
}
