import { describe, expect, it } from 'vitest';
import { convexHull, minAreaRect, orderQuad, polygonArea, polygonPerimeter, unclip } from './geometry.ts';
import type { Point } from './types.ts';

const close = (a: readonly Point[], b: readonly Point[], digits = 6) => a.forEach((p, i) => (expect(p[0]).toBeCloseTo(b[i]![0], digits), expect(p[1]).toBeCloseTo(b[i]![1], digits)));

describe('convex hull and minimum-area rectangle', () => {
  it('drops inner points', () => {
    expect(convexHull([[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 0]])).toHaveLength(4);
  });
  it('finds an axis-aligned box', () => {
    const r = minAreaRect([[1, 1], [9, 1], [9, 4], [1, 4], [5, 2]]);
    expect(r.width * r.height).toBeCloseTo(24);
    close(orderQuad(r.corners), [[1, 1], [9, 1], [9, 4], [1, 4]]);
  });
  it('finds a rotated box, not its larger axis-aligned bound', () => {
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const rot = ([x, y]: Point): Point => [10 + x * c - y * s, 10 + x * s + y * c];
    const rect: Point[] = [[0, 0], [20, 0], [20, 4], [0, 4]].map((p) => rot(p as Point));
    const r = minAreaRect([...rect, rot([10, 2]), rot([5, 1])]);
    expect(r.width * r.height).toBeCloseTo(80);
    expect(Math.max(r.width, r.height)).toBeCloseTo(20);
    close(orderQuad(r.corners), [rect[0]!, rect[1]!, rect[2]!, rect[3]!]);
  });
});

describe('unclip', () => {
  it('grows a rectangle by area·ratio/perimeter on every side', () => {
    const box: Point[] = [[0, 0], [20, 0], [20, 4], [0, 4]];
    const d = (polygonArea(box) * 1.5) / polygonPerimeter(box); // 80·1.5/48 = 2.5
    expect(d).toBe(2.5);
    close(unclip(box, 1.5), [[-2.5, -2.5], [22.5, -2.5], [22.5, 6.5], [-2.5, 6.5]]);
  });
  it('grows outward whichever way the corners wind', () => {
    const box: Point[] = [[0, 4], [20, 4], [20, 0], [0, 0]];
    close(unclip(box, 1.5), [[-2.5, 6.5], [22.5, 6.5], [22.5, -2.5], [-2.5, -2.5]]);
  });
});
