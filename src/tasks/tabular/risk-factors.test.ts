import { afterAll, describe, expect, it } from 'vitest';
import recipe from '../../../models/health-risk/recipe-output.json';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import { defaultHealthValues, healthValuesOf } from './health-fields.ts';
import { HEALTH_MODEL } from './health-model.ts';
import { HEALTH_RISK_MODEL_ID, healthRiskInputs, healthRiskResult } from './health-risk.ts';
import { contributions, logOdds, riskFactors, studyAverage } from './risk-factors.ts';

const runner = nodeRunner('models');
afterAll(() => runner.release());

describe('the model numbers', () => {
  it('are the ones the recipe read back from the graph, and round to its published coefficients', () => {
    expect(HEALTH_MODEL).toEqual(recipe.graph);
    HEALTH_MODEL.weights.forEach((w, i) => expect(w).toBeCloseTo(recipe.coefficients.standardized[i]!, 4));
    expect(HEALTH_MODEL.bias).toBeCloseTo(recipe.coefficients.intercept, 4);
  });
});

describe('risk factors', () => {
  it.each(recipe.rows.map((r, i) => [i, r] as const))('add up to the log-odds onnxruntime computes (held-out row %i)', async (_i, row) => {
    const person = healthValuesOf(row.features);
    const { probability } = healthRiskResult(await runner.run(HEALTH_RISK_MODEL_ID, healthRiskInputs(person)));
    expect(logOdds(person)).toBeCloseTo(Math.log(probability / (1 - probability)), 4);
  });

  it('names the three largest shares, largest first, with their direction', () => {
    const person = healthValuesOf(recipe.rows[0]!.features);
    const all = contributions(person);
    const factors = riskFactors(person);
    expect(factors).toHaveLength(3);
    const sizes = factors.map((f) => Math.abs(f.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const smallestShown = sizes[2]!;
    expect(all.filter((c) => Math.abs(c) > smallestShown)).toHaveLength(2);
    for (const f of factors) expect(f.direction).toBe(f.contribution >= 0 ? 'up' : 'down');
  });

  it('puts high triglycerides first and up, high HDL down', () => {
    const factors = riskFactors({ ...defaultHealthValues(), triglycerides: 449, hdl: 99 });
    expect(factors[0]).toMatchObject({ field: 'triglycerides', direction: 'up' });
    expect(factors.find((f) => f.field === 'hdl')).toMatchObject({ direction: 'down' });
  });

  it('gives the study average in the form units', () => {
    expect(studyAverage('triglycerides')).toBeCloseTo(Math.exp(HEALTH_MODEL.mean[8]), 6);
    expect(studyAverage('bmi')).toBeCloseTo(26.29, 2);
    expect(studyAverage('sex')).toBeUndefined();
  });
});
