import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import { cerCounts, editDistance } from './cer.ts';
import { loadRecognizers, PPOCR_RECOGNIZER, runOcr, type OcrStage } from './index.ts';
import { decodePng } from './png.ts';

const recognizers = await loadRecognizers((path) => readFileSync(`models/${path}`, 'utf8'));
const load = (file: string) => decodePng(readFileSync(file), (d) => inflateSync(d));
const runner = nodeRunner();
afterAll(() => runner.release());

describe('runOcr with onnxruntime-node', () => {
  it('reads the upside-down meter sample, turning its lines and the reading order', async () => {
    const stages: OcrStage[] = [];
    const result = await runOcr(load('public/samples/ocr/energy-meter-upside-down.png'), runner.run, { recognizers, onStage: (s) => stages.push(s) });
    expect(stages).toEqual(['detect', 'classify', 'recognize']);
    const text = result.lines.map((l) => l.text).join(' ');
    expect(text).toContain('12508.3');
    expect(text).toContain('kWh');
    expect(text.replace(/\s/g, '')).toContain('TariffT1peak');
    expect(text.indexOf('12508.3')).toBeLessThan(text.indexOf('Tariff'));
    expect(result.lines.every((l) => l.flipped && l.confidence > 0.5 && l.box.length === 4)).toBe(true);
  });

  it('keeps a Hangul line upright when the direction classifier turns it by mistake', async () => {
    // PP-OCR's classifier learnt Chinese and Latin: it turns 이번 달 사용량 upside down,
    // and read upside down it is noise ("읕융|Y 룝 H|o"). Read as found, it is the text.
    const result = await runOcr(load('bench/ocr-eval-ko/08-meter.png'), runner.run, { recognizers });
    const line = result.lines.find((l) => l.text.replace(/\s/g, '').includes('사용량'));
    expect(line).toMatchObject({ flipped: false, recognizer: 'hangul-rec' });
    expect(editDistance(line!.text.replace(/\s/g, ''), '이번달사용량')).toBeLessThanOrEqual(1);
  });

  it('refuses a dictionary that does not match the recognizer, saying which file to load', async () => {
    await expect(runOcr(load('public/samples/ocr/automotive-plate.png'), runner.run, { recognizers: [{ model: PPOCR_RECOGNIZER.model, dictionary: ['0', '1'] }] })).rejects.toThrow(/ppocr-rec has 6625 classes.*dictionary gives 4/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    await expect(runOcr(load('public/samples/ocr/automotive-plate.png'), runner.run, { recognizers, signal: controller.signal })).rejects.toThrow('user left');
  });
});

describe('decodePng', () => {
  it('decodes a committed grey PNG and an RGB one', () => {
    const grey = load('bench/ocr-eval/01-meter.png');
    expect(grey.data.length).toBe(grey.width * grey.height * 4);
    expect(grey.data[3]).toBe(255);
    const rgb = load('public/samples/ocr/automotive-direction-sign.png');
    // Inside the green sign, away from text: green dominates.
    const i = (rgb.width * 30 + 30) * 4;
    expect(rgb.data[i + 1]!).toBeGreaterThan(rgb.data[i]! + 40);
  });
});

describe('character error rate', () => {
  it('counts code points and ignores spaces and full-width forms', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('光州', '光州市')).toBe(1);
    expect(cerCounts(['SPEEDLIMIT60'], ['SPEED LIMIT 60'])).toEqual({ errors: 0, length: 12 });
    expect(cerCounts(['Tel：062'], ['Tel:062'])).toEqual({ errors: 0, length: 7 });
    expect(cerCounts(['SPEEDLIMIT60'], ['SPEED LIMIT 60'], true)).toEqual({ errors: 2, length: 14 });
  });
});
