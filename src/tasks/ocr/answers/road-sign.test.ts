import { describe, expect, it } from 'vitest';
import { signFacts } from './road-sign.ts';
import { line } from './test-lines.ts';

const facts = (...lines: Parameters<typeof line>[]) => signFacts(lines.map((l) => line(...l))).map(({ kind, value }) => ({ kind, value }));

describe('signFacts', () => {
  it('reads the speed limit from the number under SPEED LIMIT', () => {
    expect(facts(['SPEED', 85, 58, 144, 35], ['LIMIT', 93, 118, 122, 34], ['60', 87, 216, 141, 91])).toEqual([{ kind: 'speed-limit', value: '60' }]);
  });

  it('reads a round sign with only a number, and a limit written with km/h', () => {
    expect(facts(['50', 40, 40, 120, 90])).toEqual([{ kind: 'speed-limit', value: '50' }]);
    expect(facts(['Max 80km/h', 40, 40, 220, 40])).toEqual([{ kind: 'speed-limit', value: '80' }]);
    expect(facts(['37', 40, 40, 120, 90])).toEqual([]);
    // On one row with its words, beside other signs (bench/ocr-eval 18 and 24).
    expect(facts(['EXIT34', 20, 20, 120, 30], ['SPEEDLIMIT50', 20, 70, 240, 30])).toEqual([{ kind: 'speed-limit', value: '50' }]);
    expect(facts(['JS 6355', 20, 20, 120, 30], ['SPEED LIMIT 100', 20, 70, 240, 30])).toEqual([
      { kind: 'speed-limit', value: '100' },
      { kind: 'plate', value: 'JS 6355' },
    ]);
  });

  it('reads two distances on one sign, on separate rows or on one', () => {
    expect(facts(['Gwangju 12 km', 50, 59, 345, 44], ['Naju 25 km', 44, 138, 256, 43])).toEqual([
      { kind: 'distance', value: 'Gwangju 12 km' },
      { kind: 'distance', value: 'Naju 25 km' },
    ]);
    expect(facts(['Mokpo 48km', 20, 20, 200, 40], ['Yeosu 7.5 km', 260, 20, 200, 40])).toEqual([
      { kind: 'distance', value: 'Mokpo 48 km' },
      { kind: 'distance', value: 'Yeosu 7.5 km' },
    ]);
  });

  it('keeps a distance whose place was in Hangul (not read)', () => {
    expect(facts(['12km', 200, 20, 100, 40])).toEqual([{ kind: 'distance', value: '12 km' }]);
  });

  it('reads a plate split into two lines, and a Korean plate without its Hangul syllable', () => {
    expect(facts(['GJ', 61, 53, 76, 59], ['1234', 156, 52, 198, 54])).toEqual([{ kind: 'plate', value: 'GJ 1234' }]);
    expect(facts(['12', 20, 20, 60, 50], ['3456', 140, 20, 130, 50])).toEqual([{ kind: 'plate', value: '12 3456' }]);
  });

  it('reads a Korean sign: places in Hangul, a limit after 최고속도, a plate with its syllable', () => {
    expect(facts(['광주 12km', 50, 59, 345, 44], ['나주25km', 44, 138, 256, 43])).toEqual([
      { kind: 'distance', value: '광주 12 km' },
      { kind: 'distance', value: '나주 25 km' },
    ]);
    expect(facts(['최고속도 60', 20, 20, 240, 40])).toEqual([{ kind: 'speed-limit', value: '60' }]);
    expect(facts(['최고속도', 20, 20, 240, 40], ['80', 60, 80, 120, 90])).toEqual([{ kind: 'speed-limit', value: '80' }]);
    expect(facts(['12가 3456', 20, 20, 260, 50])).toEqual([{ kind: 'plate', value: '12가 3456' }]);
    // A syllable misread as something else is left out rather than shown wrong.
    expect(facts(['12加3456', 20, 20, 260, 50])).toEqual([{ kind: 'plate', value: '12 3456' }]);
  });

  it('finds nothing in other text', () => {
    expect(facts(['Tel 062-123-4567', 20, 20, 300, 30], ['OPEN 9 TO 6', 20, 80, 300, 30])).toEqual([]);
    expect(facts()).toEqual([]);
  });
});
