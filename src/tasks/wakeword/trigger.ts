/**
 * When a score becomes an event: once when it first reaches the threshold, then not again
 * until it has fallen back below it and a refractory time has passed — one "hey jarvis" is
 * one trigger, though its score stays high for several 80 ms frames. Pure, for unit tests.
 */
import { WARMUP_FRAMES } from './openwakeword.ts';

/** openWakeWord's models were trained for a 0.5 threshold (its README). */
export const DEFAULT_THRESHOLD = 0.5;
export const REFRACTORY_MS = 2000;

export interface TriggerState {
  armed: boolean;
  /** When it last fired (ms from the start of the stream). */
  lastMs?: number;
}

export const initialTrigger = (): TriggerState => ({ armed: true });

export interface TriggerInput {
  score: number;
  /** End of the frame, ms from the start of the stream. */
  timeMs: number;
  /** Index of the frame in the stream: the first WARMUP_FRAMES never fire. */
  frame: number;
  /** Whether the VAD gate lets a trigger through. */
  open: boolean;
  threshold: number;
}

export function trigger(state: TriggerState, input: TriggerInput): { state: TriggerState; fired: boolean } {
  const above = input.score >= input.threshold;
  if (state.armed) {
    const fired = above && input.open && input.frame >= WARMUP_FRAMES;
    return { state: fired ? { armed: false, lastMs: input.timeMs } : state, fired };
  }
  const rested = state.lastMs === undefined || input.timeMs - state.lastMs >= REFRACTORY_MS;
  return { state: !above && rested ? { ...state, armed: true } : state, fired: false };
}
