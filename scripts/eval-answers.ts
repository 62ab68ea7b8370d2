/**
 * How often each OCR demo gives the right card: runs the real OCR (onnxruntime-node) on
 * every demo sample (public/samples/ocr/, expected cards in
 * src/tasks/ocr/answers/sample-answers.json) and on the generated pictures of
 * bench/ocr-eval (bench-answers.json: labels and receipts the rules were not written on,
 * where "nothing trusted" is the right card for receipts), applies the demo's answer rule
 * and compares the card field by field; the health form's sample patients must show
 * sklearn's own percentage with three factors. Writes bench/results/answers.json.
 * Usage: npx tsx scripts/eval-answers.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { isDeepStrictEqual } from 'node:util';
import { cardOf } from '../src/tasks/ocr/answers/card.ts';
import { answerOf, type AnswerKind } from '../src/tasks/ocr/answers/index.ts';
import { loadRecognizers, runOcr } from '../src/tasks/ocr/index.ts';
import { decodePng } from '../src/tasks/ocr/png.ts';
import { healthValuesOf } from '../src/tasks/tabular/health-fields.ts';
import { HEALTH_RISK_MODEL_ID, healthRiskInputs, healthRiskResult } from '../src/tasks/tabular/health-risk.ts';
import { riskFactors } from '../src/tasks/tabular/risk-factors.ts';
import recipe from '../models/health-risk/recipe-output.json' with { type: 'json' };
import { nodeRunner } from './lib/node-runner.ts';

type Expected = { kind: AnswerKind; none?: boolean } & Record<string, unknown>;
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;
const samples = (read('src/tasks/ocr/answers/sample-answers.json') as { samples: Record<string, Expected> }).samples;
const bench = read('src/tasks/ocr/answers/bench-answers.json') as { pictures: Record<string, Expected>; elsewhere: { files: string[] } };

const cases: { set: 'samples' | 'bench'; path: string; expected: Expected }[] = [
  ...Object.entries(samples).map(([file, expected]) => ({ set: 'samples' as const, path: `public/samples/ocr/${file}`, expected })),
  ...Object.entries(bench.pictures).map(([file, expected]) => ({ set: 'bench' as const, path: `bench/ocr-eval/${file}`, expected })),
  ...bench.elsewhere.files.flatMap((file) =>
    (['meter', 'medication', 'road-sign'] as const).map((kind) => ({ set: 'bench' as const, path: `bench/ocr-eval/${file}`, expected: { kind, none: true } })),
  ),
];

const recognizers = await loadRecognizers((path) => readFileSync(`models/${path}`, 'utf8'));
const runner = nodeRunner();
const linesOf = new Map<string, Awaited<ReturnType<typeof runOcr>>['lines']>();
const tally = new Map<string, { right: number; total: number }>();
const rows: { set: string; file: string; kind: string; right: boolean; card: unknown; expected: unknown }[] = [];
const count = (key: string, right: boolean) => {
  const t = tally.get(key) ?? { right: 0, total: 0 };
  tally.set(key, { right: t.right + (right ? 1 : 0), total: t.total + 1 });
};

try {
  for (const { set, path, expected } of cases) {
    if (!linesOf.has(path)) linesOf.set(path, (await runOcr(decodePng(readFileSync(path), (d) => inflateSync(d)), runner.run, { recognizers })).lines);
    const answer = answerOf(expected.kind, linesOf.get(path)!);
    const card = answer ? cardOf(answer) : null;
    const want = expected.none ? null : expected;
    const right = isDeepStrictEqual(card, want);
    count(`${set} ${expected.kind}`, right);
    count(set, right);
    const file = path.split('/').pop()!;
    rows.push({ set, file, kind: expected.kind, right, card, expected: want });
    console.log(`${right ? 'ok  ' : 'MISS'} ${set.padEnd(7)} ${expected.kind.padEnd(10)} ${file.padEnd(32)} ${JSON.stringify(card)}${right ? '' : `  expected ${JSON.stringify(want)}`}`);
  }
  // The health form's three sample patients (held-out rows, triglycerides in whole mg/dL as
  // the form fills them): right when the shown percentage is sklearn's and three factors come.
  for (const [i, row] of recipe.rows.slice(0, 3).entries()) {
    const person = healthValuesOf(row.features);
    const values = { ...person, triglycerides: Math.round(person.triglycerides) };
    const { probability } = healthRiskResult(await runner.run(HEALTH_RISK_MODEL_ID, healthRiskInputs(values)));
    const card = { percent: Math.round(probability * 100), factors: riskFactors(values).length };
    const want = { percent: Math.round(row.sklearnProbability * 100), factors: 3 };
    const right = isDeepStrictEqual(card, want);
    count('samples health-risk', right);
    count('samples', right);
    rows.push({ set: 'samples', file: `patient ${i + 1}`, kind: 'health-risk', right, card, expected: want });
    console.log(`${right ? 'ok  ' : 'MISS'} samples health-risk patient ${i + 1} ${JSON.stringify(card)}`);
  }
} finally {
  await runner.release();
}

const summary = Object.fromEntries([...tally].map(([key, t]) => [key, { ...t, share: Math.round((t.right / t.total) * 1000) / 1000 }]));
console.log(summary);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/answers.json', `${JSON.stringify({ measured: new Date().toISOString().slice(0, 10), summary, rows }, null, 2)}\n`);
