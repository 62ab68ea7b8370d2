/**
 * Pre- and post-processing of the `demand-forecast` model: the last 7 days (336 half-hours,
 * MW) scaled by their own mean in (value / mean − 1), the next 48 half-hours scaled back out.
 * Scaling by the window keeps the model about the shape of demand, not its level, as the
 * recipe trained it.
 */
import type { NamedTensors } from '../../shared/tensor.ts';
import { TaskInputError } from '../task.ts';
import { DAY, WEEK } from './demand-data.ts';

export const FORECAST_MODEL_ID = 'demand-forecast';
/** The model's input: one week of half-hours. */
export const HISTORY = WEEK;
/** The model's output: the next day of half-hours. */
export const HORIZON = DAY;

export interface ForecastFeatures {
  inputs: NamedTensors;
  /** The history's mean (MW), to scale the answer back. */
  mean: number;
}

/** Checks the history (336 positive MW values) and builds `history` [1, 336]. */
export function forecastInputs(history: readonly number[]): ForecastFeatures {
  if (history.length !== HISTORY) throw new TaskInputError(`the history must hold ${HISTORY} half-hourly values (7 days), got ${history.length}`);
  const bad = history.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0);
  if (bad >= 0) throw new TaskInputError(`history value ${bad} must be a positive demand in MW, got ${String(history[bad])}`);
  const mean = history.reduce((a, b) => a + b, 0) / HISTORY;
  const data = Float32Array.from(history, (v) => v / mean - 1);
  return { inputs: { history: { type: 'float32', dims: [1, HISTORY], data } }, mean };
}

/** Reads `forecast` [1, 48] and scales it back to MW. */
export function forecastMw(outputs: NamedTensors, mean: number): number[] {
  const out = outputs['forecast'];
  if (out?.type !== 'float32' || out.data.length !== HORIZON || !out.data.every(Number.isFinite)) {
    throw new Error(`demand-forecast returned no ${HORIZON} values in 'forecast' (got ${out ? `${out.type} [${out.dims.join(',')}]` : 'nothing'})`);
  }
  return Array.from(out.data, (v) => (v + 1) * mean);
}
