/** Tabular tasks: the health-risk demo's form spec (check-up units), input checks, result reading and risk factors. */
export {
  HEALTH_FIELDS,
  HEALTH_FIELD_NAMES,
  SEXES,
  SEX_FIELD,
  cholesterolRatio,
  defaultHealthValues,
  healthValuesOf,
  meanPressure,
  modelFeatures,
  type HealthField,
  type HealthFieldName,
  type HealthValues,
  type NumberFieldName,
  type Sex,
} from './health-fields.ts';
export { HEALTH_RISK_MODEL_ID, HealthInputError, RISK_CUTOFFS, checkHealthValues, healthRiskInputs, healthRiskResult, type HealthRisk, type RiskLevel } from './health-risk.ts';
export { riskFactors, studyAverage, type RiskDirection, type RiskFactor } from './risk-factors.ts';
