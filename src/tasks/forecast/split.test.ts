/**
 * The recipe's split and figures, recomputed in TypeScript from the committed CSV: the
 * held-out fortnight's boundaries, both baselines' errors, and the model's error from the
 * forecasts the recipe recorded.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import recipe from '../../../models/demand-forecast/recipe-output.json';
import { mape, sameWeekdayMean, seasonalNaive } from './baselines.ts';
import { DAY, dayStarts, parseDemandCsv } from './demand-data.ts';
import { dayReport, peakOf } from './day-report.ts';

const series = parseDemandCsv(readFileSync(recipe.csv, 'utf8'));
const actual = (start: number) => series.values.slice(start, start + DAY);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the committed demand data', () => {
  it('holds 12 whole weeks, Monday 5 June to Sunday 27 August 2000', () => {
    expect(series.values).toHaveLength(4032);
    expect([series.dates[0], series.times[0]]).toEqual(['2000-06-05', '00:00']);
    expect([series.dates.at(-1), series.times.at(-1)]).toEqual(['2000-08-27', '23:30']);
    expect(new Date(`${series.dates[0]}T00:00Z`).getUTCDay()).toBe(1);
  });
  it('refuses a damaged file', () => {
    expect(() => parseDemandCsv('date,time,mw\n')).toThrow(/header/);
    expect(() => parseDemandCsv('date,time,demand_mw\n2000-06-05,00:00,-3\n')).toThrow(/row 1/);
  });
});

describe('the held-out fortnight', () => {
  const starts = dayStarts(series, recipe.split.heldOutIndex);
  it('is the last 14 days, after a 14-day validation fortnight', () => {
    expect(recipe.split.heldOutIndex).toBe(series.values.length - 14 * DAY);
    expect(recipe.split.validationIndex).toBe(recipe.split.heldOutIndex - 14 * DAY);
    expect(series.dates[recipe.split.heldOutIndex]).toBe(recipe.split.heldOutStart);
    expect(series.dates[recipe.split.validationIndex]).toBe(recipe.split.validationStart);
    expect(starts).toEqual(recipe.days.map((d) => d.start));
    expect(starts.map((s) => series.dates[s])).toEqual(recipe.days.map((d) => d.date));
  });

  it.each(recipe.days.map((d) => [d.date, d] as const))('%s: both baselines and the model’s error match the recipe', (_date, day) => {
    expect(mape(seasonalNaive(series.values, day.start), actual(day.start))).toBeCloseTo(day.seasonalNaiveMape, 4);
    expect(mape(sameWeekdayMean(series.values, day.start), actual(day.start))).toBeCloseTo(day.sameWeekdayMeanMape, 4);
    // The recorded forecasts are rounded to 0.01 MW: a few millionths of a percent.
    expect(mape(day.forecastMw, actual(day.start))).toBeCloseTo(day.mape, 3);
  });

  it('gives the fortnight’s figures the README quotes, and the model beats both baselines', () => {
    const held = recipe.heldOut;
    expect(mean(recipe.days.map((d) => d.mape))).toBeCloseTo(held.mape, 4);
    expect(mean(recipe.days.map((d) => d.seasonalNaiveMape))).toBeCloseTo(held.seasonalNaiveMape, 4);
    expect(mean(recipe.days.map((d) => d.sameWeekdayMeanMape))).toBeCloseTo(held.sameWeekdayMeanMape, 4);
    expect(held.modelBeatsBoth).toBe(held.mape < held.seasonalNaiveMape && held.mape < held.sameWeekdayMeanMape);
  });
});

describe('baselines', () => {
  const values = Array.from({ length: 5 * 7 * DAY }, (_, i) => 1000 + Math.floor(i / (7 * DAY)) * 100 + (i % DAY));
  it('seasonal naive is the same half-hour a week earlier', () => {
    expect(seasonalNaive(values, 4 * 7 * DAY)).toEqual(values.slice(3 * 7 * DAY, 3 * 7 * DAY + DAY));
    expect(() => seasonalNaive(values, 10)).toThrow(/a week of history/);
  });
  it('averages the last four same weekdays, or those the series holds', () => {
    expect(sameWeekdayMean(values, 4 * 7 * DAY)[0]).toBe(1000 + 150);
    expect(sameWeekdayMean(values, 2 * 7 * DAY)[5]).toBe(1005 + 50);
  });
  it('mape is in percent', () => {
    expect(mape([110, 90], [100, 100])).toBeCloseTo(10, 12);
    expect(() => mape([1], [1, 2])).toThrow();
  });
});

describe('dayReport', () => {
  const day = recipe.days[0]!;
  it('gathers a held-out day: its actual values, the week before, both baselines and their errors', () => {
    const report = dayReport(series, day.start);
    expect(report.date).toBe(day.date);
    expect(report.times[0]).toBe('00:00');
    expect(report.times[47]).toBe('23:30');
    expect(report.actual).toEqual(actual(day.start));
    expect(report.history).toEqual(series.values.slice(day.start - 336, day.start));
    expect(report.seasonalNaiveMape).toBeCloseTo(day.seasonalNaiveMape, 4);
    expect(report.sameWeekdayMeanMape).toBeCloseTo(day.sameWeekdayMeanMape, 4);
  });
  it('refuses an index that does not start a day with a week before it', () => {
    expect(() => dayReport(series, day.start + 1)).toThrow(/does not start a day/);
    expect(() => dayReport(series, 48)).toThrow(/week of history/);
  });
  it('finds the peak', () => {
    expect(peakOf([3, 9, 9, 1])).toEqual({ index: 1, mw: 9 });
  });
});
