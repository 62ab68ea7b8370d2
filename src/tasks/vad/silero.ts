/**
 * Silero VAD v5's calling convention (catalog id `silero-vad`), as its own wrapper
 * (`OnnxWrapper` in silero-vad's utils_vad.py) and @ricky0123/vad-web use it: 512 new
 * samples at 16 kHz per call, with the previous call's last 64 samples prepended (so the
 * model input is [1, 576]), the recurrent state carried from `stateN` to the next `state`,
 * and `sr` an int64 scalar. The context lets an onset that straddles two frames be seen whole.
 */
import type { NamedTensors } from '../../shared/tensor.ts';

export const SILERO_MODEL_ID = 'silero-vad';
/** The only rate this detector feeds the model (v5 also takes 8 kHz with 256-sample frames). */
export const SILERO_SAMPLE_RATE = 16000;
/** New samples per model call: 32 ms at 16 kHz. */
export const SILERO_FRAME_SAMPLES = 512;
/** Samples of the previous frame prepended to each call. */
export const SILERO_CONTEXT_SAMPLES = 64;
/** `state`/`stateN` shape: [2, batch, 128]. */
export const SILERO_STATE_DIMS = [2, 1, 128] as const;
const STATE_SIZE = 2 * 1 * 128;

/** A zero state: the start of a stream, and what `reset()` returns to. */
export function initialState(): Float32Array {
  return new Float32Array(STATE_SIZE);
}

/**
 * The feeds for one call. `window` is context + frame (576 samples). Fresh arrays each call:
 * the browser engine transfers input buffers, which detaches them.
 */
export function sileroFeeds(window: Float32Array, state: Float32Array): NamedTensors {
  return {
    input: { type: 'float32', dims: [1, window.length], data: window },
    state: { type: 'float32', dims: [...SILERO_STATE_DIMS], data: Float32Array.from(state) },
    sr: { type: 'int64', dims: [], data: BigInt64Array.of(BigInt(SILERO_SAMPLE_RATE)) },
  };
}

/** Reads the speech probability and the next state; throws naming what is missing. */
export function readSilero(outputs: NamedTensors): { probability: number; state: Float32Array } {
  const output = outputs['output'];
  const stateN = outputs['stateN'];
  if (output?.type !== 'float32' || output.data.length !== 1) {
    throw new Error(`Silero VAD returned no float32 'output' of one value (got ${output ? `${output.type} [${output.dims.join(',')}]` : 'nothing'})`);
  }
  if (stateN?.type !== 'float32' || stateN.data.length !== STATE_SIZE) {
    throw new Error(`Silero VAD returned no float32 'stateN' of ${STATE_SIZE} values (got ${stateN ? `${stateN.type} [${stateN.dims.join(',')}]` : 'nothing'})`);
  }
  return { probability: output.data[0]!, state: Float32Array.from(stateN.data) };
}
