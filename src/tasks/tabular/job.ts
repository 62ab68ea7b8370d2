/**
 * The health-risk form as a job: the check-up values in (checked the same way wherever it
 * runs, converted to the model's scale inside), the probability, its level and the three
 * factors that moved it most out. Served in the datacenter as the v2 pipeline model
 * `health-risk-form`, beside the bare `health-risk` model it calls.
 */
import type { Task } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { jsonTensor, readJson } from '../wire.ts';
import { HEALTH_FIELD_NAMES, type HealthValues } from './health-fields.ts';
import { HEALTH_RISK_MODEL_ID, checkHealthValues, healthRiskInputs, healthRiskResult, type HealthRisk, type RiskLevel } from './health-risk.ts';
import { riskFactors, type RiskFactor } from './risk-factors.ts';

const LEVELS: readonly RiskLevel[] = ['low', 'moderate', 'high'];

const isFactor = (f: unknown): f is RiskFactor => {
  const r = f as Partial<RiskFactor> | null;
  return typeof r === 'object' && r !== null && HEALTH_FIELD_NAMES.includes(r.field!) && typeof r.contribution === 'number' && (r.direction === 'up' || r.direction === 'down');
};

export const healthRiskTask: Task<HealthValues, HealthRisk> = {
  id: 'health-risk-form',
  models: [HEALTH_RISK_MODEL_ID],
  size: (values) => ({ work: 1, unit: 'form', uploadBytes: JSON.stringify(values).length }),
  async run(values, { run, signal, onProgress }) {
    const outputs = await run(HEALTH_RISK_MODEL_ID, healthRiskInputs(values), signal);
    onProgress?.({ step: 'assess', done: 1, total: 1 });
    return { ...healthRiskResult(outputs), factors: riskFactors(checkHealthValues(values)) };
  },
  wire: {
    inputs: [{ name: 'values', datatype: 'BYTES', shape: [1] }],
    outputs: [
      { name: 'probability', datatype: 'FP32', shape: [1] },
      { name: 'level', datatype: 'BYTES', shape: [1] },
      { name: 'factors', datatype: 'BYTES', shape: [-1] },
    ],
    encodeInput: (values) => ({ values: jsonTensor([values]) }),
    decodeInput(tensors) {
      const [values] = readJson(tensors, 'values');
      if (typeof values !== 'object' || values === null) throw new TaskInputError(`'values' must hold one JSON object with ${HEALTH_FIELD_NAMES.join(', ')}`);
      // Only the known fields, so nothing else rides along; healthRiskInputs checks each.
      return Object.fromEntries(HEALTH_FIELD_NAMES.map((name) => [name, (values as Record<string, unknown>)[name]])) as HealthValues;
    },
    encodeResult: (risk) => ({
      probability: { type: 'float32', dims: [1], data: Float32Array.of(risk.probability) },
      level: { type: 'string', dims: [1], data: [risk.level] },
      factors: jsonTensor(risk.factors),
    }),
    decodeResult(tensors) {
      const probability = tensors['probability'];
      const level = tensors['level'];
      const factors = readJson(tensors, 'factors');
      if (probability?.type !== 'float32' || level?.type !== 'string' || !LEVELS.includes(level.data[0] as RiskLevel) || !factors.every(isFactor)) {
        throw new TaskInputError('the health-risk answer is incomplete');
      }
      return { probability: probability.data[0]!, level: level.data[0] as RiskLevel, factors };
    },
  },
};
