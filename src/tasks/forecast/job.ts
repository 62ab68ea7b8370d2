/**
 * Tomorrow's demand as a job: the last week's 336 half-hourly values (MW) in, the next 48
 * out. Served in the datacenter as the v2 pipeline model `demand-forecast-day`, beside the
 * bare `demand-forecast` model it calls (whose tensors are scaled, not MW).
 */
import type { Task } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { jsonTensor, readFloatRows, readJson } from '../wire.ts';
import { FORECAST_MODEL_ID, HISTORY, HORIZON, forecastInputs, forecastMw } from './features.ts';

export interface ForecastJobInput {
  /** The last 7 days, half-hourly, oldest first (MW). */
  historyMw: number[];
}

export interface ForecastJobResult {
  /** The next 24 hours, half-hourly (MW). */
  forecastMw: number[];
}

export const forecastTask: Task<ForecastJobInput, ForecastJobResult> = {
  id: 'demand-forecast-day',
  models: [FORECAST_MODEL_ID],
  size: ({ historyMw }) => ({ work: 1, unit: 'form', uploadBytes: JSON.stringify(historyMw).length }),
  async run({ historyMw }, { run, signal, onProgress }) {
    const { inputs, mean } = forecastInputs(historyMw);
    const outputs = await run(FORECAST_MODEL_ID, inputs, signal);
    onProgress?.({ step: 'forecast', done: 1, total: 1 });
    return { forecastMw: forecastMw(outputs, mean) };
  },
  wire: {
    // The week as one JSON list of MW values (what the visitor chose), like the health form's values.
    inputs: [{ name: 'history_mw', datatype: 'BYTES', shape: [1] }],
    outputs: [{ name: 'forecast_mw', datatype: 'FP32', shape: [1, HORIZON] }],
    encodeInput: ({ historyMw }) => ({ history_mw: jsonTensor([historyMw]) }),
    decodeInput(tensors) {
      const values = readJson(tensors, 'history_mw');
      const [history] = values;
      if (values.length !== 1 || !Array.isArray(history)) throw new TaskInputError(`'history_mw' must hold one JSON list of ${HISTORY} MW values`);
      // forecastInputs checks each value wherever the job runs.
      return { historyMw: history as number[] };
    },
    encodeResult: ({ forecastMw }) => ({ forecast_mw: { type: 'float32', dims: [1, HORIZON], data: Float32Array.from(forecastMw) } }),
    decodeResult(tensors) {
      const rows = readFloatRows(tensors, 'forecast_mw', [HORIZON]);
      if (rows.length !== 1) throw new TaskInputError('the forecast answer is incomplete');
      return { forecastMw: Array.from(rows[0]!) };
    },
  },
};
