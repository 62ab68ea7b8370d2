/** The demand forecast: the series, the model's features, the baselines and the job. */
export { DAY, WEEK, dayStarts, parseDemandCsv, type DemandSeries } from './demand-data.ts';
export { mape, sameWeekdayMean, seasonalNaive } from './baselines.ts';
export { dayReport, peakOf, type DayReport } from './day-report.ts';
export { FORECAST_MODEL_ID, HISTORY, HORIZON, forecastInputs, forecastMw } from './features.ts';
export { forecastTask, type ForecastJobInput, type ForecastJobResult } from './job.ts';
