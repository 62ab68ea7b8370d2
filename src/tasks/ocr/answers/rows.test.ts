import { describe, expect, it } from 'vitest';
import { mendDigits, placeOf, rowsOf } from './rows.ts';
import { line } from './test-lines.ts';

describe('rowsOf', () => {
  it('joins lines on one row left to right, rows top to bottom', () => {
    const rows = rowsOf([line('1234', 160, 50, 200, 55), line('Naju 25 km', 40, 140, 260, 40), line('GJ', 60, 52, 80, 58)]);
    expect(rows.map((r) => r.text)).toEqual(['GJ 1234', 'Naju 25 km']);
    expect(rows[0]!.lines).toEqual([2, 0]);
  });

  it('follows a tilted row and keeps apart rows one letter height apart', () => {
    const tilted = (text: string, x: number, y: number, w: number, h: number) => ({
      ...line(text, x, y, w, h),
      box: [[x, y], [x + w, y + w * 0.06], [x + w, y + h + w * 0.06], [x, y + h]] as [number, number][],
    });
    // The meter sample: "04721.6" and "kWh" tilted by ~3°, the serial below.
    const rows = rowsOf([tilted('04721.6', 83, 132, 209, 38), tilted('kWh', 319, 143, 90, 42), tilted('No.2024-118930', 64, 232, 176, 20)]);
    expect(rows.map((r) => r.text)).toEqual(['04721.6 kWh', 'No.2024-118930']);
  });

  it('reads an upside-down picture right to left and bottom to top', () => {
    const rows = rowsOf([line('12508.3', 212, 124, 195, 35, true), line('kWh', 105, 122, 84, 40, true), line('Tariff T1 peak', 255, 39, 166, 27, true)]);
    expect(rows.map((r) => r.text)).toEqual(['12508.3 kWh', 'Tariff T1 peak']);
  });

  it('measures letter height and slope from the box', () => {
    expect(placeOf(line('x', 0, 0, 100, 20))).toEqual({ cx: 50, cy: 10, height: 20, slope: 0 });
  });
});

describe('mendDigits', () => {
  it('turns o between digits, or between a digit and a unit, into 0', () => {
    expect(mendDigits('Amoxicillin5o0mg')).toBe('Amoxicillin500mg');
    expect(mendDigits('Ibuprofen 2OOmg')).toBe('Ibuprofen 200mg');
    expect(mendDigits('2O24-05')).toBe('2024-05');
  });
  it('leaves words alone', () => {
    expect(mendDigits('Take 1 tablet, Lot A2391, 3 o’clock')).toBe('Take 1 tablet, Lot A2391, 3 o’clock');
  });
});
