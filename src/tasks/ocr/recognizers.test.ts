import { describe, expect, it } from 'vitest';
import { HANGUL_RECOGNIZER, loadRecognizers, pickReading, PPOCR_RECOGNIZER, RECOGNIZERS, SCRIPT_MARGIN } from './recognizers.ts';

const reading = (text: string, confidence: number) => ({ text, confidence });

describe('pickReading', () => {
  it('keeps the most confident reading, PP-OCR on a tie', () => {
    expect(pickReading([reading('04721.6kWh', 0.97), reading('04721.6kWh', 0.91)], 'confidence')).toBe(0);
    expect(pickReading([reading('0472I.6', 0.7), reading('04721.6', 0.93)], 'confidence')).toBe(1);
    expect(pickReading([reading('EXIT 73', 0.9), reading('EXIT 73', 0.9)], 'script')).toBe(0);
  });

  it('by script: the Hangul model wins where PP-OCR read blanks or ideographs over Hangul', () => {
    // PP-OCR reads 광주 as one Chinese character and a blank, surer than the Hangul model.
    const line = [reading('光12km', 0.96), reading('광주 12km', 0.88)];
    expect(pickReading(line, 'confidence')).toBe(0);
    expect(pickReading(line, 'script')).toBe(1);
    // Over Hangul it mostly reads nothing, and is very sure of the digits it did read.
    const dated = [reading('2026.11.12', 1), reading('검침일 2026.11.12', 0.98)];
    expect(pickReading(dated, 'confidence')).toBe(0);
    expect(pickReading(dated, 'script')).toBe(1);
    expect(pickReading([reading('30是号', 0.98), reading('식후 30분 복용', 0.96)], 'script')).toBe(1);
  });

  it('by script: a Chinese line, or a Hangul reading much less sure, goes by confidence', () => {
    // As many ideographs as syllables: a Chinese line, or Hangul PP-OCR misread one for one;
    // the surer reading stays.
    expect(pickReading([reading('光州12km', 0.96), reading('광주 12km', 0.88)], 'script')).toBe(0);
    expect(pickReading([reading('电表读数', 0.95), reading('전표읽수', 0.7)], 'script')).toBe(0);
    expect(pickReading([reading('收据金额128元', 0.95), reading('128', 0.6)], 'script')).toBe(0);
    // Without Hangul, PP-OCR's reading stays, even when the Hangul model is surer.
    expect(pickReading([reading('EXIT 34', 0.9), reading('EXTT 34', 0.97)], 'confidence')).toBe(1);
    expect(pickReading([reading('EXIT 34', 0.9), reading('EXTT 34', 0.97)], 'script')).toBe(0);
    // One stray syllable read far less surely does not beat a sure Latin reading.
    expect(pickReading([reading('EXIT 73', 0.97), reading('EXIT 7한', 0.97 - SCRIPT_MARGIN - 0.01)], 'script')).toBe(0);
    expect(pickReading([reading('EXIT 73', 0.97), reading('EXIT 7한', 0.97 - SCRIPT_MARGIN + 0.01)], 'script')).toBe(1);
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
