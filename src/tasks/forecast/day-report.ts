/**
 * What the page shows about one held-out day, apart from the model's answer: what really
 * happened, both baselines and their errors, and where the peak fell. Pure, so the numbers
 * on the page are the numbers the unit tests check.
 */
import { mape, sameWeekdayMean, seasonalNaive } from './baselines.ts';
import { DAY, type DemandSeries } from './demand-data.ts';
import { HISTORY } from './features.ts';

export interface DayReport {
  /** Index of the day's first half-hour in the series. */
  start: number;
  date: string;
  /** `HH:MM` of the 48 half-hours. */
  times: string[];
  actual: number[];
  /** What the model gets: the 7 days before the day (MW). */
  history: number[];
  seasonalNaive: number[];
  sameWeekdayMean: number[];
  seasonalNaiveMape: number;
  sameWeekdayMeanMape: number;
}

export function dayReport(series: DemandSeries, start: number): DayReport {
  if (start % DAY !== 0 || start < HISTORY || start + DAY > series.values.length) throw new Error(`index ${start} does not start a day with a week of history`);
  const actual = series.values.slice(start, start + DAY);
  const naive = seasonalNaive(series.values, start);
  const weekdays = sameWeekdayMean(series.values, start);
  return {
    start,
    date: series.dates[start]!,
    times: series.times.slice(start, start + DAY),
    actual,
    history: series.values.slice(start - HISTORY, start),
    seasonalNaive: naive,
    sameWeekdayMean: weekdays,
    seasonalNaiveMape: mape(naive, actual),
    sameWeekdayMeanMape: mape(weekdays, actual),
  };
}

/** The highest value of a day and its half-hour's index. */
export function peakOf(values: readonly number[]): { index: number; mw: number } {
  let index = 0;
  values.forEach((v, i) => {
    if (v > values[index]!) index = i;
  });
  return { index, mw: values[index]! };
}
