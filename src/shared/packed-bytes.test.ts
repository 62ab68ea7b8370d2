/**
 * BYTES stay packed (issue 12, item 4): one buffer and its offsets from the codec to the
 * session, never one object per element. 16 M empty elements, the size of the attack that
 * cost 7.4 GB when each element was its own Uint8Array, decode into 64 MB of offsets.
 */
import { describe, expect, it } from 'vitest';
import { HEADER_LENGTH, decodeInferRequest, encodeInferRequest, encodeInferResponse } from './kserve-v2.ts';
import { ortReady, packBytes, packStrings, packedAt, packedCount, transferablesOf, unpackBytes, type WireTensor } from './tensor.ts';

const utf8 = new TextEncoder();
/** A binary request whose one BYTES input is `blob` (the v2 framing: a u32 length before each element). */
function binaryRequest(shape: number[], blob: Uint8Array): { body: Uint8Array; length: number } {
  const header = utf8.encode(JSON.stringify({ inputs: [{ name: 'x', shape, datatype: 'BYTES', parameters: { binary_data_size: blob.length } }] }));
  const body = new Uint8Array(header.length + blob.length);
  body.set(header);
  body.set(blob, header.length);
  return { body, length: header.length };
}
const framed = (elements: Uint8Array[]) => {
  const out = new Uint8Array(elements.reduce((n, e) => n + 4 + e.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of elements) {
    view.setUint32(at, e.length, true);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
};

describe('packed BYTES', () => {
  it('packs elements into one fresh buffer and reads them back as views', () => {
    const source = [utf8.encode('서울'), new Uint8Array(0), Uint8Array.of(0, 255, 7)];
    const packed = packBytes(source);
    expect(packedCount(packed)).toBe(3);
    expect(Array.from(packed.offsets)).toEqual([0, 6, 6, 9]);
    expect(unpackBytes(packed)).toEqual(source);
    expect(packedAt(packed, 2).buffer).toBe(packed.bytes.buffer);
    expect(packed.bytes.buffer).not.toBe(source[0]!.buffer);
  });

  it('decodes a request straight into packed form, and both buffers transfer', () => {
    const elements = ['GJ', '', '1234 kWh', '광주'].map((s) => utf8.encode(s));
    const { body, length } = binaryRequest([2, 2], framed(elements));
    const t = decodeInferRequest(body, length, 'm', { rawBytes: true }).inputs['x']!;
    expect(t.type).toBe('bytes');
    if (t.type !== 'bytes') return;
    expect(unpackBytes(t.data)).toEqual(elements);
    expect(transferablesOf([t])).toEqual([t.data.bytes.buffer, t.data.offsets.buffer]);
    // The same bytes out again: a packed tensor is sent as it is.
    const echoed = encodeInferResponse({ modelName: 'm', outputs: { y: t } }, { binaryOutputDefault: true, binaryByOutput: {} });
    expect(Buffer.from(echoed.body).includes(Buffer.from(framed(elements)))).toBe(true);
  });

  it('holds 16 M empty elements in about 64 MB, not an object each', () => {
    const count = 16 * 1024 * 1024;
    const { body, length } = binaryRequest([16, 1024 * 1024], new Uint8Array(4 * count));
    const before = process.memoryUsage();
    const t = decodeInferRequest(body, length, 'm', { rawBytes: true }).inputs['x']!;
    const after = process.memoryUsage();
    expect(t.type === 'bytes' && packedCount(t.data)).toBe(count);
    const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    // 4 bytes of offset per element; one Uint8Array per element would be > 1.5 GB.
    expect(grown).toBeLessThan(128 * 1024 * 1024);
  });

  it('refuses framing that does not match the shape', () => {
    const two = framed([utf8.encode('a'), utf8.encode('b')]);
    expect(() => decodeInferRequest(binaryRequest([3], two).body, binaryRequest([3], two).length, 'm', { rawBytes: true })).toThrow(/holds 2 BYTES elements, its shape needs 3/);
    expect(() => decodeInferRequest(binaryRequest([1], two).body, binaryRequest([1], two).length, 'm', { rawBytes: true })).toThrow(/holds 2 BYTES elements, its shape needs 1/);
    const overrun = Uint8Array.of(9, 0, 0, 0, 1);
    expect(() => decodeInferRequest(binaryRequest([1], overrun).body, binaryRequest([1], overrun).length, 'm', { rawBytes: true })).toThrow(/overruns/);
  });

  it('becomes text only for onnxruntime, and refuses bytes that are not UTF-8', () => {
    const ascii: WireTensor = { type: 'bytes', dims: [3], data: packBytes(['a', '', 'bc'].map((s) => utf8.encode(s))) };
    expect(ortReady(ascii)).toEqual({ type: 'string', dims: [3], data: ['a', '', 'bc'] });
    const korean: WireTensor = { type: 'bytes', dims: [2], data: packBytes(['계량기', 'm³'].map((s) => utf8.encode(s))) };
    expect(ortReady(korean).data).toEqual(['계량기', 'm³']);
    expect(() => ortReady({ type: 'bytes', dims: [1], data: packBytes([Uint8Array.of(0xff)]) })).toThrow(/not valid UTF-8/);
  });

  it("packs onnxruntime's strings as TextEncoder would, surrogates included", () => {
    const strings = ['', 'kWh', '약 1정', '🚗', 'a\ud800', '\udc00b', '\ud83d', '\ude97'];
    const t = packStrings([strings.length], strings);
    expect(unpackBytes(t.data)).toEqual(strings.map((s) => utf8.encode(s)));
  });

  it('round-trips text a client sends as JSON', () => {
    const { body, headers } = encodeInferRequest({ x: { type: 'string', dims: [2], data: ['hello', '세계'] } }, { binary: false });
    const t = decodeInferRequest(body, headers[HEADER_LENGTH] === undefined ? undefined : Number(headers[HEADER_LENGTH]), 'm', { rawBytes: true }).inputs['x']!;
    expect(ortReady(t).data).toEqual(['hello', '세계']);
  });
});
