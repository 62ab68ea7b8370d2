/**
 * DB (Differentiable Binarization) post-processing, as PaddleOCR's `DBPostProcess`
 * (quad boxes, score mode "fast", no dilation): binarize the probability map, take each
 * connected region's minimum-area rectangle, score it by the mean probability inside,
 * grow it back ("unclip"), and scale it to the original picture.
 */
import { distance, minAreaRect, orderQuad, unclip } from './geometry.ts';
import type { Point, Quad } from './types.ts';

/** DB parameters; defaults are PaddleOCR's for PP-OCRv4 (deploy/cpp_infer args, det yml configs). */
export interface DbParams {
  /** Probability above which a pixel is text. */
  thresh: number;
  /** Minimum mean probability inside a box. */
  boxThresh: number;
  /** How far a box is grown back: area·ratio/perimeter. */
  unclipRatio: number;
  /** Regions considered at most (largest first is not promised; PaddleOCR takes contours in order). */
  maxCandidates: number;
  /** Shortest side, in map pixels, of a box before unclip (after unclip it must reach minSize + 2). */
  minSize: number;
}

export const DB_DEFAULTS: DbParams = { thresh: 0.3, boxThresh: 0.6, unclipRatio: 1.5, maxCandidates: 1000, minSize: 3 };

/** A probability map, row-major `height` × `width` (the detector's output without batch and channel). */
export interface ProbabilityMap {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** A detected box with its score, in the original picture's pixels. */
export interface DetectedBox {
  box: Quad;
  score: number;
}

/** 8-connected regions of `bitmap`, each as the outermost pixel centres of its rows (enough for a convex hull). */
function regions(bitmap: Uint8Array, width: number, height: number, limit: number): Point[][] {
  const seen = new Uint8Array(bitmap.length);
  const found: Point[][] = [];
  const stack: number[] = [];
  for (let start = 0; start < bitmap.length && found.length < limit; start++) {
    if (!bitmap[start] || seen[start]) continue;
    const rowMin = new Map<number, number>();
    const rowMax = new Map<number, number>();
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const [x, y] = [i % width, Math.floor(i / width)];
      rowMin.set(y, Math.min(rowMin.get(y) ?? x, x));
      rowMax.set(y, Math.max(rowMax.get(y) ?? x, x));
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (bitmap[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    const points: Point[] = [];
    for (const [y, x0] of rowMin) points.push([x0, y], [rowMax.get(y)!, y]);
    found.push(points);
  }
  return found;
}

/** Mean probability over the pixels whose centres lie inside the quad (PaddleOCR `box_score_fast`). */
export function boxScore(map: ProbabilityMap, quad: Quad): number {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const [x0, x1] = [clamp(Math.floor(Math.min(...xs)), map.width - 1), clamp(Math.ceil(Math.max(...xs)), map.width - 1)];
  const [y0, y1] = [clamp(Math.floor(Math.min(...ys)), map.height - 1), clamp(Math.ceil(Math.max(...ys)), map.height - 1)];
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvex(quad, [x, y])) continue;
      sum += map.data[y * map.width + x]!;
      count++;
    }
  }
  return count ? sum / count : 0;
}

/** Inside or on the edge (half a pixel of slack, like a filled polygon's boundary pixels). */
function insideConvex(quad: Quad, p: Point): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [a, b] = [quad[i]!, quad[(i + 1) % 4]!];
    const len = distance(a, b) || 1;
    const c = ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / len;
    if (Math.abs(c) <= 0.5) continue;
    const s = Math.sign(c);
    if (sign && s !== sign) return false;
    sign = s;
  }
  return true;
}

/**
 * Boxes in a probability map, scaled to a `srcWidth` × `srcHeight` picture. Unordered;
 * `sortBoxes` puts them in reading order.
 */
export function dbBoxes(map: ProbabilityMap, srcWidth: number, srcHeight: number, params: Partial<DbParams> = {}): DetectedBox[] {
  const p = { ...DB_DEFAULTS, ...params };
  const bitmap = new Uint8Array(map.width * map.height);
  for (let i = 0; i < bitmap.length; i++) bitmap[i] = map.data[i]! > p.thresh ? 1 : 0;
  const boxes: DetectedBox[] = [];
  for (const points of regions(bitmap, map.width, map.height, p.maxCandidates)) {
    const rect = minAreaRect(points);
    if (Math.min(rect.width, rect.height) < p.minSize) continue;
    const quad = orderQuad(rect.corners);
    const score = boxScore(map, quad);
    if (score < p.boxThresh) continue;
    const grown = minAreaRect(unclip(quad, p.unclipRatio));
    if (Math.min(grown.width, grown.height) < p.minSize + 2) continue;
    const scale = (q: Point): Point => [
      Math.min(Math.max(Math.round((q[0] / map.width) * srcWidth), 0), srcWidth),
      Math.min(Math.max(Math.round((q[1] / map.height) * srcHeight), 0), srcHeight),
    ];
    boxes.push({ box: orderQuad(grown.corners).map(scale) as Quad, score });
  }
  return boxes;
}

/**
 * Clips boxes to the picture and drops those 3 px or less across (PaddleOCR
 * `filter_tag_det_res`).
 */
export function filterBoxes(boxes: readonly DetectedBox[], width: number, height: number): DetectedBox[] {
  return boxes
    .map((b) => ({ ...b, box: b.box.map(([x, y]) => [Math.min(Math.max(x, 0), width - 1), Math.min(Math.max(y, 0), height - 1)]) as Quad }))
    .filter((b) => Math.trunc(distance(b.box[0], b.box[1])) > 3 && Math.trunc(distance(b.box[0], b.box[3])) > 3);
}

/**
 * Reading order (PaddleOCR `sorted_boxes`): by top-left corner top to bottom, then boxes
 * whose tops are within 10 px count as one row and go left to right.
 */
export function sortBoxes<T extends { box: Quad }>(boxes: readonly T[]): T[] {
  const out = [...boxes].sort((a, b) => a.box[0][1] - b.box[0][1] || a.box[0][0] - b.box[0][0]);
  for (let i = 0; i < out.length - 1; i++) {
    for (let j = i; j >= 0; j--) {
      const [a, b] = [out[j]!, out[j + 1]!];
      if (Math.abs(b.box[0][1] - a.box[0][1]) < 10 && b.box[0][0] < a.box[0][0]) [out[j], out[j + 1]] = [b, a];
      else break;
    }
  }
  return out;
}
