/**
 * Why the estimate is what it is: the model is a logistic regression on standardised
 * values, so each value's share of the log-odds is coefficient × (value − study mean) /
 * study spread. The largest shares, by size, are the factors that raised or lowered the
 * estimate most compared with the study's average person.
 */
import { HEALTH_FIELD_NAMES, modelFeatures, type HealthFieldName, type HealthValues } from './health-fields.ts';
import { HEALTH_MODEL } from './health-model.ts';

export type RiskDirection = 'up' | 'down';

export interface RiskFactor {
  field: HealthFieldName;
  /** This value's share of the log-odds (positive raises the risk). */
  contribution: number;
  direction: RiskDirection;
}

/** Every field's share of the log-odds, in the model's feature order. */
export function contributions(values: HealthValues): number[] {
  const { mean, scale, weights } = HEALTH_MODEL;
  return modelFeatures(values).map((x, i) => (weights[i]! * (x - mean[i]!)) / scale[i]!);
}

/** The model's log-odds recomputed from the shares (the unit test holds it to onnxruntime). */
export const logOdds = (values: HealthValues): number => HEALTH_MODEL.bias + contributions(values).reduce((s, c) => s + c, 0);

/** The `count` fields that moved the estimate most, largest first. */
export function riskFactors(values: HealthValues, count = 3): RiskFactor[] {
  return contributions(values)
    .map((contribution, i): RiskFactor => ({ field: HEALTH_FIELD_NAMES[i]!, contribution, direction: contribution >= 0 ? 'up' : 'down' }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, count);
}

/** The study's average for a field, in the form's units (the geometric mean for triglycerides, which the model sees as logs). */
export function studyAverage(field: HealthFieldName): number | undefined {
  if (field === 'sex') return undefined;
  const mean = HEALTH_MODEL.mean[HEALTH_FIELD_NAMES.indexOf(field)]!;
  return field === 'triglycerides' ? Math.exp(mean) : mean;
}
