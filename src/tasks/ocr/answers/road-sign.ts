/**
 * The road-sign reader's answer: a speed limit, places with their distances, or a plate
 * number, each recognised by its pattern over the rows as read, in Latin letters or Hangul
 * ("광주 12km", "최고속도 60", "12가 3456"). A place or a plate syllable the OCR did not
 * read is left out: "12 km", "12 3456".
 */
import type { OcrLine } from '../types.ts';
import { mendDigits, rowsOf } from './rows.ts';

export type SignFactKind = 'speed-limit' | 'distance' | 'plate';

export interface SignFact {
  kind: SignFactKind;
  /** "60" (km/h), "Gwangju 12 km" (or "12 km" when the place was not read), "GJ 1234". */
  value: string;
  /** Distance facts: the place as read ('' when none) and the kilometres. */
  place?: string;
  km?: number;
  /** The OCR lines the fact came from, to highlight. */
  lines: number[];
}

const SPEED_WORDS = /SPEED|LIMIT|MAX(?:IMUM)?|ZONE|km\/h|kph|mph|속도/i;
const SPEED_WITH_UNIT = /(?<![0-9])(\d{2,3})\s*(?:km\/h|kph)/i;
/** "SPEED LIMIT 50", "MAX 80" on one row. */
const SPEED_AFTER_WORDS = /(?:SPEED\s*LIMIT|LIMIT|MAX(?:IMUM)?|최고\s*속도|제한\s*속도)\s*:?\s*(\d{2,3})(?![0-9.])/i;
const LONE_NUMBER = /^\d{2,3}$/;
/** Legal limits are multiples of 10 between 10 and 130 (and 5s on some streets: 25, 35…). */
const isLimit = (n: number) => n >= 10 && n <= 130 && n % 5 === 0;

const DISTANCE = /([A-Za-z가-힣][A-Za-z가-힣 .'-]*?)?\s*(\d+(?:\.\d)?)\s*km(?![a-z/])/gi;

/** Latin plates ("GJ 1234", "AB-123") and Korean plates ("12가 3456", "123가 4567"; "12 3456" when the syllable was not read). */
const LATIN_PLATE = /^([A-Z]{1,3})[\s-]?(\d{3,4})$/;
const KOREAN_PLATE = /^(\d{2,3})\s?(\S)?\s?(\d{4})$/;
const SYLLABLE = /^[가-힣]$/;

function speedLimit(rows: ReturnType<typeof rowsOf>): SignFact | undefined {
  for (const row of rows) {
    const match = SPEED_WITH_UNIT.exec(row.text) ?? SPEED_AFTER_WORDS.exec(row.text);
    if (match && isLimit(Number(match[1]))) return { kind: 'speed-limit', value: String(Number(match[1])), lines: row.lines };
  }
  // A lone number is a limit on a sign that says so, or on a round sign that carries nothing else.
  const worded = rows.some((r) => SPEED_WORDS.test(r.text.replace(/\s/g, '')));
  const lone = rows.filter((r) => LONE_NUMBER.test(r.text.replace(/\s/g, '')) && isLimit(Number(r.text.replace(/\s/g, ''))));
  if (!lone.length || (!worded && rows.length > 1)) return undefined;
  const tallest = lone.reduce((a, b) => (b.height > a.height ? b : a));
  return { kind: 'speed-limit', value: String(Number(tallest.text.replace(/\s/g, ''))), lines: tallest.lines };
}

function distances(rows: ReturnType<typeof rowsOf>): SignFact[] {
  const facts: SignFact[] = [];
  for (const row of rows) {
    for (const match of row.text.matchAll(DISTANCE)) {
      const place = (match[1] ?? '').trim();
      const km = Number(match[2]);
      facts.push({ kind: 'distance', value: place ? `${place} ${match[2]} km` : `${match[2]} km`, place, km, lines: row.lines });
    }
  }
  return facts;
}

function plates(rows: ReturnType<typeof rowsOf>): SignFact[] {
  const facts: SignFact[] = [];
  for (const row of rows) {
    const text = row.text.toUpperCase().trim();
    const latin = LATIN_PLATE.exec(text);
    const korean = latin ? null : KOREAN_PLATE.exec(text);
    if (latin) facts.push({ kind: 'plate', value: `${latin[1]} ${latin[2]}`, lines: row.lines });
    else if (korean) facts.push({ kind: 'plate', value: `${korean[1]}${SYLLABLE.test(korean[2] ?? '') ? korean[2] : ''} ${korean[3]}`, lines: row.lines });
  }
  return facts;
}

/** The facts a sign or plate states, speed limit first; empty when none was recognised. */
export function signFacts(lines: readonly OcrLine[]): SignFact[] {
  const rows = rowsOf(lines.map((l) => ({ ...l, text: mendDigits(l.text) })));
  const limit = speedLimit(rows);
  return [...(limit ? [limit] : []), ...distances(rows), ...plates(rows)];
}
