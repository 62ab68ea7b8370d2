/**
 * What each OCR demo answers, from the lines the OCR read: a pure step after the job, so
 * the same rules run in the page, in Node tests and in scripts/eval-answers.ts. A demo
 * names its kind in src/demos/demos.ts (`answer`).
 */
import type { OcrLine } from '../types.ts';
import { medicationOf, type Medication } from './medication.ts';
import { meterReading, type MeterReading } from './meter.ts';
import { signFacts, type SignFact } from './road-sign.ts';

export type AnswerKind = 'meter' | 'medication' | 'road-sign';

export type OcrAnswer =
  | { kind: 'meter'; reading: MeterReading }
  | { kind: 'medication'; medication: Medication }
  | { kind: 'road-sign'; facts: SignFact[] };

/** The answer, or undefined when the rules found nothing they trust (the page then shows the lines alone). */
export function answerOf(kind: AnswerKind, lines: readonly OcrLine[]): OcrAnswer | undefined {
  if (kind === 'meter') {
    const reading = meterReading(lines);
    return reading && { kind, reading };
  }
  if (kind === 'medication') {
    const medication = medicationOf(lines);
    return medication && { kind, medication };
  }
  const facts = signFacts(lines);
  return facts.length ? { kind, facts } : undefined;
}

/** The OCR lines an answer came from, to highlight on the picture. */
export function answerLines(answer: OcrAnswer | undefined): number[] {
  if (!answer) return [];
  if (answer.kind === 'meter') return answer.reading.lines;
  if (answer.kind === 'medication') return answer.medication.lines;
  return [...new Set(answer.facts.flatMap((f) => f.lines))];
}

export { frequencyCode, type DoseForm, type Frequency, type Medication } from './medication.ts';
export type { MeterReading } from './meter.ts';
export type { SignFact, SignFactKind } from './road-sign.ts';
