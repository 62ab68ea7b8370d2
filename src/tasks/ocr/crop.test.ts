import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../model-runner.ts';
import { applyHomography, cropQuad, perspectiveTransform } from './crop.ts';
import type { Point, Quad } from './types.ts';

/** A picture whose red channel is x and green channel is y (so a sample tells where it came from). */
function coordinates(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 0, 255], (y * width + x) * 4);
  return { width, height, data };
}
const at = (im: RgbaImage, x: number, y: number) => [im.data[(y * im.width + x) * 4], im.data[(y * im.width + x) * 4 + 1]];

describe('perspective transform', () => {
  it('maps the four corners where asked', () => {
    const from: Point[] = [[0, 0], [10, 0], [10, 5], [0, 5]];
    const to: Point[] = [[3, 2], [40, 6], [38, 30], [1, 25]];
    const h = perspectiveTransform(from, to);
    from.forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(q[0]).toBeCloseTo(to[i]![0], 9);
      expect(q[1]).toBeCloseTo(to[i]![1], 9);
    });
  });
  it('refuses a quad that is a line', () => {
    expect(() => perspectiveTransform([[0, 0], [1, 0], [2, 0], [3, 0]], [[0, 0], [1, 0], [1, 1], [0, 1]])).toThrow(/degenerate/);
  });
});

describe('cropQuad', () => {
  const src = coordinates(100, 80);
  it('cuts an axis-aligned quad pixel for pixel', () => {
    const crop = cropQuad(src, [[10, 20], [50, 20], [50, 30], [10, 30]]);
    expect([crop.width, crop.height]).toEqual([40, 10]);
    expect(at(crop, 0, 0)).toEqual([10, 20]);
    expect(at(crop, 39, 9)).toEqual([49, 29]);
  });
  it('straightens a rotated quad (bilinear between pixels)', () => {
    // A 40 × 10 box turned 30° about (50, 40): the crop's centre samples the picture's centre.
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const rot = ([x, y]: Point): Point => [50 + x * c - y * s, 40 + x * s + y * c];
    const quad = ([[-20, -5], [20, -5], [20, 5], [-20, 5]] as Point[]).map(rot) as Quad;
    const crop = cropQuad(src, quad);
    expect([crop.width, crop.height]).toEqual([40, 10]);
    const [x, y] = at(crop, 20, 5);
    expect(Math.abs(x! - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs(y! - 40)).toBeLessThanOrEqual(1);
    // Along the crop's top row, x and y both grow (the line runs down-right at 30°).
    const [x1, y1] = at(crop, 30, 0);
    const [x0, y0] = at(crop, 10, 0);
    expect(x1! - x0!).toBeCloseTo(20 * c, -0.5);
    expect(y1! - y0!).toBeCloseTo(20 * s, -0.5);
  });
  it('turns a tall crop into a wide line', () => {
    const crop = cropQuad(src, [[10, 10], [20, 10], [20, 50], [10, 50]]);
    expect([crop.width, crop.height]).toEqual([40, 10]);
    // Counter-clockwise: the tall crop's top-right corner becomes the top-left.
    expect(at(crop, 0, 0)).toEqual([19, 10]);
  });
});
