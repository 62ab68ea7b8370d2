import { describe, expect, it } from 'vitest';
import { dbBoxes, filterBoxes, sortBoxes, type ProbabilityMap } from './db-postprocess.ts';
import type { Point, Quad } from './types.ts';

/** A `width` × `height` map with probability `p` wherever `inside(x, y)`. */
function map(width: number, height: number, inside: (x: number, y: number) => boolean, p = 0.9): ProbabilityMap {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (inside(x, y)) data[y * width + x] = p;
  return { width, height, data };
}

const corners = (q: Quad) => q.map(([x, y]) => [x, y]);

describe('DB boxes', () => {
  // Pixels 10..49 × 10..17 span 39 × 7 between pixel centres; unclip adds
  // 39·7·1.5/(2·46) = 4.45 on every side.
  const twoLines = map(100, 64, (x, y) => (x >= 10 && x < 50 && y >= 10 && y < 18) || (x >= 20 && x < 90 && y >= 40 && y < 52));

  it('finds two rectangles with their unclipped corners', () => {
    const boxes = sortBoxes(dbBoxes(twoLines, 100, 64));
    expect(boxes).toHaveLength(2);
    expect(corners(boxes[0]!.box)).toEqual([[6, 6], [53, 6], [53, 21], [6, 21]]);
    // 69 × 11 between centres: d = 69·11·1.5/160 = 7.1.
    expect(corners(boxes[1]!.box)).toEqual([[13, 33], [96, 33], [96, 58], [13, 58]]);
    expect(boxes[0]!.score).toBeCloseTo(0.9, 5);
  });

  it('scales boxes to the original picture (×2: 5.55…53.45 becomes 11…107)', () => {
    const [first] = sortBoxes(dbBoxes(twoLines, 200, 128));
    expect(corners(first!.box)).toEqual([[11, 11], [107, 11], [107, 43], [11, 43]]);
  });

  it('drops weak regions, tiny regions and regions under the threshold', () => {
    expect(dbBoxes(map(64, 64, (x, y) => x > 5 && x < 40 && y > 5 && y < 15, 0.5), 64, 64)).toHaveLength(0); // mean 0.5 < 0.6
    expect(dbBoxes(map(64, 64, (x, y) => x > 5 && x < 40 && y > 5 && y < 8), 64, 64)).toHaveLength(0); // 2 px tall
    expect(dbBoxes(map(64, 64, (x, y) => x > 5 && x < 40 && y > 5 && y < 15, 0.25), 64, 64)).toHaveLength(0);
  });

  it('follows a rotated line with a rotated box', () => {
    // A 60 × 8 bar turned 20° about (50, 40).
    const [c, s] = [Math.cos((20 * Math.PI) / 180), Math.sin((20 * Math.PI) / 180)];
    const rotated = map(100, 80, (x, y) => {
      const [u, v] = [(x - 50) * c + (y - 40) * s, -(x - 50) * s + (y - 40) * c];
      return Math.abs(u) <= 30 && Math.abs(v) <= 4;
    });
    const [b] = dbBoxes(rotated, 100, 80);
    const [tl, tr, , bl] = b!.box as [Point, Point, Point, Point];
    const angle = (Math.atan2(tr[1] - tl[1], tr[0] - tl[0]) * 180) / Math.PI;
    expect(angle).toBeGreaterThan(17);
    expect(angle).toBeLessThan(23);
    expect(Math.hypot(tr[0] - tl[0], tr[1] - tl[1])).toBeGreaterThan(60);
    expect(Math.hypot(bl[0] - tl[0], bl[1] - tl[1])).toBeGreaterThan(8);
  });
});

describe('filter and reading order', () => {
  const box = (x: number, y: number, w = 20, h = 10) => ({ score: 1, box: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]] as Quad });
  it('clips to the picture and drops boxes 3 px or less across', () => {
    const kept = filterBoxes([box(-5, 2), box(10, 10, 3, 10)], 100, 100);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.box[0]).toEqual([0, 2]);
  });
  it('reads rows top to bottom and a row left to right even when slightly higher on the right', () => {
    const sorted = sortBoxes([box(60, 50), box(70, 4), box(5, 8), box(30, 50)]);
    expect(sorted.map((b) => b.box[0])).toEqual([[5, 8], [70, 4], [30, 50], [60, 50]]);
  });
});
