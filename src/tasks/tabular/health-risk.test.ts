import { afterAll, describe, expect, it } from 'vitest';
import recipe from '../../../models/health-risk/recipe-output.json';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import { HEALTH_FIELDS, HEALTH_FIELD_NAMES, cholesterolRatio, defaultHealthValues, healthValuesOf, meanPressure, modelFeatures, type HealthValues } from './health-fields.ts';
import { HEALTH_RISK_MODEL_ID, HealthInputError, healthRiskInputs, healthRiskResult } from './health-risk.ts';
import type { NamedTensors } from '../../shared/tensor.ts';

const runner = nodeRunner('models');
afterAll(() => runner.release());

const probability = async (inputs: NamedTensors) => healthRiskResult(await runner.run(HEALTH_RISK_MODEL_ID, inputs)).probability;
/** The model fed a row of the data as it was before the form spoke check-up units: the raw ten features. */
const rawInputs = (features: number[]): NamedTensors => ({ features: { type: 'float32', dims: [1, 10], data: Float32Array.from(features) } });

describe('the health form spec', () => {
  const recipeOf = (name: string) => recipe.features[['age', 'sex', 'bmi', 'bp', 'cholesterol', 'ldl', 'hdl', 'ratio', 'triglycerides', 'glucose'].indexOf(name)]!;

  it('follows the recipe: ranges from the data, training medians as defaults, in the same units', () => {
    expect(HEALTH_FIELD_NAMES.length).toBe(recipe.featureOrder.length);
    for (const f of HEALTH_FIELDS.filter((f) => f.name !== 'triglycerides')) {
      const r = recipeOf(f.name);
      expect([f.name, f.min, f.max, f.default, f.unit || 'ratio']).toEqual([f.name, r.min, r.max, r.trainingMedian, r.unit]);
      expect(f.label.ko && f.label.en && f.step > 0).toBeTruthy();
    }
  });

  it('asks triglycerides in mg/dL: the span and median of the data, whose s5 is their natural log', () => {
    const tg = HEALTH_FIELDS.find((f) => f.name === 'triglycerides')!;
    const s5 = recipeOf('triglycerides');
    expect(tg.unit).toBe('mg/dL');
    expect(Math.log(tg.min)).toBeCloseTo(s5.min, 4);
    expect(Math.log(tg.max)).toBeCloseTo(s5.max, 3);
    expect(Math.log(tg.default)).toBeCloseTo(s5.trainingMedian, 4);
  });

  it('has no doubled units: no unit repeats in its own label', () => {
    for (const f of HEALTH_FIELDS) expect(f.unit === '' || !f.label.en.includes(f.unit)).toBe(true);
  });

  it('turns a data row into check-up values and back', () => {
    for (const row of recipe.rows) {
      const back = modelFeatures(healthValuesOf(row.features));
      back.forEach((v, i) => expect(v).toBeCloseTo(row.features[i]!, 10));
    }
    expect(healthValuesOf(recipe.rows[7]!.features).sex).toBe('male');
  });
});

describe('values a sheet does not print', () => {
  it('works out the mean pressure from systolic and diastolic, and the cholesterol ratio', () => {
    expect(meanPressure(120, 80)).toBe(93);
    expect(meanPressure(140, 90)).toBe(107);
    expect(cholesterolRatio(187, 45)).toBe(4.16);
  });
});

describe('health-risk on onnxruntime-node', () => {
  it.each(recipe.rows.map((r, i) => [i, r] as const))('held-out row %i, as check-up values, matches sklearn', async (_i, row) => {
    expect(Math.abs((await probability(healthRiskInputs(healthValuesOf(row.features)))) - row.sklearnProbability)).toBeLessThan(1e-5);
  });

  it('mg/dL and a sex choice give the same probability as before for the same person', async () => {
    for (const row of recipe.rows) {
      const before = await probability(rawInputs(row.features));
      const person = healthValuesOf(row.features);
      expect(Math.abs((await probability(healthRiskInputs(person))) - before)).toBeLessThan(1e-6);
      // As printed on a sheet: triglycerides in whole mg/dL.
      const printed = { ...person, triglycerides: Math.round(person.triglycerides) };
      expect(Math.abs((await probability(healthRiskInputs(printed))) - before)).toBeLessThan(1e-3);
    }
  });

  it('gives a probability for the form defaults', async () => {
    const p = await probability(healthRiskInputs(defaultHealthValues()));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });
});

describe('healthRiskInputs', () => {
  it('lays the values out as features [1, 10] in the model order, sex coded and triglycerides as their log', () => {
    const t = healthRiskInputs({ ...defaultHealthValues(), sex: 'male', triglycerides: 150 })['features']!;
    expect(t.dims).toEqual([1, 10]);
    expect((t.data as Float32Array)[1]).toBe(2);
    expect((t.data as Float32Array)[8]).toBeCloseTo(Math.log(150), 5);
  });

  it.each([
    ['bmi', 50, /bmi.*outside the data's range 18–42.2/, 'out-of-range'],
    ['age', 10, /age.*outside/, 'out-of-range'],
    ['triglycerides', 600, /triglycerides.*600 mg\/dL is outside the data's range 26–449/, 'out-of-range'],
    ['glucose', Number.NaN, /glucose.*must be a number/, 'not-a-number'],
    ['age', 50.5, /age.*whole number/, 'not-whole'],
    ['sex', 1, /sex must be one of female, male/, 'not-a-choice'],
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
    delete values.hdl;
    expect(() => healthRiskInputs(values)).toThrow(/hdl/);
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
