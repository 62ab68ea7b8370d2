import { describe, expect, it } from 'vitest';
import { doseWords, expiryWords } from './dose-words.ts';

const amoxicillin = { name: 'Amoxicillin', strength: '500 mg', dose: { amount: 1, form: 'tablet' as const }, frequency: { kind: 'per-day' as const, times: 3 }, expiry: '2027-05', lines: [] };

describe('doseWords', () => {
  it('says what, how much, how often and until when, in English and Korean', () => {
    expect(doseWords('en', amoxicillin)).toEqual({
      dose: '1 tablet',
      frequency: '3 times a day',
      expiry: 'May 2027',
      speech: 'Amoxicillin, 500 mg. Take 1 tablet, 3 times a day. Use before May 2027.',
    });
    expect(doseWords('ko', amoxicillin)).toEqual({
      dose: '1정',
      frequency: '하루 3번',
      expiry: '2027년 5월',
      speech: 'Amoxicillin 500 mg. 한 번에 1정, 하루 3번 드세요. 유효기한은 2027년 5월까지입니다.',
    });
  });

  it('words a ceiling, a plural and a missing name', () => {
    const ibuprofen = { strength: '200 mg', frequency: { kind: 'max' as const, count: 6, form: 'tablet' as const, hours: 24 }, lines: [] };
    expect(doseWords('en', ibuprofen).speech).toBe('200 mg. Take at most 6 tablets in 24 hours.');
    expect(doseWords('ko', ibuprofen).frequency).toBe('24시간에 최대 6정');
    expect(doseWords('en', { dose: { amount: 2, form: 'capsule' }, frequency: { kind: 'per-day', times: 2 }, lines: [] }).speech).toBe('Take 2 capsules, twice a day.');
  });

  it('keeps a day when the label prints one', () => {
    expect(expiryWords('en', '2026-11-30')).toBe('30 November 2026');
  });
});
