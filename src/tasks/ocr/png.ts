/**
 * A small PNG decoder for Node tests and the evaluation script, which have no canvas (the
 * page decodes with the browser). Handles 8-bit non-interlaced grey, grey+alpha, RGB,
 * RGBA and palette images — what scripts/make-ocr-samples.mjs writes. Inflating is passed
 * in (`zlib.inflateSync` in Node) so this file stays free of runtime APIs.
 */
import type { RgbaImage } from '../model-runner.ts';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes PNG bytes to RGBA; throws naming the unsupported feature. */
export function decodePng(bytes: Uint8Array, inflate: (data: Uint8Array) => Uint8Array): RgbaImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== 0x89504e47) throw new TypeError('not a PNG file');
  let [width, height, colorType] = [0, 0, 0];
  let palette: Uint8Array = new Uint8Array(0);
  let alpha: Uint8Array = new Uint8Array(0);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      [width, height, colorType] = [h.getUint32(0), h.getUint32(4), body[9]!];
      if (body[8] !== 8 || body[12] !== 0) throw new TypeError(`PNG with bit depth ${body[8]} or interlace ${body[12]} is not supported; write 8-bit, non-interlaced`);
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') alpha = body;
    else if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!channels) throw new TypeError(`PNG colour type ${colorType} is not supported`);
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  idat.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
  const raw = unfilter(inflate(joined), width, height, channels);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = raw.subarray(i * channels, (i + 1) * channels);
    const rgba =
      colorType === 3 ? [palette[p[0]! * 3]!, palette[p[0]! * 3 + 1]!, palette[p[0]! * 3 + 2]!, alpha[p[0]!] ?? 255]
      : channels === 1 ? [p[0]!, p[0]!, p[0]!, 255]
      : channels === 2 ? [p[0]!, p[0]!, p[0]!, p[1]!]
      : [p[0]!, p[1]!, p[2]!, channels === 4 ? p[3]! : 255];
    data.set(rgba, i * 4);
  }
  return { width, height, data };
}

/** Undoes PNG's per-row filters (none, sub, up, average, Paeth). */
function unfilter(src: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = src[y * (stride + 1)]!;
    const row = src.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const at = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[at + x - bpp]! : 0;
      const b = y > 0 ? out[at - stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[at - stride + x - bpp]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[at + x] = (row[x]! + predictor) & 0xff;
    }
  }
  return out;
}
