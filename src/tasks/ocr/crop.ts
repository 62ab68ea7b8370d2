/**
 * Cuts a detected quad out of the picture as an upright line image (PaddleOCR
 * `get_rotate_crop_image`): a perspective warp of the quad onto a rectangle as wide as its
 * longer horizontal edge and as tall as its longer vertical edge, sampled bilinearly with
 * the border repeated. A crop at least 1.5 times taller than wide is a vertical line and
 * is turned a quarter counter-clockwise.
 */
import type { RgbaImage } from '../model-runner.ts';
import { distance } from './geometry.ts';
import { blankImage, rotate90ccw } from './image.ts';
import type { Point, Quad } from './types.ts';

/** Row-major 3×3 matrix. */
export type Homography = [number, number, number, number, number, number, number, number, number];

/** Solves A·x = b by Gaussian elimination with partial pivoting; throws on a singular system. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) throw new RangeError('degenerate quad: its corners do not span a plane');
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** The homography taking each `from[i]` to `to[i]` (OpenCV `getPerspectiveTransform`). */
export function perspectiveTransform(from: readonly Point[], to: readonly Point[]): Homography {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [[x, y], [u, v]] = [from[i]!, to[i]!];
    a.push([x, y, 1, 0, 0, 0, -x * u, -y * u]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -x * v, -y * v]);
    b.push(v);
  }
  return [...solve(a, b), 1] as Homography;
}

/** Applies a homography to a point. */
export function applyHomography(h: Homography, [x, y]: Point): Point {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
}

/** Bilinear sample at (x, y) with the border repeated, written to `out` at `o`. */
function sample(src: RgbaImage, x: number, y: number, out: Uint8ClampedArray, o: number): void {
  const cx = Math.min(Math.max(x, 0), src.width - 1);
  const cy = Math.min(Math.max(y, 0), src.height - 1);
  const [x0, y0] = [Math.floor(cx), Math.floor(cy)];
  const [x1, y1] = [Math.min(x0 + 1, src.width - 1), Math.min(y0 + 1, src.height - 1)];
  const [wx, wy] = [cx - x0, cy - y0];
  const [a, b, c, d] = [(y0 * src.width + x0) * 4, (y0 * src.width + x1) * 4, (y1 * src.width + x0) * 4, (y1 * src.width + x1) * 4];
  for (let k = 0; k < 4; k++) {
    const top = src.data[a + k]! + (src.data[b + k]! - src.data[a + k]!) * wx;
    const bottom = src.data[c + k]! + (src.data[d + k]! - src.data[c + k]!) * wx;
    out[o + k] = top + (bottom - top) * wy;
  }
}

/** The quad (top-left, top-right, bottom-right, bottom-left) as an upright line image. */
export function cropQuad(src: RgbaImage, quad: Quad): RgbaImage {
  const width = Math.max(1, Math.trunc(Math.max(distance(quad[0], quad[1]), distance(quad[2], quad[3]))));
  const height = Math.max(1, Math.trunc(Math.max(distance(quad[0], quad[3]), distance(quad[1], quad[2]))));
  // OpenCV maps each destination pixel back through the inverse; this is that inverse.
  const toSource = perspectiveTransform(
    [
      [0, 0],
      [width, 0],
      [width, height],
      [0, height],
    ],
    quad,
  );
  const out = blankImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = applyHomography(toSource, [x, y]);
      sample(src, sx, sy, out.data, (y * width + x) * 4);
    }
  }
  return height / width >= 1.5 ? rotate90ccw(out) : out;
}
