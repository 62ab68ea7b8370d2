/**
 * An answer as the flat card a visitor sees (what the page's data attributes carry), to
 * compare with the expected cards of the samples (sample-answers.json) in tests and in
 * scripts/eval-answers.ts.
 */
import type { OcrAnswer } from './index.ts';
import { frequencyCode } from './medication.ts';

export type Card =
  | { kind: 'meter'; value: string; unit: string; serial?: string }
  | { kind: 'medication'; name?: string; strength?: string; dose?: string; frequency?: string; expiry?: string }
  | { kind: 'road-sign'; facts: { kind: string; value: string }[] };

/** The dose as a card shows it in English: "1 tablet", "2 tablets", "5 mL". */
export function doseText(dose: { amount: number; form: string }): string {
  const plural = dose.amount !== 1 && dose.form !== 'mL' ? 's' : '';
  return `${dose.amount} ${dose.form}${plural}`;
}

export function cardOf(answer: OcrAnswer): Card {
  if (answer.kind === 'meter') {
    const { value, unit, serial } = answer.reading;
    return { kind: 'meter', value, unit, ...(serial ? { serial } : {}) };
  }
  if (answer.kind === 'medication') {
    const m = answer.medication;
    const card: Card = { kind: 'medication' };
    if (m.name) card.name = m.name;
    if (m.strength) card.strength = m.strength;
    if (m.dose) card.dose = doseText(m.dose);
    if (m.frequency) card.frequency = frequencyCode(m.frequency);
    if (m.expiry) card.expiry = m.expiry;
    return card;
  }
  return { kind: 'road-sign', facts: answer.facts.map(({ kind, value }) => ({ kind, value })) };
}
