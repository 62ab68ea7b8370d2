/**
 * What the Model Lab's inspector learns from an ONNX file (src/worker/inspect.ts): plain data
 * that crosses the worker boundary and goes into the exported report as is.
 */

/** A dimension: a fixed size, a symbolic name (`batch`), or null when the model says nothing. */
export type DimFact = number | string | null;

export interface TensorFact {
  name: string;
  /** onnxruntime's type names (`float32`, `int64`, `bool`…); other ONNX types by their ONNX name in lower case (`bfloat16`). */
  dtype: string;
  /** null when the model does not declare a shape at all. */
  dims: DimFact[] | null;
}

export interface InitializerFact {
  name: string;
  dtype: string;
  dims: number[];
  elements: number;
  /** elements × element size (strings: the sum of their lengths). */
  bytes: number;
  /** Stored in an external data file (`location`) instead of the .onnx file. */
  location?: string;
}

export interface OpCount {
  /** '' is the default ONNX domain (ai.onnx). */
  domain: string;
  opType: string;
  count: number;
}

export interface ModelFacts {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  graphName: string;
  fileBytes: number;
  /** Every element of every initializer (weights, biases and constant tensors), including external ones. */
  parameterCount: number;
  initializerCount: number;
  initializerBytes: number;
  /** Bytes held in external data files, and those files' names (relative to the model). */
  externalBytes: number;
  externalFiles: string[];
  /** The largest initializers first (at most 20). */
  largestInitializers: InitializerFact[];
  inputs: TensorFact[];
  outputs: TensorFact[];
  /** Nodes, counted through subgraphs (If, Loop, Scan) too. */
  nodeCount: number;
  /** Op-type histogram, most frequent first. */
  ops: OpCount[];
}

/** Why a file is not an inspectable ONNX model; each has a ko/en message `lab.problem.<code>`. */
export type InspectProblem = 'empty' | 'not-onnx' | 'truncated';

export type InspectOutcome = { ok: true; facts: ModelFacts } | { ok: false; problem: InspectProblem; detail: string };
