/**
 * The medication label's answer: drug name, strength, dose, how often, expiry. Labels are
 * written many ways ("Take 1 tablet 3 times daily", "1T tid", "every 8 hours", "Max 6
 * tablets in 24 hours", and in Korean "1일 3회 1정씩", "하루 세 번", "유효기간 2027.05.31");
 * each rule is one pattern over the lines as read, which often lose their spaces
 * ("Take1tablet3timesdaily").
 */
import type { OcrLine } from '../types.ts';
import { mendDigits } from './rows.ts';

/** How often: a number of times a day, or a ceiling over some hours ("max 6 in 24 hours"). */
export type Frequency = { kind: 'per-day'; times: number } | { kind: 'max'; count: number; form: DoseForm; hours: number };

export type DoseForm = 'tablet' | 'capsule' | 'drop' | 'puff' | 'mL' | 'unit' | 'sachet';

export interface Medication {
  name?: string;
  /** "500 mg", "100 IU/mL". */
  strength?: string;
  dose?: { amount: number; form: DoseForm };
  frequency?: Frequency;
  /** "2027-05" (year-month) or "2027-05-31". */
  expiry?: string;
  /** The OCR lines any of these came from, to highlight. */
  lines: number[];
}

/** The frequency as one short token for the page's contract: "3/day", "max 6/24h". */
export function frequencyCode(f: Frequency | undefined): string {
  if (!f) return '';
  return f.kind === 'per-day' ? `${f.times}/day` : `max ${f.count}/${f.hours}h`;
}

const STRENGTH = /(\d+(?:\.\d+)?)\s*(IU\/mL|units?\/mL|mg\/mL|mg\/5\s?mL|mcg|µg|mg|IU|g|%)(?![A-Za-z])/i;
const STRENGTH_UNITS: Record<string, string> = { 'iu/ml': 'IU/mL', 'unit/ml': 'IU/mL', 'units/ml': 'IU/mL', 'mg/ml': 'mg/mL', 'mg/5ml': 'mg/5 mL', mcg: 'mcg', 'µg': 'mcg', mg: 'mg', iu: 'IU', g: 'g', '%': '%' };

const FORMS: readonly [RegExp, DoseForm][] = [
  [/^(?:tablets?|tabs?|T)$/i, 'tablet'],
  [/^(?:capsules?|caps?|C)$/i, 'capsule'],
  [/^drops?$/i, 'drop'],
  [/^puffs?$/i, 'puff'],
  [/^(?:mL|ml)$/, 'mL'],
  [/^(?:units?|IU)$/i, 'unit'],
  [/^(?:sachets?|packets?)$/i, 'sachet'],
];
/** Korean dose units: 정 and 알 (tablet), 캡슐, 포 (sachet), 방울 (drop). */
const KOREAN_FORMS: Record<string, DoseForm> = { 정: 'tablet', 알: 'tablet', 캡슐: 'capsule', 포: 'sachet', 방울: 'drop' };
const formOf = (word: string) => KOREAN_FORMS[word] ?? FORMS.find(([p]) => p.test(word))?.[1];
/** "1 tablet", "1T", "2 caps", "half tablet"; the single letters T and C count only in capitals (checked after matching). */
const DOSE = /(?<![0-9.])(\d+(?:\.\d+)?|one|two|half)\s*(tablets?|tabs?|capsules?|caps?|drops?|puffs?|mL|ml|units?|sachets?|packets?|T|C|정|알|캡슐|포|방울)(?![a-z])/i;
/** Korean counts before 번/회 ("세 번"): the native numerals. */
const WORD_NUMBERS: Record<string, number> = { one: 1, once: 1, two: 2, twice: 2, three: 3, four: 4, half: 0.5, 한: 1, 두: 2, 세: 3, 네: 4 };
const numberOf = (word: string) => WORD_NUMBERS[word.toLowerCase()] ?? Number(word);

const TIMES_A_DAY = /(\d|once|twice|three|four)\s*(?:times?|x)?\s*(?:a|per|\/)?\s*(?:day|daily)(?![a-z])/i;
const LATIN = /(?<![A-Za-z])(q\.?d|o\.?d|b\.?i\.?d|t\.?i\.?d|q\.?i\.?d)\.?(?![A-Za-z])/i;
const LATIN_TIMES: Record<string, number> = { qd: 1, od: 1, bid: 2, tid: 3, qid: 4 };
const EVERY_HOURS = /(?:every\s*|q\s*)(\d{1,2})\s*(?:hours?|hrs?|h)(?![a-z])/i;
/** "daily" or "every day" with no count before it: once a day. */
const ONCE_DAILY = /(?<![A-Za-z0-9])(?:daily|every\s*day|once\s*a\s*day)(?![a-z])/i;
const MAXIMUM = /max(?:imum)?\.?\s*(\d+)\s*([A-Za-z]+?)\s*(?:in|per|\/|every)\s*(\d+)\s*(?:hours?|hrs?|h)(?![a-z])/i;
/** "1일 3회", "하루 3번", "하루 세 번": times a day in Korean. */
const KOREAN_TIMES_A_DAY = /(?:1\s*일|하루)\s*(\d|한|두|세|네)\s*(?:회|번)/;

function frequencyOf(text: string): Frequency | undefined {
  const max = MAXIMUM.exec(text);
  if (max) return { kind: 'max', count: Number(max[1]), form: formOf(max[2]!) ?? 'tablet', hours: Number(max[3]) };
  const times = TIMES_A_DAY.exec(text) ?? KOREAN_TIMES_A_DAY.exec(text);
  if (times) return { kind: 'per-day', times: numberOf(times[1]!) };
  const latin = LATIN.exec(text);
  if (latin) return { kind: 'per-day', times: LATIN_TIMES[latin[1]!.replace(/\./g, '').toLowerCase()]! };
  const every = EVERY_HOURS.exec(text);
  const hours = every ? Number(every[1]) : 0;
  if (hours > 0 && 24 % hours === 0) return { kind: 'per-day', times: 24 / hours };
  return ONCE_DAILY.test(text) ? { kind: 'per-day', times: 1 } : undefined;
}

const EXPIRY_LABEL = String.raw`(?:EXP(?:IRY)?|Use\s*by|BB|유효\s*기간|사용\s*기한|유통\s*기한)\.?\s*:?\s*`;
const EXPIRY_YEAR_FIRST = new RegExp(EXPIRY_LABEL + String.raw`(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?`, 'i');
const EXPIRY_MONTH_FIRST = new RegExp(EXPIRY_LABEL + String.raw`(\d{1,2})[-./](\d{4}|\d{2})(?!\d)`, 'i');
const pad = (n: string) => n.padStart(2, '0');

function expiryOf(text: string): string | undefined {
  const ymd = EXPIRY_YEAR_FIRST.exec(text);
  if (ymd && Number(ymd[2]) >= 1 && Number(ymd[2]) <= 12) return `${ymd[1]}-${pad(ymd[2]!)}${ymd[3] ? `-${pad(ymd[3])}` : ''}`;
  const my = EXPIRY_MONTH_FIRST.exec(text);
  if (my && Number(my[1]) >= 1 && Number(my[1]) <= 12) return `${my[2]!.length === 2 ? `20${my[2]}` : my[2]}-${pad(my[1]!)}`;
  return undefined;
}

/** Words that label a line rather than name a drug; a prefix is enough, since the OCR often glues the label to its value ("LOTYW7090"). */
const NOT_A_NAME = /^(?:take|max|exp|lot|use|dose|daily|tablet|capsule|rx|qty|batch|유효|사용|하루|식후|식전|복용)/i;

/** The drug name: the word just before the strength ("Amoxicillin 500mg"), else the first long word that is not a label. */
function nameOf(texts: readonly string[], strengthLine: number): string | undefined {
  const before = strengthLine >= 0 ? STRENGTH.exec(texts[strengthLine]!) : null;
  const prefix = before ? texts[strengthLine]!.slice(0, before.index).trim() : '';
  // A Korean name may be two syllables and ends in its form ("타이레놀정").
  const own = /([A-Za-z][A-Za-z-]{2,}|[가-힣][가-힣A-Za-z-]+)$/.exec(prefix)?.[1];
  if (own && !NOT_A_NAME.test(own)) return own;
  for (const text of texts) {
    const word = /^[A-Za-z][A-Za-z-]{3,}/.exec(text.trim())?.[0];
    if (word && !NOT_A_NAME.test(word)) return word;
  }
  return undefined;
}

/**
 * Reads the label. Returns undefined when neither a strength, a dose nor a frequency was
 * found: a name alone is not an answer worth showing large.
 */
export function medicationOf(lines: readonly OcrLine[]): Medication | undefined {
  const texts = lines.map((l) => mendDigits(l.text));
  const used = new Set<number>();
  const first = <T>(read: (text: string) => T | undefined): T | undefined => {
    for (const [i, text] of texts.entries()) {
      const value = read(text);
      if (value !== undefined) {
        used.add(i);
        return value;
      }
    }
    return undefined;
  };
  // A "max N tablets" line states a ceiling, not the dose to take each time.
  const dose = first((text) => {
    const match = MAXIMUM.test(text) ? null : DOSE.exec(text);
    const word = match?.[2] ?? '';
    const form = word.length === 1 && word !== word.toUpperCase() ? undefined : formOf(word);
    return match && form ? { amount: numberOf(match[1]!), form } : undefined;
  });
  const frequency = first(frequencyOf);
  const strengthLine = texts.findIndex((text) => STRENGTH.test(text) && !MAXIMUM.test(text));
  const match = strengthLine >= 0 ? STRENGTH.exec(texts[strengthLine]!) : null;
  const strength = match ? `${match[1]} ${STRENGTH_UNITS[match[2]!.toLowerCase().replace(/\s/g, '')] ?? match[2]}` : undefined;
  if (strengthLine >= 0) used.add(strengthLine);
  const expiry = first(expiryOf);
  if (!strength && !dose && !frequency) return undefined;
  const name = nameOf(texts, strengthLine);
  return {
    ...(name ? { name } : {}),
    ...(strength ? { strength } : {}),
    ...(dose ? { dose } : {}),
    ...(frequency ? { frequency } : {}),
    ...(expiry ? { expiry } : {}),
    lines: [...used].sort((a, b) => a - b),
  };
}
