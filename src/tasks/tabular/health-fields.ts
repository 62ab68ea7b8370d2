/**
 * The health-risk form: the ten inputs of the `health-risk` model in its feature order, in
 * the raw units of scikit-learn's diabetes data. Ranges are the span of the 442 rows the
 * model learnt from (a value outside it is extrapolation, so the form refuses it); defaults
 * are the training split's medians. Both come from models/health-risk/recipe-output.json,
 * and a unit test holds this table to it. Units are implied by the values: scikit-learn
 * documents the meanings, not the units (docs/HEALTH-MODEL.md).
 */
import type { Localized } from '../../catalog/catalog.ts';

export const HEALTH_FIELD_NAMES = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'] as const;
export type HealthFieldName = (typeof HEALTH_FIELD_NAMES)[number];

export interface HealthField {
  name: HealthFieldName;
  label: Localized;
  unit: string;
  min: number;
  max: number;
  step: number;
  /** The training median: a typical patient of the study, not a healthy value. */
  default: number;
  /** Only whole numbers are meaningful (a code). */
  integer?: boolean;
}

/** In the model's input order. */
export const HEALTH_FIELDS: readonly HealthField[] = [
  { name: 'age', label: { ko: '나이', en: 'Age' }, unit: 'years', min: 19, max: 79, step: 1, default: 50 },
  { name: 'sex', label: { ko: '성별 (데이터 코드 1 또는 2)', en: 'Sex (dataset code 1 or 2)' }, unit: 'code', min: 1, max: 2, step: 1, default: 1, integer: true },
  { name: 'bmi', label: { ko: '체질량지수', en: 'Body mass index' }, unit: 'kg/m²', min: 18, max: 42.2, step: 0.1, default: 25.6 },
  { name: 'bp', label: { ko: '평균 혈압', en: 'Average blood pressure' }, unit: 'mmHg', min: 62, max: 133, step: 1, default: 93 },
  { name: 's1', label: { ko: '총콜레스테롤', en: 'Total cholesterol' }, unit: 'mg/dL', min: 97, max: 301, step: 1, default: 185 },
  { name: 's2', label: { ko: 'LDL 콜레스테롤', en: 'LDL cholesterol' }, unit: 'mg/dL', min: 41.6, max: 242.4, step: 0.1, default: 110.6 },
  { name: 's3', label: { ko: 'HDL 콜레스테롤', en: 'HDL cholesterol' }, unit: 'mg/dL', min: 22, max: 99, step: 1, default: 48 },
  { name: 's4', label: { ko: '총콜레스테롤 / HDL', en: 'Total cholesterol / HDL' }, unit: 'ratio', min: 2, max: 9.09, step: 0.01, default: 4 },
  { name: 's5', label: { ko: '중성지방 (로그값)', en: 'Triglycerides (log)' }, unit: 'log', min: 3.2581, max: 6.107, step: 0.0001, default: 4.5951 },
  { name: 's6', label: { ko: '혈당', en: 'Blood sugar' }, unit: 'mg/dL', min: 58, max: 124, step: 1, default: 91 },
];

export type HealthValues = Record<HealthFieldName, number>;

/** The form's starting values: every field at its default. */
export function defaultHealthValues(): HealthValues {
  return Object.fromEntries(HEALTH_FIELDS.map((f) => [f.name, f.default])) as HealthValues;
}
