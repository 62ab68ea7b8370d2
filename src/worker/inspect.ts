/**
 * The Model Lab's inspector: decodes a ModelProto with onnx-proto (the official onnx.proto
 * compiled by protobufjs, not a hand-written parser) and reduces it to `ModelFacts`.
 * Pure: bytes in, facts out, so Node unit tests run the same code the worker ships.
 */
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import type { DimFact, InitializerFact, InspectOutcome, ModelFacts, OpCount, TensorFact } from '../shared/model-facts.ts';

const { onnx } = onnxProto;
type Graph = Onnx.IGraphProto;
type TypeProto = Onnx.ITypeProto;

/** protobufjs gives int64 as a number, or as a Long where the `long` package is loaded (Node). */
type IntLike = number | { toNumber(): number } | null | undefined;
const num = (value: IntLike): number => (value == null ? 0 : typeof value === 'number' ? value : value.toNumber());

/** TensorProto.DataType → name and element size in bits (0: variable, strings). */
const DTYPES: Record<number, [string, number]> = {
  1: ['float32', 32], 2: ['uint8', 8], 3: ['int8', 8], 4: ['uint16', 16], 5: ['int16', 16], 6: ['int32', 32],
  7: ['int64', 64], 8: ['string', 0], 9: ['bool', 8], 10: ['float16', 16], 11: ['float64', 64], 12: ['uint32', 32],
  13: ['uint64', 64], 14: ['complex64', 64], 15: ['complex128', 128], 16: ['bfloat16', 16], 17: ['float8e4m3fn', 8],
  18: ['float8e4m3fnuz', 8], 19: ['float8e5m2', 8], 20: ['float8e5m2fnuz', 8], 21: ['uint4', 4], 22: ['int4', 4],
};
const dtypeName = (type: number | null | undefined) => DTYPES[type ?? 0]?.[0] ?? `unknown(${type ?? 0})`;

/** ModelProto's field numbers: a real model's first byte is the tag of one of them. */
const MODEL_FIELDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25]);

function firstField(bytes: Uint8Array): number {
  let tag = 0;
  for (let i = 0, shift = 0; i < Math.min(bytes.length, 5); i++, shift += 7) {
    tag |= (bytes[i]! & 0x7f) << shift;
    if ((bytes[i]! & 0x80) === 0) return tag >>> 3;
  }
  return -1;
}

function tensorFact(name: string, type: TypeProto | null | undefined): TensorFact {
  const tensor = type?.tensorType;
  const dims: DimFact[] | null = tensor?.shape
    ? (tensor.shape.dim ?? []).map((d) => {
        if (d.dimParam) return d.dimParam;
        // `value` names the oneof member that was set; a dim with neither is unknown.
        const set = (d as { value?: string }).value === 'dimValue' || num(d.dimValue) > 0;
        return set ? num(d.dimValue) : null;
      })
    : null;
  return { name, dtype: tensor ? dtypeName(tensor.elemType) : type?.sequenceType ? 'sequence' : type?.mapType ? 'map' : 'unknown', dims };
}

function initializerFact(t: Onnx.ITensorProto): InitializerFact {
  const dims = (t.dims ?? []).map((d) => num(d));
  const elements = dims.reduce((a, b) => a * b, 1);
  const bits = DTYPES[t.dataType ?? 0]?.[1] ?? 0;
  const bytes = bits === 0 ? (t.stringData ?? []).reduce((sum, s) => sum + s.length, 0) : Math.ceil((elements * bits) / 8);
  const location = t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL ? t.externalData?.find((e) => e.key === 'location')?.value : undefined;
  return { name: t.name ?? '', dtype: dtypeName(t.dataType), dims, elements, bytes, ...(location ? { location } : {}) };
}

/** Nodes of a graph and of every subgraph in its attributes (If branches, Loop bodies). */
function* nodesOf(graph: Graph): Generator<{ domain: string; opType: string }> {
  for (const node of graph.node ?? []) {
    yield { domain: node.domain ?? '', opType: node.opType ?? '' };
    for (const attr of node.attribute ?? []) {
      if (attr.g) yield* nodesOf(attr.g);
      for (const g of attr.graphs ?? []) yield* nodesOf(g);
    }
  }
}

function describe(bytes: Uint8Array, model: Onnx.ModelProto): ModelFacts {
  const graph = model.graph!;
  const initializers = (graph.initializer ?? []).map(initializerFact);
  const initializerNames = new Set(initializers.map((i) => i.name));
  const histogram = new Map<string, OpCount>();
  let nodeCount = 0;
  for (const { domain, opType } of nodesOf(graph)) {
    nodeCount++;
    const key = `${domain}\u0000${opType}`;
    const entry = histogram.get(key) ?? { domain, opType, count: 0 };
    entry.count++;
    histogram.set(key, entry);
  }
  const external = initializers.filter((i) => i.location);
  return {
    irVersion: num(model.irVersion),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: num(o.version) })),
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    graphName: graph.name ?? '',
    fileBytes: bytes.length,
    parameterCount: initializers.reduce((sum, i) => sum + i.elements, 0),
    initializerCount: initializers.length,
    initializerBytes: initializers.reduce((sum, i) => sum + i.bytes, 0),
    externalBytes: external.reduce((sum, i) => sum + i.bytes, 0),
    externalFiles: [...new Set(external.map((i) => i.location!))],
    largestInitializers: [...initializers].sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name)).slice(0, 20),
    // Before IR 4 initializers were listed among the inputs too; they are not inputs to feed.
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name ?? '')).map((v) => tensorFact(v.name ?? '', v.type)),
    outputs: (graph.output ?? []).map((v) => tensorFact(v.name ?? '', v.type)),
    nodeCount,
    ops: [...histogram.values()].sort((a, b) => b.count - a.count || a.opType.localeCompare(b.opType)),
  };
}

/** Inspects a model file; never throws for bad bytes, it says what is wrong with them. */
export function inspectModel(bytes: Uint8Array): InspectOutcome {
  if (bytes.length === 0) return { ok: false, problem: 'empty', detail: 'the file has 0 bytes' };
  if (!MODEL_FIELDS.has(firstField(bytes))) {
    return { ok: false, problem: 'not-onnx', detail: `the file does not start like an ONNX ModelProto (first byte 0x${bytes[0]!.toString(16).padStart(2, '0')})` };
  }
  let model: Onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // protobufjs reports reading past the end as "index out of range": the file was cut short.
    const truncated = /index out of range/i.test(message);
    return { ok: false, problem: truncated ? 'truncated' : 'not-onnx', detail: message };
  }
  if (!model.graph || num(model.irVersion) <= 0) return { ok: false, problem: 'not-onnx', detail: 'no graph or IR version in the file' };
  return { ok: true, facts: describe(bytes, model) };
}
