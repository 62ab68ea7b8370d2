/**
 * The health-risk form in the units of a Korean check-up sheet (국가건강검진 결과표), and
 * how those values become the ten features of the `health-risk` model (recipe order: age,
 * sex, bmi, bp, s1…s6 of scikit-learn's diabetes data). Two inputs differ from the model's
 * scale and are converted here, inside the task:
 * - sex is a choice; the data codes it 1 or 2 without saying which is which. Code 1 is
 *   taken as female: its HDL averages 54.4 mg/dL against 44.6 for code 2, and its blood
 *   pressure, triglycerides and sugar are lower, as women's are (docs/HEALTH-MODEL.md).
 * - triglycerides are asked in mg/dL; the model's s5 is their natural log (the data's
 *   4.5951 is ln 99 mg/dL, and its span 3.2581–6.107 is 26–449 mg/dL).
 * Ranges are the span of the 442 rows the model learnt from (a value outside it would be
 * extrapolation, so the form refuses it); defaults are the training split's medians. A
 * unit test holds this table to models/health-risk/recipe-output.json.
 */
import type { Localized } from '../../catalog/catalog.ts';

export const HEALTH_FIELD_NAMES = ['age', 'sex', 'bmi', 'bp', 'cholesterol', 'ldl', 'hdl', 'ratio', 'triglycerides', 'glucose'] as const;
export type HealthFieldName = (typeof HEALTH_FIELD_NAMES)[number];
export type NumberFieldName = Exclude<HealthFieldName, 'sex'>;

export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];
/** The data's sex codes, as inferred above. */
export const SEX_CODES: Readonly<Record<Sex, number>> = { female: 1, male: 2 };

export type HealthValues = Record<NumberFieldName, number> & { sex: Sex };

export interface HealthField {
  name: NumberFieldName;
  label: Localized;
  /** As printed on a check-up sheet; '' for a plain ratio. */
  unit: string;
  min: number;
  max: number;
  step: number;
  /** The training median: a typical patient of the study, not a healthy value. */
  default: number;
  /** The reference range a check-up sheet prints beside the value ('' when it has none). */
  normal: Localized;
  /** How to get the value when the sheet does not print it. */
  hint?: Localized;
  /** Only whole numbers are meaningful. */
  integer?: boolean;
}

/** The number fields, in form order (sex, a choice, comes after age). */
export const HEALTH_FIELDS: readonly HealthField[] = [
  { name: 'age', label: { ko: '나이', en: 'Age' }, unit: 'years', min: 19, max: 79, step: 1, default: 50, integer: true, normal: { ko: '', en: '' } },
  { name: 'bmi', label: { ko: '체질량지수', en: 'Body mass index' }, unit: 'kg/m²', min: 18, max: 42.2, step: 0.1, default: 25.6, normal: { ko: '정상 18.5–22.9', en: 'normal 18.5–22.9' } },
  {
    name: 'bp',
    label: { ko: '평균 혈압', en: 'Mean blood pressure' },
    unit: 'mmHg',
    min: 62,
    max: 133,
    step: 1,
    default: 93,
    normal: { ko: '정상 93 미만 (120/80)', en: 'normal below 93 (120/80)' },
    hint: { ko: '(수축기 + 2 × 이완기) ÷ 3', en: '(systolic + 2 × diastolic) ÷ 3' },
  },
  { name: 'cholesterol', label: { ko: '총콜레스테롤', en: 'Total cholesterol' }, unit: 'mg/dL', min: 97, max: 301, step: 1, default: 185, normal: { ko: '정상 200 미만', en: 'normal below 200' } },
  { name: 'ldl', label: { ko: 'LDL 콜레스테롤', en: 'LDL cholesterol' }, unit: 'mg/dL', min: 41.6, max: 242.4, step: 0.1, default: 110.6, normal: { ko: '정상 130 미만', en: 'normal below 130' } },
  { name: 'hdl', label: { ko: 'HDL 콜레스테롤', en: 'HDL cholesterol' }, unit: 'mg/dL', min: 22, max: 99, step: 1, default: 48, normal: { ko: '정상 60 이상', en: 'normal 60 or more' } },
  {
    name: 'ratio',
    label: { ko: '총콜레스테롤 ÷ HDL', en: 'Total cholesterol ÷ HDL' },
    unit: '',
    min: 2,
    max: 9.09,
    step: 0.01,
    default: 4,
    normal: { ko: '5 미만이 좋음', en: 'below 5 is good' },
    hint: { ko: '총콜레스테롤과 HDL을 넣으면 계산됩니다', en: 'worked out from total cholesterol and HDL' },
  },
  { name: 'triglycerides', label: { ko: '중성지방', en: 'Triglycerides' }, unit: 'mg/dL', min: 26, max: 449, step: 1, default: 99, normal: { ko: '정상 150 미만', en: 'normal below 150' } },
  { name: 'glucose', label: { ko: '공복혈당', en: 'Fasting blood sugar' }, unit: 'mg/dL', min: 58, max: 124, step: 1, default: 91, normal: { ko: '정상 100 미만', en: 'normal below 100' } },
];

/** The sex choice's label and the training data's most common answer (code 1). */
export const SEX_FIELD = { label: { ko: '성별', en: 'Sex' } as Localized, default: 'female' as Sex };

/** The form's starting values: every field at its default. */
export function defaultHealthValues(): HealthValues {
  return { ...(Object.fromEntries(HEALTH_FIELDS.map((f) => [f.name, f.default])) as Record<NumberFieldName, number>), sex: SEX_FIELD.default };
}

/** The model's ten features, in the recipe's order, from check-up values (sex coded, triglycerides as their log). */
export function modelFeatures(values: HealthValues): number[] {
  const v = values;
  return [v.age, SEX_CODES[v.sex], v.bmi, v.bp, v.cholesterol, v.ldl, v.hdl, v.ratio, Math.log(v.triglycerides), v.glucose];
}

/** The other way: a row of the data (the recipe's held-out patients) as check-up values. */
export function healthValuesOf(features: readonly number[]): HealthValues {
  const f = (i: number) => features[i]!;
  const sex = SEXES.find((s) => SEX_CODES[s] === f(1));
  if (!sex) throw new Error(`sex code ${f(1)} is neither 1 nor 2`);
  return { age: f(0), sex, bmi: f(2), bp: f(3), cholesterol: f(4), ldl: f(5), hdl: f(6), ratio: f(7), triglycerides: Math.exp(f(8)), glucose: f(9) };
}

/** The ratio a sheet does not print, from the two values it does (rounded as the field steps). */
export const cholesterolRatio = (cholesterol: number, hdl: number): number => Math.round((cholesterol / hdl) * 100) / 100;

/**
 * The mean blood pressure the data's `bp` holds (median 93 = 120/80), from the two numbers a
 * sheet prints: diastolic plus a third of the difference, to the nearest mmHg.
 */
export const meanPressure = (systolic: number, diastolic: number): number => Math.round((systolic + 2 * diastolic) / 3);
