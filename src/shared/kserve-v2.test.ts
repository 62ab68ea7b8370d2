import { describe, expect, it } from 'vitest';
import {
  HEADER_LENGTH,
  V2Error,
  MAX_JSON_CONTAINERS,
  MAX_JSON_VALUES,
  REQUEST_JSON_LIMITS,
  checkJson,
  decodeInferRequest,
  decodeInferResponse,
  encodeInferRequest,
  encodeInferResponse,
  fromV2Datatype,
  toV2Datatype,
  wantsBinary,
} from './kserve-v2.ts';
import type { NamedTensors, WireTensor } from './tensor.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const headerLength = (h: Record<string, string>) => (h[HEADER_LENGTH] === undefined ? undefined : Number(h[HEADER_LENGTH]));

/** One tensor of every type, with edge values (extremes, NaN/Inf, empty and non-ASCII strings). */
const EVERY_TYPE: NamedTensors = {
  b: { type: 'bool', dims: [3], data: Uint8Array.from([1, 0, 1]) },
  u8: { type: 'uint8', dims: [2], data: Uint8Array.from([0, 255]) },
  u16: { type: 'uint16', dims: [2], data: Uint16Array.from([0, 65535]) },
  u32: { type: 'uint32', dims: [2], data: Uint32Array.from([0, 4294967295]) },
  u64: { type: 'uint64', dims: [2], data: BigUint64Array.from([0n, 2n ** 53n - 1n]) },
  i8: { type: 'int8', dims: [2], data: Int8Array.from([-128, 127]) },
  i16: { type: 'int16', dims: [2], data: Int16Array.from([-32768, 32767]) },
  i32: { type: 'int32', dims: [2], data: Int32Array.from([-(2 ** 31), 2 ** 31 - 1]) },
  i64: { type: 'int64', dims: [2], data: BigInt64Array.from([-(2n ** 53n) + 1n, 2n ** 53n - 1n]) },
  f16: { type: 'float16', dims: [2], data: Uint16Array.from([0x3c00, 0x7e00]) },
  f32: { type: 'float32', dims: [2, 2], data: Float32Array.from([1.5, NaN, Infinity, -Infinity]) },
  f64: { type: 'float64', dims: [1, 2], data: Float64Array.from([Math.PI, -0.25]) },
  s: { type: 'string', dims: [3], data: ['', 'abc', '안녕 🌏'] },
};

const roundTrip = (inputs: NamedTensors, binary: boolean) => {
  const { body, headers } = encodeInferRequest(inputs, { binary });
  return decodeInferRequest(body, headerLength(headers)).inputs;
};

describe('datatypes', () => {
  it('maps both ways and refuses unknown names', () => {
    expect(toV2Datatype('float16')).toBe('FP16');
    expect(toV2Datatype('string')).toBe('BYTES');
    expect(fromV2Datatype('UINT64')).toBe('uint64');
    expect(fromV2Datatype('FP8')).toBeUndefined();
    expect(fromV2Datatype('toString')).toBeUndefined();
  });
});

describe('the UINT32 [2,2] binary example of KSERVE-V2.md', () => {
  const json = '{"inputs":[{"name":"x","shape":[2,2],"datatype":"UINT32","parameters":{"binary_data_size":16}}],"outputs":[{"name":"y","parameters":{"binary_data":true}}]}';
  const blob = new Uint8Array(new Uint32Array([1, 2, 3, 0xffffffff]).buffer);
  const body = new Uint8Array([...enc.encode(json), ...blob]);

  it('decodes the request', () => {
    const request = decodeInferRequest(body, enc.encode(json).length, 'm');
    expect(request.inputs['x']).toEqual({ type: 'uint32', dims: [2, 2], data: Uint32Array.from([1, 2, 3, 0xffffffff]) });
    expect(request.outputs).toEqual(['y']);
    expect(request.binaryByOutput).toEqual({ y: true });
  });

  it('encodes the same bytes for the same request', () => {
    const x: WireTensor = { type: 'uint32', dims: [2, 2], data: Uint32Array.from([1, 2, 3, 0xffffffff]) };
    const { body: ours, headers } = encodeInferRequest({ x }, { binary: true, outputs: ['y'], binaryOutputs: true });
    expect(headers['Content-Type']).toBe('application/octet-stream');
    const n = Number(headers[HEADER_LENGTH]);
    expect(JSON.parse(dec.decode(ours.subarray(0, n)))).toMatchObject(JSON.parse(json));
    expect(ours.subarray(n)).toEqual(blob);
  });
});

describe('round trips', () => {
  it('every datatype, binary', () => {
    expect(roundTrip(EVERY_TYPE, true)).toEqual(EVERY_TYPE);
  });
  it('every datatype but FP16, JSON (NaN and Infinity as strings)', () => {
    const rest = Object.fromEntries(Object.entries(EVERY_TYPE).filter(([name]) => name !== 'f16'));
    const { body } = encodeInferRequest(rest, { binary: false });
    expect(dec.decode(body)).toContain('"NaN","Infinity","-Infinity"');
    expect(roundTrip(rest, false)).toEqual(rest);
  });
  it('zero-size dims and scalars', () => {
    const t: NamedTensors = { z: { type: 'float32', dims: [0, 4], data: new Float32Array(0) }, s: { type: 'int32', dims: [], data: Int32Array.of(7) } };
    expect(roundTrip(t, true)).toEqual(t);
    expect(roundTrip(t, false)).toEqual(t);
  });
  it('responses, with id and version, and binary_data winning over binary_data_output', () => {
    const outputs: NamedTensors = { a: EVERY_TYPE['f32']!, b: EVERY_TYPE['s']! };
    const request = { binaryOutputDefault: true, binaryByOutput: { b: false } };
    const { body, headers } = encodeInferResponse({ modelName: 'm', modelVersion: '1', id: 'r1', outputs }, request);
    const n = Number(headers[HEADER_LENGTH]);
    const header = JSON.parse(dec.decode(body.subarray(0, n))) as { outputs: { name: string; data?: unknown; parameters?: object }[] };
    expect(header.outputs[0]).toMatchObject({ name: 'a', parameters: { binary_data_size: 16 } });
    expect(header.outputs[1]).toMatchObject({ name: 'b', data: ['', 'abc', '안녕 🌏'] });
    expect(decodeInferResponse(body, n)).toEqual({ modelName: 'm', modelVersion: '1', id: 'r1', outputs });
  });
  it('the same bytes in a caller\'s uninitialised buffer (the server\'s pooled allocator) as in a fresh one, ASCII or not', () => {
    const dirty = (length: number) => Buffer.alloc(length, 0xee) as Uint8Array<ArrayBuffer>;
    for (const id of ['r1', '검사 🌏']) {
      const result = { modelName: 'm', modelVersion: '1', id, outputs: { a: EVERY_TYPE['f32']!, b: EVERY_TYPE['s']! } };
      const request = { binaryOutputDefault: true, binaryByOutput: {} };
      const fresh = encodeInferResponse(result, request);
      const pooled = encodeInferResponse(result, request, dirty);
      expect(Buffer.from(pooled.body).equals(Buffer.from(fresh.body)), id).toBe(true);
      expect(pooled.headers).toEqual(fresh.headers);
    }
  });
  it('a header sent again decodes the same, and no request can change what the next one reads', () => {
    const send = (values: number[], binary: boolean) => {
      const { body, headers } = encodeInferRequest({ x: { type: 'float32', dims: [1, 2], data: Float32Array.from(values) } }, { binary, id: 'same' });
      return decodeInferRequest(body, headerLength(headers));
    };
    for (const binary of [true, false]) {
      const first = send([1, 2], binary);
      // The same header text (binary: the values are in the blob; JSON: the same values).
      const again = send(binary ? [3, 4] : [1, 2], binary);
      expect(again.id).toBe('same');
      expect(Array.from(again.inputs['x']!.data as Float32Array)).toEqual(binary ? [3, 4] : [1, 2]);
      (first.inputs['x']!.data as Float32Array)[0] = 99;
      expect(() => first.inputs['x']!.dims.push(7)).toThrow(TypeError);
      expect(send([1, 2], binary).inputs['x']).toEqual({ type: 'float32', dims: [1, 2], data: Float32Array.of(1, 2) });
    }
  });
  it("binary tensors own their memory, even when the body is a slice of Node's Buffer pool", () => {
    const { body, headers } = encodeInferRequest({ x: EVERY_TYPE['f32']! }, { binary: true });
    const pooled = Buffer.from(body); // small Buffers share one 8 KiB pool
    const x = decodeInferRequest(pooled, headerLength(headers)).inputs['x']!;
    expect((x.data as Float32Array).buffer.byteLength).toBe(16);
    expect((x.data as Float32Array).buffer).not.toBe(pooled.buffer);
  });
  it('nested JSON data is read row-major', () => {
    const body = enc.encode('{"inputs":[{"name":"x","shape":[2,2],"datatype":"INT8","data":[[1,2],[3,-4]]}]}');
    expect(decodeInferRequest(body, undefined).inputs['x']!.data).toEqual(Int8Array.from([1, 2, 3, -4]));
  });
});

describe('refusals (400 with the reason)', () => {
  const fails = (body: string | Uint8Array, length?: number) => {
    try {
      decodeInferRequest(typeof body === 'string' ? enc.encode(body) : body, length, 'm');
    } catch (error) {
      expect(error).toBeInstanceOf(V2Error);
      expect((error as V2Error).status).toBe(400);
      return (error as V2Error).message;
    }
    throw new Error('expected a refusal');
  };
  const input = (extra: string) => `{"inputs":[{"name":"x",${extra}}]}`;

  it('FP16 via JSON, both ways', () => {
    expect(fails(input('"shape":[1],"datatype":"FP16","data":[1]'))).toMatch(/FP16 data via JSON is not supported/);
    expect(() => encodeInferRequest({ h: EVERY_TYPE['f16']! }, { binary: false })).toThrow(/FP16/);
  });
  it('byte size mismatch, with Triton words', () => {
    const json = input('"shape":[2,2],"datatype":"FP32","parameters":{"binary_data_size":12}');
    const body = new Uint8Array([...enc.encode(json), ...new Uint8Array(12)]);
    expect(fails(body, json.length)).toBe("input byte size mismatch for input 'x' for model 'm'. Expected 16, got 12");
  });
  it('element count overflow [16, 2^60]', () => {
    expect(fails(input(`"shape":[16,${2 ** 60}],"datatype":"FP32","data":[1]`))).toMatch(/invalid shape/);
  });
  it('header length larger than the body, zero, or fractional', () => {
    const body = enc.encode(input('"shape":[1],"datatype":"FP32","data":[1]'));
    expect(fails(body, body.length + 1)).toMatch(/inference header size should be in range/);
    expect(fails(body, 0)).toMatch(/header size/);
    expect(fails(body, 1.5)).toMatch(/header size/);
  });
  it('JSON nested too deep, before parsing', () => {
    expect(fails(input(`"shape":[1],"datatype":"FP32","data":${'['.repeat(100)}1${']'.repeat(100)}`))).toMatch(/nested too deep/);
    expect(() => checkJson(enc.encode('{"a":"[[[[[[[[[[[["}'), { ...REQUEST_JSON_LIMITS, depth: 2 })).not.toThrow(); // brackets in strings do not count
  });
  it('wrong element counts, values out of range, bad UTF-8, trailing bytes, unknown types', () => {
    expect(fails(input('"shape":[3],"datatype":"FP32","data":[1,2]'))).toMatch(/Expected 3, got 2/);
    expect(fails(input('"shape":[1],"datatype":"UINT8","data":[256]'))).toMatch(/cannot hold the value 256/);
    expect(fails(input('"shape":[1],"datatype":"INT32","data":[1.5]'))).toMatch(/cannot hold/);
    expect(fails(input('"shape":[1],"datatype":"BOOL","data":[1]'))).toMatch(/cannot hold/);
    expect(fails(input('"shape":[1],"datatype":"FP32","data":["1"]'))).toMatch(/cannot hold/);
    expect(fails(input('"shape":[1],"datatype":"FP8","data":[1]'))).toMatch(/unknown datatype/);
    const json = input('"shape":[1],"datatype":"BYTES","parameters":{"binary_data_size":5}');
    expect(fails(new Uint8Array([...enc.encode(json), 1, 0, 0, 0, 0xff]), json.length)).toMatch(/UTF-8/);
    const extra = input('"shape":[1],"datatype":"UINT8","parameters":{"binary_data_size":1}');
    expect(fails(new Uint8Array([...enc.encode(extra), 1, 2]), extra.length)).toMatch(/additional binary data/);
  });
  it('data and binary_data_size together, duplicates, malformed JSON', () => {
    expect(fails(input('"shape":[1],"datatype":"UINT8","data":[1],"parameters":{"binary_data_size":1}'))).toMatch(/explicit tensor data/);
    expect(fails('{"inputs":[{"name":"x","shape":[1],"datatype":"UINT8","data":[1]},{"name":"x","shape":[1],"datatype":"UINT8","data":[1]}]}')).toMatch(/duplicate/);
    expect(fails('{"inputs":[],"outputs":[{"name":"y"},{"name":"y"}]}')).toMatch(/duplicate inference output 'y'/);
    expect(fails('{"inputs":')).toMatch(/failed to parse/);
    expect(fails('[]')).toMatch(/must be an object/);
  });
  it("an empty 'outputs' (onnxruntime cannot run for nothing)", () => {
    expect(fails('{"inputs":[],"outputs":[]}')).toMatch(/'outputs' is empty/);
  });
  it('too many JSON values or containers, counted before parsing', () => {
    const limits = { ...REQUEST_JSON_LIMITS, values: 10, containers: 3 };
    expect(() => checkJson(enc.encode('[1,2,3,4,5,6,7,8,9]'), limits)).not.toThrow();
    expect(() => checkJson(enc.encode('[1,2,3,4,5,6,7,8,9,10,11]'), limits)).toThrow(/more than 10 values/);
    expect(() => checkJson(enc.encode('[{},{},{}]'), limits)).toThrow(/more than 3 arrays and objects/);
    expect(() => checkJson(enc.encode('["{},{},{},{},{},{},{},{},{},{},{},{}"]'), limits)).not.toThrow(); // inside a string
    // The attack of issue 12: `[{},{},…]` past the container bound (63 MB of it stalled JSON.parse for 16 s).
    const flood = enc.encode(`{"inputs":[${'{},'.repeat(MAX_JSON_CONTAINERS)}{}]}`);
    expect(fails(flood)).toMatch(new RegExp(`more than ${MAX_JSON_CONTAINERS} arrays and objects`));
    const numbers = enc.encode(`{"inputs":[${'0,'.repeat(MAX_JSON_VALUES)}0]}`);
    expect(fails(numbers)).toMatch(new RegExp(`more than ${MAX_JSON_VALUES} values`));
  });
  it('the bound still lets a 1×3×640×640 FP32 input through as JSON (1,228,800 numbers, nested by rows)', () => {
    const rows = Array.from({ length: 3 * 640 }, () => `[${'0,'.repeat(639)}0]`);
    const body = enc.encode(`{"inputs":[{"name":"x","shape":[1,3,640,640],"datatype":"FP32","data":[${rows.join(',')}]}]}`);
    expect(decodeInferRequest(body, undefined).inputs['x']!.data).toHaveLength(1_228_800);
  });
  it("a tensor named '__proto__' is an ordinary input, not the map's prototype", () => {
    const { inputs, binaryByOutput } = decodeInferRequest(
      enc.encode('{"inputs":[{"name":"__proto__","shape":[1],"datatype":"INT8","data":[1]}],"outputs":[{"name":"__proto__","parameters":{"binary_data":true}}]}'),
      undefined,
    );
    expect(Object.keys(inputs)).toEqual(['__proto__']);
    expect(Object.hasOwn(binaryByOutput, '__proto__')).toBe(true);
    expect(wantsBinary({ binaryOutputDefault: false, binaryByOutput }, '__proto__')).toBe(true);
  });
  it('a malformed response is a 502 for the client', () => {
    expect(() => decodeInferResponse(enc.encode('{"outputs":[]}'), undefined)).toThrow(expect.objectContaining({ status: 502 }));
  });
});
