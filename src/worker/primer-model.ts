/**
 * The smallest ONNX model onnxruntime accepts (y = Identity(x), one float), written out as
 * protobuf bytes here so no file has to be fetched. Creating a session on it is how a worker
 * starts ORT's WebAssembly runtime (wasm fetch, compile, instantiate, thread pool, ORT's
 * environment) before a real model's bytes arrive: onnxruntime-web has no public call for that
 * alone; its backend starts on the first `InferenceSession.create`.
 */

/** A protobuf field header: field number and wire type (0 varint, 2 length-delimited). */
const key = (field: number, wire: 0 | 2) => (field << 3) | wire;
/** Lengths and values here are all below 128, so each varint is one byte. */
const varint = (field: number, value: number) => [key(field, 0), value];
const bytes = (field: number, body: number[]) => [key(field, 2), body.length, ...body];
const text = (field: number, s: string) => bytes(field, [...new TextEncoder().encode(s)]);

/** ValueInfoProto: a float32 tensor of shape [1]. */
const floatOne = (name: string) => [...text(1, name), ...bytes(2, bytes(1, [...varint(1, 1), ...bytes(2, bytes(1, varint(1, 1)))]))];

function build(): Uint8Array {
  const node = [...text(1, 'x'), ...text(2, 'y'), ...text(4, 'Identity')];
  const graph = [...bytes(1, node), ...text(2, 'primer'), ...bytes(11, floatOne('x')), ...bytes(12, floatOne('y'))];
  // ir_version 8, opset 17 (any opset ORT 1.30 supports would do), then the graph.
  return new Uint8Array([...varint(1, 8), ...bytes(8, varint(2, 17)), ...bytes(7, graph)]);
}

/** A fresh copy each call: ORT may take ownership of the buffer it is given. */
export const primerModel = (): Uint8Array => build();
