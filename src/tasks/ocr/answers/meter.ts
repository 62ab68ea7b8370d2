/**
 * The meter reader's answer: the register reading (the largest number that stands alone,
 * with its unit), and the serial number apart. A meter face carries other numbers too (a
 * model class "G4", a tariff "T1", a serial "No. 2024-118930", an OBIS code "1.8.0"); they
 * are either glued to letters, joined by dashes, or labelled, and the rules skip them.
 */
import type { OcrLine } from '../types.ts';
import { mendDigits, placeOf, rowsOf } from './rows.ts';

export interface MeterReading {
  /** Digits and decimal point as read (a decimal comma becomes a point): "04721.6". */
  value: string;
  /** The canonical unit ("kWh", "m³", "MJ", …), or '' when none was read beside the number. */
  unit: string;
  /** The OCR lines the reading came from (number and unit), to highlight. */
  lines: number[];
  /** The serial number, when the face carries one. */
  serial?: string;
}

/** Register units and how the recognizer writes them; longest first so "kWh" wins over "Wh". */
const UNITS: readonly [RegExp, string][] = [
  [/^kvarh/i, 'kvarh'],
  [/^MWh/i, 'MWh'],
  [/^kWh/i, 'kWh'],
  [/^Wh/i, 'Wh'],
  [/^(?:m3|m³|m\^3|M3)/, 'm³'],
  [/^(?:ft3|ft³|cu\.?\s?ft)/i, 'ft³'],
  [/^Gcal/i, 'Gcal'],
  [/^GJ/, 'GJ'],
  [/^MJ/i, 'MJ'],
  [/^kcal/i, 'kcal'],
  [/^(?:L|l|litres?|liters?)(?![a-z])/, 'L'],
];

/** The unit at the start of `text` (after spaces), if any, and what it must not run into. */
function unitAt(text: string): string | undefined {
  const rest = text.trimStart();
  for (const [pattern, unit] of UNITS) {
    const match = pattern.exec(rest);
    if (match && !/^[A-Za-z0-9]/.test(rest.slice(match[0].length))) return unit;
  }
  return undefined;
}

/** A serial number: labelled "No.", "S/N", "Serial", "Nr.", "계기번호" and then a code of digits, letters and dashes. */
const SERIAL = /(?<![A-Za-z])(?:Serial(?:\s*No)?|S\/?N|No|Nr|계기\s*번호|제조\s*번호)(?![A-Za-z])\s*\.?\s*[:#]?\s*([A-Z0-9][A-Z0-9\-/]{3,})/i;

/** Numbers standing alone: not glued to a letter, dash, slash or another dotted number. */
const NUMBER = /(?<![A-Za-z0-9\-/.,])(\d+(?:[.,]\d+)?)(?![0-9\-/]|[.,]\d)/g;

interface Candidate {
  value: string;
  unit: string;
  /** The number is all its line holds (a bare display, not "Total 167.79 USD"). */
  bare: boolean;
  lines: number[];
  height: number;
  digits: number;
  top: number;
}

/** Every standalone number in the lines, with the unit written after it on the same line or the next line of its row. */
function candidatesOf(lines: readonly OcrLine[]): Candidate[] {
  const rows = rowsOf(lines);
  const found: Candidate[] = [];
  for (const row of rows) {
    row.lines.forEach((index, k) => {
      const text = mendDigits(lines[index]!.text);
      if (SERIAL.test(text)) return;
      for (const match of text.matchAll(NUMBER)) {
        const after = text.slice(match.index + match[0].length);
        // A number glued to letters that are not a unit ("4G", "12ab") is a code, not a reading.
        if (/^[A-Za-z]/.test(after) && !unitAt(after)) continue;
        const next = row.lines[k + 1];
        const ownUnit = unitAt(after);
        const rowUnit = !ownUnit && after.trim() === '' && next !== undefined ? unitAt(lines[next]!.text) : undefined;
        const place = placeOf(lines[index]!);
        found.push({
          value: match[1]!.replace(',', '.'),
          unit: ownUnit ?? rowUnit ?? '',
          bare: text.trim() === match[0],
          lines: rowUnit ? [index, next!] : [index],
          height: place.height,
          digits: match[1]!.replace(/\D/g, '').length,
          top: place.cy,
        });
      }
    });
  }
  return found;
}

/**
 * The register reading: among numbers with a register unit, the one in the largest type
 * (then the one with more digits, then the topmost). Without any unit, a number is trusted
 * only when it stands alone on its line, has at least five digits (a register's length; a
 * plate or a year has four) and is the tallest text on the face. Returns
 * undefined when nothing qualifies: the page then says so and shows the lines.
 */
export function meterReading(lines: readonly OcrLine[]): MeterReading | undefined {
  const candidates = candidatesOf(lines);
  const byPrecedence = (a: Candidate, b: Candidate) => b.height - a.height || b.digits - a.digits || a.top - b.top;
  const withUnit = candidates.filter((c) => c.unit).sort(byPrecedence);
  let best = withUnit[0];
  if (!best) {
    const tallest = Math.max(0, ...lines.map((l) => placeOf(l).height));
    best = candidates.filter((c) => c.bare && c.digits >= 5 && c.height >= tallest * 0.9).sort(byPrecedence)[0];
  }
  if (!best) return undefined;
  const serial = lines.map((l) => SERIAL.exec(mendDigits(l.text))?.[1]).find((s) => s !== undefined);
  return { value: best.value, unit: best.unit, lines: best.lines, ...(serial ? { serial } : {}) };
}
