import { describe, expect, it } from 'vitest';
import { HANGUL_RECOGNIZER, loadRecognizers, pickReading, PPOCR_RECOGNIZER, RECOGNIZERS } from './recognizers.ts';

const reading = (text: string, confidence: number) => ({ text, confidence });

describe('pickReading', () => {
  it('keeps the most confident reading, PP-OCR on a tie', () => {
    expect(pickReading([reading('04721.6kWh', 0.97), reading('04721.6kWh', 0.91)], 'confidence')).toBe(0);
    expect(pickReading([reading('0472I.6', 0.7), reading('04721.6', 0.93)], 'confidence')).toBe(1);
    expect(pickReading([reading('EXIT 73', 0.9), reading('EXIT 73', 0.9)], 'script')).toBe(0);
  });

  it('by script: never trusts PP-OCR with ideographs where the Hangul model saw Hangul', () => {
    // PP-OCR reads 광주 as two Chinese characters, sometimes surer than the Hangul model.
    const line = [reading('光州12km', 0.96), reading('광주 12km', 0.88)];
    expect(pickReading(line, 'confidence')).toBe(0);
    expect(pickReading(line, 'script')).toBe(1);
    // A Chinese line that the Hangul model misreads as Hangul, less surely, stays Chinese…
    expect(pickReading([reading('电表读数', 0.95), reading('전표', 0.4)], 'confidence')).toBe(0);
    // …and by script too only when the Hangul model saw no Hangul.
    expect(pickReading([reading('收据金额128元', 0.95), reading('128', 0.6)], 'script')).toBe(0);
  });

  it('with one recognizer there is nothing to choose', () => {
    expect(pickReading([reading('GJ 1234', 0.2)], 'script')).toBe(0);
  });
});

describe('loadRecognizers', () => {
  it('reads each dictionary by its repository path, in the order given (RECOGNIZERS by default)', async () => {
    const asked: string[] = [];
    const read = async (path: string) => (asked.push(path), 'a\nb\n');
    expect((await loadRecognizers(read)).map((r) => r.model)).toEqual(RECOGNIZERS.map((r) => r.model));
    expect(asked).toEqual(RECOGNIZERS.map((r) => r.dictionaryPath));
    const both = await loadRecognizers(read, [PPOCR_RECOGNIZER, HANGUL_RECOGNIZER]);
    expect(both.map((r) => r.model)).toEqual(['ppocr-rec', 'hangul-rec']);
    expect(asked.at(-1)).toBe('hangul-rec/1/dict.txt');
    expect(both[1]!.dictionary).toEqual(['a', 'b']);
  });

  it('keeps PP-OCR first in the product, so that a tie keeps its reading', () => {
    expect(RECOGNIZERS[0]).toBe(PPOCR_RECOGNIZER);
  });
});
