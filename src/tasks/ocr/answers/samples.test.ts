/**
 * The demo samples end to end in Node: the real OCR (onnxruntime-node) reads each picture,
 * the demo's rule answers, and the card must be the one written by eye in
 * sample-answers.json.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../../../scripts/lib/node-runner.ts';
import { loadRecognizers, runOcr } from '../index.ts';
import { decodePng } from '../png.ts';
import { cardOf } from './card.ts';
import { answerOf, type AnswerKind } from './index.ts';
import expected from './sample-answers.json';

const recognizers = await loadRecognizers((path) => readFileSync(`models/${path}`, 'utf8'));
const runner = nodeRunner();
afterAll(() => runner.release());

describe('answers on the real demo samples', () => {
  it.each(Object.entries(expected.samples))('%s', async (file, card) => {
    const picture = decodePng(readFileSync(`public/samples/ocr/${file}`), (d) => inflateSync(d));
    const { lines } = await runOcr(picture, runner.run, { recognizers });
    const answer = answerOf(card.kind as AnswerKind, lines);
    expect(answer && cardOf(answer)).toEqual(card);
  });
});
