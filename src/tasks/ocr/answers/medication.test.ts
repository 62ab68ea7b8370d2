import { describe, expect, it } from 'vitest';
import { frequencyCode, medicationOf } from './medication.ts';
import { line } from './test-lines.ts';

const read = (...texts: string[]) => medicationOf(texts.map((t, i) => line(t, 30, 30 + i * 60, 300, 30)));

describe('medicationOf', () => {
  it('reads the amoxicillin label as the OCR gives it (spaces lost, o for 0)', () => {
    expect(read('Amoxicillin5o0mg', 'Take1tablet3timesdaily', 'EXP2027-05L0TA2391')).toEqual({
      name: 'Amoxicillin',
      strength: '500 mg',
      dose: { amount: 1, form: 'tablet' },
      frequency: { kind: 'per-day', times: 3 },
      expiry: '2027-05',
      lines: [0, 1, 2],
    });
  });

  it('reads a dose written "1T tid"', () => {
    expect(read('Metformin 500 mg', '1T tid')).toMatchObject({ name: 'Metformin', dose: { amount: 1, form: 'tablet' }, frequency: { kind: 'per-day', times: 3 } });
    expect(read('2C b.i.d.')).toMatchObject({ dose: { amount: 2, form: 'capsule' }, frequency: { times: 2 } });
  });

  it.each([
    ['Take 1 tablet twice a day', 2],
    ['1 tab once daily', 1],
    ['Take 1 tablet daily', 1],
    ['5 mL every 8 hours', 3],
    ['1 cap q12h', 2],
    ['1 tab qid', 4],
    ['take 2 tablets 3x/day', 3],
  ])('"%s" is %i times a day', (text, times) => {
    expect(read(text)?.frequency).toEqual({ kind: 'per-day', times });
  });

  it('reads a ceiling as a ceiling, not as the dose', () => {
    const m = read('Ibuprofen2o0mg', 'Max6tabletsin24hours');
    expect(m).toMatchObject({ name: 'Ibuprofen', strength: '200 mg', frequency: { kind: 'max', count: 6, form: 'tablet', hours: 24 } });
    expect(m?.dose).toBeUndefined();
    expect(frequencyCode(m?.frequency)).toBe('max 6/24h');
  });

  it('reads a concentration and a month-first expiry', () => {
    expect(read('Insulin100IU/mL', 'Lot7HK204EXP11/2026')).toMatchObject({ name: 'Insulin', strength: '100 IU/mL', expiry: '2026-11' });
    expect(read('Amoxicillin 250 mg/5 mL', 'Exp: 03/27')).toMatchObject({ strength: '250 mg/5 mL', expiry: '2027-03' });
  });

  it('takes no label for a name, even glued to its value (bench/ocr-eval 16)', () => {
    expect(read('LOTYW7090', 'Take2tablet3timesdaily')).toEqual({ dose: { amount: 2, form: 'tablet' }, frequency: { kind: 'per-day', times: 3 }, lines: [1] });
  });

  it('takes a lone lowercase t for nothing', () => {
    expect(read('Notes 1t')).toBeUndefined();
  });

  it('reads a Korean label: name with its form, 1일 3회 1정씩, 유효기간', () => {
    expect(read('타이레놀정 500mg', '1일 3회 1정씩 식후 30분', '유효기간 2027.05.31')).toEqual({
      name: '타이레놀정',
      strength: '500 mg',
      dose: { amount: 1, form: 'tablet' },
      frequency: { kind: 'per-day', times: 3 },
      expiry: '2027-05-31',
      lines: [0, 1, 2],
    });
    expect(read('하루 세 번 2캡슐씩')).toMatchObject({ dose: { amount: 2, form: 'capsule' }, frequency: { kind: 'per-day', times: 3 } });
    expect(read('1일2회 1포', '사용기한 2026.11')).toMatchObject({ dose: { amount: 1, form: 'sachet' }, frequency: { times: 2 }, expiry: '2026-11' });
  });

  it('finds nothing it trusts on a label with no strength, dose or frequency', () => {
    expect(read('PHARMACY', 'EXP 2027-05')).toBeUndefined();
    expect(read()).toBeUndefined();
  });
});
