/**
 * The half-hourly demand series the forecast demo shows: England and Wales, 5 June – 27
 * August 2000, in MW (the `taylor` data of the R package forecast, exported by
 * scripts/recipes/demand-forecast.py to scripts/recipes/data/taylor.csv). Pure: the page
 * hands in the CSV's text, a unit test reads the file.
 */

/** Half-hours in a day. */
export const DAY = 48;
/** Half-hours in a week: the model's history and the seasonal-naive lag. */
export const WEEK = 7 * DAY;

export interface DemandSeries {
  /** `YYYY-MM-DD` of each value. */
  dates: string[];
  /** `HH:MM`, the start of each half-hour. */
  times: string[];
  /** Demand in MW. */
  values: number[];
}

/** Parses `date,time,demand_mw` rows; throws on anything else, so a damaged file is never charted. */
export function parseDemandCsv(text: string): DemandSeries {
  const lines = text.trim().split(/\r?\n/);
  if (lines[0] !== 'date,time,demand_mw') throw new Error(`demand CSV: unexpected header '${lines[0] ?? ''}'`);
  const series: DemandSeries = { dates: [], times: [], values: [] };
  lines.slice(1).forEach((line, i) => {
    const [date, time, mw] = line.split(',');
    const value = Number(mw);
    if (!date || !time || !/^\d{4}-\d\d-\d\d$/.test(date) || !/^\d\d:\d\d$/.test(time) || !(value > 0)) {
      throw new Error(`demand CSV: row ${i + 1} is not 'date,time,MW': '${line}'`);
    }
    series.dates.push(date);
    series.times.push(time);
    series.values.push(value);
  });
  if (series.values.length % DAY !== 0 || series.times[0] !== '00:00') throw new Error('demand CSV: the series must hold whole days from midnight');
  return series;
}

/** The index of each day's first half-hour from `from` (a midnight index) to the end. */
export function dayStarts(series: DemandSeries, from: number): number[] {
  const starts: number[] = [];
  for (let s = from; s + DAY <= series.values.length; s += DAY) starts.push(s);
  return starts;
}
