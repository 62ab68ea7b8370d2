/**
 * The one typed contract between the worker pool and its session workers (STYLE.md §1).
 * Only plain data crosses; tensor buffers are transferred, not copied.
 */
import type { NamedTensors } from '../shared/tensor.ts';

/** What ORT reports about one model input or output (`type` is ORT's `Tensor.Type`). */
export interface SessionIo {
  name: string;
  type: string;
  /** Symbolic dims are names, fixed dims numbers. */
  shape: Array<number | string>;
}

/** `workerData` of every session worker. */
export interface WorkerInit {
  intraOpThreads: number;
  executionProvider: string;
  /** onnxruntime's CPU memory arena (`CPU_MEM_ARENA`, see SERVER.md "Memory"). */
  cpuMemArena: boolean;
}

export type ToWorker =
  | { kind: 'load'; key: string; path: string }
  | { kind: 'unload'; key: string }
  | { kind: 'run'; id: number; key: string; inputs: NamedTensors; outputs: string[] };

export type FromWorker =
  | { kind: 'loaded'; key: string; inputs: SessionIo[]; outputs: SessionIo[] }
  | { kind: 'load-failed'; key: string; message: string }
  | { kind: 'result'; id: number; outputs: NamedTensors; computeMs: number }
  | { kind: 'run-failed'; id: number; message: string; fault: RunFault };

/** Whose fault a failed run was: the request's (400), memory (400 or 503, see worker-pool.ts) or the server's (500). */
export type RunFault = 'input' | 'memory' | 'runtime';
