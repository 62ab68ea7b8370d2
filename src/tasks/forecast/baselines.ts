/**
 * The yardsticks the model must beat, and the error measure: the same formulas as the
 * recipe (scripts/recipes/demand-forecast.py), so a unit test recomputes its recorded
 * baseline errors here.
 */
import { DAY, WEEK } from './demand-data.ts';

/** Mean absolute percentage error, in percent. */
export function mape(forecast: readonly number[], actual: readonly number[]): number {
  if (forecast.length !== actual.length || actual.length === 0) throw new Error(`mape: ${forecast.length} forecasts for ${actual.length} actual values`);
  let sum = 0;
  actual.forEach((a, i) => (sum += Math.abs(forecast[i]! - a) / a));
  return (sum / actual.length) * 100;
}

/** Seasonal naive: the day starting at `start`, as it was one week earlier. */
export function seasonalNaive(values: readonly number[], start: number): number[] {
  if (start < WEEK) throw new Error(`seasonal naive needs a week of history before index ${start}`);
  return values.slice(start - WEEK, start - WEEK + DAY);
}

/**
 * The mean of each half-hour over the last `weeks` same weekdays the series holds (fewer at
 * its beginning; every held-out day has all four).
 */
export function sameWeekdayMean(values: readonly number[], start: number, weeks = 4): number[] {
  const days: number[][] = [];
  for (let k = 1; k <= weeks && start - k * WEEK >= 0; k++) days.push(values.slice(start - k * WEEK, start - k * WEEK + DAY));
  if (days.length === 0) throw new Error(`no earlier same weekday before index ${start}`);
  return Array.from({ length: DAY }, (_, i) => days.reduce((sum, day) => sum + day[i]!, 0) / days.length);
}
