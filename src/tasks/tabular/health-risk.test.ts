import { afterAll, describe, expect, it } from 'vitest';
import recipe from '../../../models/health-risk/recipe-output.json';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import { HEALTH_FIELDS, HEALTH_FIELD_NAMES, defaultHealthValues, type HealthValues } from './health-fields.ts';
import { HEALTH_RISK_MODEL_ID, HealthInputError, healthRiskInputs, healthRiskResult } from './health-risk.ts';

const runner = nodeRunner('models');
afterAll(() => runner.release());

const valuesOf = (features: number[]) => Object.fromEntries(HEALTH_FIELD_NAMES.map((n, i) => [n, features[i]!])) as HealthValues;

describe('the health form spec', () => {
  it('follows the recipe: feature order, ranges from the data, training medians as defaults', () => {
    expect([...HEALTH_FIELD_NAMES]).toEqual(recipe.featureOrder);
    expect(HEALTH_FIELDS.map((f) => [f.name, f.unit, f.min, f.max, f.default])).toEqual(
      recipe.features.map((f) => [f.name, f.unit, f.min, f.max, f.trainingMedian]),
    );
    for (const f of HEALTH_FIELDS) expect(f.label.ko && f.label.en && f.step > 0).toBeTruthy();
  });
});

describe('health-risk on onnxruntime-node', () => {
  it.each(recipe.rows.map((r, i) => [i, r] as const))('held-out row %i matches sklearn', async (_i, row) => {
    const result = healthRiskResult(await runner.run(HEALTH_RISK_MODEL_ID, healthRiskInputs(valuesOf(row.features))));
    expect(Math.abs(result.probability - row.sklearnProbability)).toBeLessThan(1e-5);
  });

  it('gives a probability for the form defaults', async () => {
    const result = healthRiskResult(await runner.run(HEALTH_RISK_MODEL_ID, healthRiskInputs(defaultHealthValues())));
    expect(result.probability).toBeGreaterThan(0);
    expect(result.probability).toBeLessThan(1);
  });
});

describe('healthRiskInputs', () => {
  it('lays the values out as features [1, 10] in order', () => {
    const t = healthRiskInputs(valuesOf(recipe.rows[0]!.features))['features']!;
    expect(t.dims).toEqual([1, 10]);
    expect([...(t.data as Float32Array)]).toEqual([...Float32Array.from(recipe.rows[0]!.features)]);
  });

  it.each([
    ['bmi', 50, /bmi.*outside the data's range 18–42.2/, 'out-of-range'],
    ['age', 10, /age.*outside/, 'out-of-range'],
    ['s6', Number.NaN, /s6.*must be a number/, 'not-a-number'],
    ['sex', 1.5, /sex.*whole number/, 'not-whole'],
  ] as const)('refuses %s = %s, naming the field', (field, value, message, problem) => {
    const values = { ...defaultHealthValues(), [field]: value };
    expect(() => healthRiskInputs(values)).toThrow(message);
    try {
      healthRiskInputs(values);
    } catch (error) {
      expect(error).toBeInstanceOf(HealthInputError);
      expect((error as HealthInputError).field).toBe(field);
      expect((error as HealthInputError).problem).toBe(problem);
    }
  });

  it('refuses a missing field', () => {
    const values: Partial<HealthValues> = defaultHealthValues();
    delete values.s3;
    expect(() => healthRiskInputs(values)).toThrow(/s3/);
  });
});

describe('healthRiskResult', () => {
  const risk = (p: number) => ({ risk: { type: 'float32' as const, dims: [1, 1], data: Float32Array.of(p) } });
  it('sorts probabilities into thirds', () => {
    expect(healthRiskResult(risk(0.2))).toEqual({ probability: expect.closeTo(0.2, 6) as number, level: 'low' });
    expect(healthRiskResult(risk(0.5)).level).toBe('moderate');
    expect(healthRiskResult(risk(0.7)).level).toBe('high');
  });
  it('refuses a missing or impossible output', () => {
    expect(() => healthRiskResult({})).toThrow(/'risk'/);
    expect(() => healthRiskResult(risk(Number.NaN))).toThrow(/'risk'/);
  });
});
