import { describe, expect, it } from 'vitest';
import { stillToY4m } from './y4m.ts';

const header = (bytes: Uint8Array) => new TextDecoder().decode(bytes.slice(0, bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1) + 1));

describe('stillToY4m', () => {
  it('writes the header, one frame and three planes of the right size', () => {
    const red = { width: 2, height: 2, data: new Uint8Array([255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255]) };
    const out = stillToY4m(red, 4, 2);
    const head = header(out);
    expect(head).toBe('YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg\nFRAME\n');
    expect(out.length).toBe(head.length + 4 * 2 + 2 * 1 * 2);
    const y = out.slice(head.length, head.length + 8);
    // Centred: columns 1–2 are the red picture (Y = 0.299·255 ≈ 76), the rest white (255).
    expect([...y]).toEqual([255, 76, 76, 255, 255, 76, 76, 255]);
    const [u0, u1, v0, v1] = out.slice(head.length + 8);
    // Each chroma sample averages a 2×2 block: half red, half white.
    expect(u0).toBe(Math.round((128 - 0.168736 * 255 + 128) / 2));
    expect(v0).toBe(Math.round((128 + 0.5 * 255 + 128) / 2));
    expect([u1, v1]).toEqual([u0, v0]);
  });
  it('refuses odd frame sizes and pictures larger than the frame', () => {
    const one = { width: 1, height: 1, data: new Uint8Array(4) };
    expect(() => stillToY4m(one, 3, 2)).toThrow(/even/);
    expect(() => stillToY4m({ width: 4, height: 4, data: new Uint8Array(64) }, 2, 2)).toThrow(/larger/);
  });
});
