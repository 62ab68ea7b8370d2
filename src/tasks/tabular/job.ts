/**
 * The health-risk form as a job: the ten check-up values in (checked the same way wherever
 * it runs), the probability and its level out. Served in the datacenter as the v2 pipeline
 * model `health-risk-form`, beside the bare `health-risk` model it calls.
 */
import type { Task } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { jsonTensor, readJson } from '../wire.ts';
import { HEALTH_FIELD_NAMES, type HealthValues } from './health-fields.ts';
import { HEALTH_RISK_MODEL_ID, healthRiskInputs, healthRiskResult, type HealthRisk, type RiskLevel } from './health-risk.ts';

const LEVELS: readonly RiskLevel[] = ['low', 'moderate', 'high'];

export const healthRiskTask: Task<HealthValues, HealthRisk> = {
  id: 'health-risk-form',
  models: [HEALTH_RISK_MODEL_ID],
  size: (values) => ({ work: 1, unit: 'form', uploadBytes: JSON.stringify(values).length }),
  async run(values, { run, signal, onProgress }) {
    const outputs = await run(HEALTH_RISK_MODEL_ID, healthRiskInputs(values), signal);
    onProgress?.({ step: 'assess', done: 1, total: 1 });
    return healthRiskResult(outputs);
  },
  wire: {
    inputs: [{ name: 'values', datatype: 'BYTES', shape: [1] }],
    outputs: [
      { name: 'probability', datatype: 'FP32', shape: [1] },
      { name: 'level', datatype: 'BYTES', shape: [1] },
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
    }),
    decodeResult(tensors) {
      const probability = tensors['probability'];
      const level = tensors['level'];
      if (probability?.type !== 'float32' || level?.type !== 'string' || !LEVELS.includes(level.data[0] as RiskLevel)) {
        throw new TaskInputError('the health-risk answer is incomplete');
      }
      return { probability: probability.data[0]!, level: level.data[0] as RiskLevel };
    },
  },
};
