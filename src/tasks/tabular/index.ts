/** Tabular tasks: the health-risk demo's form spec, input checks and result reading. */
export { HEALTH_FIELDS, HEALTH_FIELD_NAMES, defaultHealthValues, type HealthField, type HealthFieldName, type HealthValues } from './health-fields.ts';
export { HEALTH_RISK_MODEL_ID, HealthInputError, RISK_CUTOFFS, healthRiskInputs, healthRiskResult, type HealthRisk, type RiskLevel } from './health-risk.ts';
