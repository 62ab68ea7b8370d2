/**
 * The medication answer in the visitor's language: the dose, how often and the expiry as
 * the card shows them, and the sentences read aloud, all built from the fields read (not
 * from the raw lines, which lose their spaces and mix labels in).
 */
import { translate, type Lang } from '../../i18n/index.ts';
import type { DoseForm, Frequency, Medication } from '../../tasks/ocr/answers/index.ts';

export interface DoseWords {
  dose?: string;
  frequency?: string;
  /** "May 2027" / "2027년 5월". */
  expiry?: string;
  /** What "Read aloud" says, sentence by sentence. */
  speech: string;
}

const amountOf = (lang: Lang, n: number, form: DoseForm) => translate(lang, `answer.form.${form}.${n === 1 ? 'one' : 'other'}`, { n });

function frequencyWords(lang: Lang, f: Frequency): string {
  if (f.kind === 'max') return translate(lang, 'answer.freq.max', { amount: amountOf(lang, f.count, f.form), hours: f.hours });
  if (f.times === 1) return translate(lang, 'answer.freq.once');
  if (f.times === 2) return translate(lang, 'answer.freq.twice');
  return translate(lang, 'answer.freq.perDay', { n: f.times });
}

/** "2027-05" → "May 2027" in English, "2027년 5월" in Korean (a day is kept when printed). */
export function expiryWords(lang: Lang, expiry: string): string {
  const [year, month, day] = expiry.split('-').map(Number);
  const date = new Date(Date.UTC(year!, month! - 1, day ?? 1));
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', timeZone: 'UTC', ...(day ? { day: 'numeric' } : {}) };
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', options).format(date);
}

export function doseWords(lang: Lang, m: Medication): DoseWords {
  const dose = m.dose ? amountOf(lang, m.dose.amount, m.dose.form) : undefined;
  const frequency = m.frequency ? frequencyWords(lang, m.frequency) : undefined;
  const expiry = m.expiry ? expiryWords(lang, m.expiry) : undefined;
  const sentences = [
    m.name || m.strength ? translate(lang, 'answer.speech.name', { name: m.name ?? '', strength: m.strength ?? '' }).replace(/^[ ,]+|(?<=\S)[ ,]+(?=\.)/g, '') : '',
    dose && frequency ? translate(lang, 'answer.speech.take', { dose, frequency }) : '',
    dose && !frequency ? translate(lang, 'answer.speech.takeDose', { dose }) : '',
    !dose && frequency ? translate(lang, 'answer.speech.often', { frequency }) : '',
    expiry ? translate(lang, 'answer.speech.expiry', { expiry }) : '',
  ];
  return { ...(dose ? { dose } : {}), ...(frequency ? { frequency } : {}), ...(expiry ? { expiry } : {}), speech: sentences.filter(Boolean).join(' ') };
}
