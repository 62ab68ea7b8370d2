/**
 * Pre- and post-processing for the `health-risk` model (a demo, not medical advice): the
 * check-up values are checked in the form's units, then converted to the model's ten
 * features (health-fields.ts); the model standardizes them itself, and its output is
 * P(one-year diabetes progression above the study's median).
 */
import type { NamedTensors } from '../../shared/tensor.ts';
import { HEALTH_FIELDS, SEXES, modelFeatures, type HealthFieldName, type HealthValues } from './health-fields.ts';
import type { RiskFactor } from './risk-factors.ts';
import { TaskInputError } from '../task.ts';

export const HEALTH_RISK_MODEL_ID = 'health-risk';

/** Why a value was refused; the page words it in the visitor's language from these facts. */
export type HealthProblem = 'not-a-number' | 'out-of-range' | 'not-whole' | 'not-a-choice';

/** A form value the model cannot take; `field` and `problem` let the form mark and explain it. */
export class HealthInputError extends TaskInputError {
  override readonly name = 'HealthInputError';
  constructor(
    readonly field: HealthFieldName,
    readonly problem: HealthProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Checks every value (present, finite, within the data's range, whole where it must be, sex one of the choices). */
export function checkHealthValues(values: Partial<Record<HealthFieldName, unknown>>): HealthValues {
  if (!SEXES.includes(values.sex as HealthValues['sex'])) throw new HealthInputError('sex', 'not-a-choice', `sex must be one of ${SEXES.join(', ')}, got ${String(values.sex)}`);
  for (const f of HEALTH_FIELDS) {
    const v = values[f.name];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new HealthInputError(f.name, 'not-a-number', `${f.name} (${f.label.en}) must be a number, got ${String(v)}`);
    if (v < f.min || v > f.max) throw new HealthInputError(f.name, 'out-of-range', `${f.name} (${f.label.en}) = ${v} ${f.unit} is outside the data's range ${f.min}–${f.max}`);
    if (f.integer && !Number.isInteger(v)) throw new HealthInputError(f.name, 'not-whole', `${f.name} (${f.label.en}) must be a whole number, got ${v}`);
  }
  return values as HealthValues;
}

/** Checks the values and builds `features` [1, 10] on the model's scale. */
export function healthRiskInputs(values: Partial<Record<HealthFieldName, unknown>>): NamedTensors {
  const features = modelFeatures(checkHealthValues(values));
  return { features: { type: 'float32', dims: [1, features.length], data: Float32Array.from(features) } };
}

export type RiskLevel = 'low' | 'moderate' | 'high';

/**
 * Cut-offs on the probability: thirds of the scale, not clinical thresholds. The model is
 * right about 3 times in 4 on held-out patients, so the middle third says "cannot tell".
 */
export const RISK_CUTOFFS = Object.freeze({ moderate: 1 / 3, high: 2 / 3 });

export interface HealthRisk {
  probability: number;
  level: RiskLevel;
  /** The three values that raised or lowered the estimate most (risk-factors.ts). */
  factors: RiskFactor[];
}

/** Reads `risk` [1, 1]; throws if it is missing or not a probability. */
export function healthRiskResult(outputs: NamedTensors): Omit<HealthRisk, 'factors'> {
  const risk = outputs['risk'];
  const probability = risk?.type === 'float32' ? risk.data[0] : undefined;
  if (probability === undefined || !(probability >= 0 && probability <= 1)) {
    throw new Error(`health-risk returned no probability in 'risk' (got ${risk ? `${risk.type} [${risk.dims.join(',')}]` : 'nothing'})`);
  }
  const level: RiskLevel = probability >= RISK_CUTOFFS.high ? 'high' : probability >= RISK_CUTOFFS.moderate ? 'moderate' : 'low';
  return { probability, level };
}
