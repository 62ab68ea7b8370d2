/**
 * Layout facts the answer rules share: where a line sits, how tall its letters are, and
 * which lines form one visual row. The recognizer splits a row wherever the gap between
 * words is wide ("GJ" and "1234" on a plate, "04721.6" and "kWh" on a meter), so the rules
 * read rows, and keep the indices of the lines a fact came from (to highlight them).
 */
import type { OcrLine, Point } from '../types.ts';

export interface LinePlace {
  /** Centre of the box in picture pixels. */
  cx: number;
  cy: number;
  /** Letter height: the mean of the box's left and right sides. */
  height: number;
  /** Slope of the box's top edge (dy/dx), to follow a tilted row. */
  slope: number;
}

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function placeOf(line: Pick<OcrLine, 'box'>): LinePlace {
  const [tl, tr, br, bl] = line.box as [Point, Point, Point, Point];
  const dx = tr[0] - tl[0];
  return {
    cx: (tl[0] + tr[0] + br[0] + bl[0]) / 4,
    cy: (tl[1] + tr[1] + br[1] + bl[1]) / 4,
    height: (dist(tl, bl) + dist(tr, br)) / 2,
    slope: dx === 0 ? 0 : (tr[1] - tl[1]) / dx,
  };
}

export interface Row {
  /** The row's lines in reading order, joined by one space. */
  text: string;
  /** Indices into the OCR lines, in reading order. */
  lines: number[];
  /** The tallest letters in the row. */
  height: number;
  /** Centre height, for top-to-bottom order. */
  cy: number;
}

/** Two lines share a row when one's centre lies on the other's (tilted) centre line, within half the smaller letter height. */
function sameRow(a: LinePlace, b: LinePlace): boolean {
  const expected = a.cy + a.slope * (b.cx - a.cx);
  const small = Math.min(a.height, b.height);
  return Math.abs(b.cy - expected) < small / 2 && Math.max(a.height, b.height) < small * 2.5;
}

/**
 * Groups lines into rows, top to bottom. Within a row, lines read left to right, or right
 * to left when the direction classifier turned them (an upside-down picture: its boxes are
 * in the picture's own pixels, where the reading runs backwards).
 */
export function rowsOf(lines: readonly OcrLine[]): Row[] {
  const places = lines.map(placeOf);
  const groups: number[][] = [];
  places.forEach((p, i) => {
    const group = groups.find((g) => g.some((j) => sameRow(places[j]!, p)));
    if (group) group.push(i);
    else groups.push([i]);
  });
  const rows = groups.map((group): Row => {
    const flipped = group.filter((i) => lines[i]!.flipped).length * 2 > group.length;
    const ordered = [...group].sort((i, j) => (flipped ? places[j]!.cx - places[i]!.cx : places[i]!.cx - places[j]!.cx));
    return {
      text: ordered.map((i) => lines[i]!.text.trim()).join(' '),
      lines: ordered,
      height: Math.max(...ordered.map((i) => places[i]!.height)),
      cy: ordered.reduce((s, i) => s + places[i]!.cy, 0) / ordered.length,
    };
  });
  const flippedPicture = lines.length > 0 && lines.filter((l) => l.flipped).length * 2 > lines.length;
  return rows.sort((a, b) => (flippedPicture ? b.cy - a.cy : a.cy - b.cy));
}

/**
 * Mends the recognizer's usual digit slips where digits surround them: "5o0mg" → "500mg",
 * "2O24" → "2024". Only an o/O touching digits on both sides of its run changes, or one
 * between a digit and a unit ("5oomg"), so words like "Tablet" and "Lot" keep their letters.
 */
export function mendDigits(text: string): string {
  return text.replace(/(?<=\d)[oO]+(?=\d|mg|mcg|g\b|ml|mL|IU)/g, (run) => '0'.repeat(run.length));
}
