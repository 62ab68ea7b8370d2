import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import recipe from '../../../models/demand-forecast/recipe-output.json';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import type { TaskEnv } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { parseDemandCsv } from './demand-data.ts';
import { FORECAST_MODEL_ID, HISTORY, forecastInputs, forecastMw } from './features.ts';
import { forecastTask } from './job.ts';

const series = parseDemandCsv(readFileSync(recipe.csv, 'utf8'));
const runner = nodeRunner('models');
afterAll(() => runner.release());
const env: TaskEnv = {
  decodeImage: () => Promise.reject(new Error('no pictures in a forecast')),
  readModelText: () => Promise.reject(new Error('no files beside this model')),
};
const historyBefore = (start: number) => series.values.slice(start - HISTORY, start);

describe('the demand-forecast job on onnxruntime-node', () => {
  it.each(recipe.days.map((d) => [d.date, d] as const))('%s: the same 48 MW values as the recipe computed with torch', async (_date, day) => {
    const { forecastMw: mw } = await forecastTask.run({ historyMw: historyBefore(day.start) }, { run: runner.run, env });
    expect(mw).toHaveLength(48);
    // The recipe rounds to 0.01 MW; float32 in torch and ORT differ by less than that here.
    mw.forEach((v, i) => expect(Math.abs(v - day.forecastMw[i]!), `half-hour ${i}`).toBeLessThan(0.05));
  });
});

describe('forecastInputs', () => {
  it('scales the week by its mean: value / mean − 1', () => {
    const history = Array.from({ length: HISTORY }, (_, i) => 20000 + 100 * (i % 48));
    const { inputs, mean } = forecastInputs(history);
    expect(mean).toBeCloseTo(20000 + 100 * 23.5, 9);
    const t = inputs['history']!;
    if (t.type !== 'float32') throw new Error('history must be FP32');
    expect(t.dims).toEqual([1, HISTORY]);
    expect(t.data[0]).toBeCloseTo(20000 / mean - 1, 6);
    expect(t.data[47]).toBeCloseTo(24700 / mean - 1, 6);
  });

  it.each([
    ['a day short', Array(HISTORY - 48).fill(30000), /336 half-hourly values/],
    ['a zero', [...Array(HISTORY - 1).fill(30000), 0], /value 335 must be a positive demand/],
    ['a gap', [Number.NaN, ...Array(HISTORY - 1).fill(30000)], /value 0 must be a positive demand/],
  ])('refuses %s', (_what, history, message) => {
    expect(() => forecastInputs(history as number[])).toThrow(message);
    expect(() => forecastInputs(history as number[])).toThrow(TaskInputError);
  });
});

describe('forecastMw', () => {
  it('scales the answer back to MW', () => {
    const forecast = { type: 'float32' as const, dims: [1, 48], data: new Float32Array(48).fill(0.1) };
    expect(forecastMw({ forecast }, 30000)[7]).toBeCloseTo(33000, 2);
  });
  it('refuses a missing or short answer', () => {
    expect(() => forecastMw({}, 30000)).toThrow(/'forecast'/);
    expect(() => forecastMw({ forecast: { type: 'float32', dims: [1, 47], data: new Float32Array(47) } }, 30000)).toThrow(/48 values/);
  });
});

describe('the job on the wire', () => {
  it('carries the week in as one JSON list and the day out as FP32 [1, 48]', () => {
    const input = { historyMw: historyBefore(recipe.split.heldOutIndex) };
    const tensors = forecastTask.wire.encodeInput(input);
    expect(tensors['history_mw']!.dims).toEqual([1]);
    expect(forecastTask.wire.decodeInput(tensors)).toEqual(input);
    const result = { forecastMw: recipe.days[0]!.forecastMw };
    const back = forecastTask.wire.decodeResult(forecastTask.wire.encodeResult(result));
    back.forecastMw.forEach((v, i) => expect(v).toBeCloseTo(result.forecastMw[i]!, 1));
  });
  it('refuses anything but one list, and the job refuses a list of the wrong length', async () => {
    const json = (...values: unknown[]) => ({ history_mw: { type: 'string' as const, dims: [values.length], data: values.map((v) => JSON.stringify(v)) } });
    expect(() => forecastTask.wire.decodeInput(json({ historyMw: [] }))).toThrow(TaskInputError);
    expect(() => forecastTask.wire.decodeInput(json([1], [2]))).toThrow(TaskInputError);
    const short = forecastTask.wire.decodeInput(json([30000, 31000]));
    await expect(forecastTask.run(short, { run: runner.run, env })).rejects.toThrow(/336 half-hourly values/);
  });
  it('names the bare model it calls', () => {
    expect(forecastTask.models).toEqual([FORECAST_MODEL_ID]);
  });
});
