/**
 * Plane geometry for DB post-processing: convex hull, minimum-area rotated rectangle and
 * the "unclip" offset. PaddleOCR gets these from OpenCV (`cv2.minAreaRect`) and pyclipper;
 * here they are small exact routines over the few points a text region has.
 */
import type { Point, Quad } from './types.ts';

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Convex hull by Andrew's monotone chain; collinear points are dropped. Counter-clockwise in y-up terms. */
export function convexHull(points: readonly Point[]): Point[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const lower: Point[] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: Point[] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, q) <= 0) upper.pop();
    upper.push(q);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** A rotated rectangle: its four corners (unordered) and side lengths. */
export interface RotatedRect {
  corners: Quad;
  width: number;
  height: number;
}

/**
 * The smallest-area rectangle holding every point (rotating calipers: one side of the
 * optimum lies on a hull edge). Degenerate inputs (one point, a segment) give a rectangle
 * with zero height, which callers drop by their minimum side.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { corners: [[0, 0], [0, 0], [0, 0], [0, 0]], width: 0, height: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  const edges = hull.length === 1 ? 1 : hull.length;
  for (let i = 0; i < edges; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const [ux, uy] = len > 0 ? [(b[0] - a[0]) / len, (b[1] - a[1]) / len] : [1, 0];
    let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const q of hull) {
      const u = q[0] * ux + q[1] * uy;
      const v = -q[0] * uy + q[1] * ux;
      [minU, maxU, minV, maxV] = [Math.min(minU, u), Math.max(maxU, u), Math.min(minV, v), Math.max(maxV, v)];
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const at = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux];
      best = { corners: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)], width: maxU - minU, height: maxV - minV };
    }
  }
  return best!;
}

/**
 * Orders a rectangle's corners as PaddleOCR's `get_mini_boxes` does: of the two leftmost
 * corners the upper is top-left, of the two rightmost the upper is top-right.
 */
export function orderQuad(corners: readonly Point[]): Quad {
  const p = [...corners].sort((a, b) => a[0] - b[0]);
  const [tl, bl] = p[0]![1] <= p[1]![1] ? [p[0]!, p[1]!] : [p[1]!, p[0]!];
  const [tr, br] = p[2]![1] <= p[3]![1] ? [p[2]!, p[3]!] : [p[3]!, p[2]!];
  return [tl, tr, br, bl];
}

/** Shoelace area (absolute) of a simple polygon. */
export function polygonArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [a, b] = [poly[i]!, poly[(i + 1) % poly.length]!];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Perimeter of a closed polygon. */
export function polygonPerimeter(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [a, b] = [poly[i]!, poly[(i + 1) % poly.length]!];
    s += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return s;
}

/**
 * DB's "unclip": the network is trained on text regions shrunk by
 * D = area·(1 − r²)/perimeter (r = 0.4), so a found region is grown back by
 * D' = area·ratio/perimeter. The box is convex, so offsetting every edge outward by D' and
 * meeting neighbours at a mitre gives the same minimum-area rectangle as pyclipper's
 * rounded offset that PaddleOCR uses (the round corners never reach past the mitre box).
 */
export function unclip(poly: readonly Point[], ratio: number): Point[] {
  const perimeter = polygonPerimeter(poly);
  if (perimeter === 0) return [...poly];
  const d = (polygonArea(poly) * ratio) / perimeter;
  const n = poly.length;
  // Signed area tells the winding, so "outward" is right for either orientation.
  let signed = 0;
  for (let i = 0; i < n; i++) signed += poly[i]![0] * poly[(i + 1) % n]![1] - poly[(i + 1) % n]![0] * poly[i]![1];
  const sign = signed > 0 ? 1 : -1;
  const lines = poly.map((a, i) => {
    const b = poly[(i + 1) % n]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const [nx, ny] = [(sign * (b[1] - a[1])) / len, (sign * -(b[0] - a[0])) / len];
    return { p: [a[0] + nx * d, a[1] + ny * d] as Point, dir: [b[0] - a[0], b[1] - a[1]] as Point };
  });
  return lines.map((cur, i) => {
    const prev = lines[(i - 1 + n) % n]!;
    const det = prev.dir[0] * cur.dir[1] - prev.dir[1] * cur.dir[0];
    if (Math.abs(det) < 1e-12) return cur.p;
    const t = ((cur.p[0] - prev.p[0]) * cur.dir[1] - (cur.p[1] - prev.p[1]) * cur.dir[0]) / det;
    return [prev.p[0] + t * prev.dir[0], prev.p[1] + t * prev.dir[1]];
  });
}

/** Euclidean distance. */
export const distance = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
