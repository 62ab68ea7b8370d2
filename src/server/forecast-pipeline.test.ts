/**
 * The demand forecast as a datacenter job: the pipeline model `demand-forecast-day` on the
 * real server and repository answers a plain JSON request with what the task gives
 * in-process, and refuses a week that is not one with Triton's 400.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import recipe from '../../models/demand-forecast/recipe-output.json' with { type: 'json' };
import { parseDemandCsv } from '../tasks/forecast/demand-data.ts';
import { MODELS, startTestServer, type TestServer } from './test-server.ts';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const series = parseDemandCsv(readFileSync(recipe.csv, 'utf8'));
const day = recipe.days[3]!;
const week = series.values.slice(day.start - 336, day.start);
const request = (history: unknown) =>
  JSON.stringify({ id: 'day-1', inputs: [{ name: 'history_mw', shape: [1], datatype: 'BYTES', data: [JSON.stringify(history)] }] });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MODEL_REPOSITORY: MODELS });
});
afterAll(() => server.close());

describe('demand-forecast-day', () => {
  const post = (body: string) => fetch(`${server.url}/v2/models/demand-forecast-day/infer`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

  it('is served as an ensemble with its wire signature', async () => {
    const metadata = (await (await fetch(`${server.url}/v2/models/demand-forecast-day`)).json()) as { platform: string; inputs: unknown[]; outputs: unknown[] };
    expect(metadata).toMatchObject({
      platform: 'ensemble',
      inputs: [{ name: 'history_mw', datatype: 'BYTES', shape: [1] }],
      outputs: [{ name: 'forecast_mw', datatype: 'FP32', shape: [1, 48] }],
    });
  });

  it('forecasts a held-out day in MW, as the recipe did', async () => {
    const response = await post(request(week));
    expect(response.status, await response.clone().text()).toBe(200);
    const answer = (await response.json()) as { outputs: { name: string; shape: number[]; data: number[] }[] };
    expect(answer.outputs[0]).toMatchObject({ name: 'forecast_mw', shape: [1, 48] });
    answer.outputs[0]!.data.forEach((mw, i) => expect(Math.abs(mw - day.forecastMw[i]!), `half-hour ${i}`).toBeLessThan(0.05));
  });

  it('refuses a short week or a negative demand with a 400 that says why', async () => {
    const short = await post(request(week.slice(48)));
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: string }).error).toMatch(/336 half-hourly values/);
    const negative = await post(request([...week.slice(1), -5]));
    expect(negative.status).toBe(400);
    expect(((await negative.json()) as { error: string }).error).toMatch(/value 335 must be a positive demand/);
  });
});
