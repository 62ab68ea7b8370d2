/**
 * Numbers and dates of the forecast page in the visitor's language: MW with grouping,
 * percentages with two decimals, a day with its weekday. The series' dates are calendar
 * days (no time zone), so they are formatted as UTC to stay the same day everywhere.
 */
import type { Lang } from '../../i18n/index.ts';

const locale = (lang: Lang) => (lang === 'ko' ? 'ko-KR' : 'en-GB');

export const formatMw = (lang: Lang, mw: number): string => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(mw);

export const formatPercent = (lang: Lang, percent: number): string =>
  new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(percent);

/** `2000-08-14` → "Mon 14 Aug 2000" / "2000년 8월 14일 (월)". */
export const formatDay = (lang: Lang, date: string, withYear = true): string =>
  new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
