/**
 * The first stage: Silero VAD (catalog `silero-vad`) over the same 16 kHz stream, in its own
 * 512-sample frames, with its state kept in a plain object like the features'. A wake word
 * may only trigger while someone spoke within the last second — upstream's `vad_threshold`
 * does the same (model.py), so engine hum, wipers and indicator ticks cannot wake the car.
 */
import type { ModelRunner } from '../model-runner.ts';
import { SILERO_CONTEXT_SAMPLES, SILERO_FRAME_SAMPLES, SILERO_MODEL_ID, initialState, readSilero, sileroFeeds } from '../vad/silero.ts';

/** Silero frames in the gate's memory: 31 × 32 ms ≈ 1 s. */
export const GATE_MEMORY_FRAMES = 31;
export const GATE_THRESHOLD = 0.5;

export interface GateState {
  /** Silero's recurrent state. */
  state: Float32Array;
  /** Context + samples of the frame being filled, as ±1 floats. */
  window: Float32Array;
  filled: number;
  /** Speech probabilities of the latest frames, oldest first. */
  recent: number[];
}

export function initialGateState(): GateState {
  return { state: initialState(), window: new Float32Array(SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES), filled: 0, recent: [] };
}

/** Whether the gate is open: some frame of the last second was speech. */
export const gateOpen = (gate: GateState): boolean => gate.recent.some((p) => p >= GATE_THRESHOLD);

/** The highest speech probability the gate remembers (0 before any frame). */
export const gatePeak = (gate: GateState): number => Math.max(0, ...gate.recent);

/** Feeds 16 kHz samples (16-bit values) to Silero; returns the new state, the old one untouched. */
export async function gateStep(gate: GateState, samples: Float32Array, run: ModelRunner, signal?: AbortSignal): Promise<GateState> {
  let { state, filled } = gate;
  let window = Float32Array.from(gate.window);
  const recent = [...gate.recent];
  for (let at = 0; at < samples.length; ) {
    const take = Math.min(SILERO_FRAME_SAMPLES - filled, samples.length - at);
    for (let i = 0; i < take; i++) window[SILERO_CONTEXT_SAMPLES + filled + i] = samples[at + i]! / 32768;
    filled += take;
    at += take;
    if (filled < SILERO_FRAME_SAMPLES) break;
    const result = readSilero(await run(SILERO_MODEL_ID, sileroFeeds(Float32Array.from(window), state), signal));
    state = result.state;
    recent.push(result.probability);
    if (recent.length > GATE_MEMORY_FRAMES) recent.shift();
    const next = new Float32Array(window.length);
    next.set(window.subarray(window.length - SILERO_CONTEXT_SAMPLES));
    window = next;
    filled = 0;
  }
  return { state, window, filled, recent };
}
