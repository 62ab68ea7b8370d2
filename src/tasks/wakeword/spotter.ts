/**
 * The wake-word spotter: 16 kHz audio of any length in, one score per word for every 80 ms
 * frame out, and the triggers. Everything it remembers is in `WakeStreamState`, a plain
 * object: a file runs through it in one job, a live microphone as one job per chunk, each
 * starting from the state the previous one returned.
 */
import type { ModelRunner } from '../model-runner.ts';
import { featureStep, initialFeatureState, type FeatureState } from './features.ts';
import { CHUNK_SAMPLES, EMBEDDING_SIZE, EMBEDDING_WINDOW, WAKE_SAMPLE_RATE, WAKE_WORDS, onlyOutput, type WakeWordId } from './openwakeword.ts';
import { DEFAULT_THRESHOLD, initialTrigger, trigger, type TriggerState } from './trigger.ts';
import { gateOpen, gateStep, initialGateState, type GateState } from './vad-gate.ts';

export interface WakeStreamState {
  features: FeatureState;
  gate: GateState;
  /** Samples short of a whole 80 ms frame, waiting for the next audio (16-bit values). */
  pending: Float32Array;
  /** 80 ms frames done since the stream began. */
  frames: number;
  triggers: Partial<Record<WakeWordId, TriggerState>>;
}

export interface WakeFrame {
  /** End of the frame, ms from the start of the stream. */
  endMs: number;
  /** Score of each listened-for word, in the order of `SpotOptions.words`; 0 while the gate is closed. */
  scores: number[];
  /** Whether the VAD gate was open (always true without the gate). */
  open: boolean;
}

export interface WakeEvent {
  word: WakeWordId;
  /** End of the frame that fired, ms from the start of the stream. */
  timeMs: number;
  score: number;
}

export interface SpotOptions {
  words: readonly WakeWordId[];
  threshold?: number;
  /** Silero VAD as the first stage (default on): without speech, no word model runs. */
  gate?: boolean;
  signal?: AbortSignal;
}

export function initialStreamState(): WakeStreamState {
  return { features: initialFeatureState(), gate: initialGateState(), pending: new Float32Array(0), frames: 0, triggers: {} };
}

const MS_PER_FRAME = (CHUNK_SAMPLES / WAKE_SAMPLE_RATE) * 1000;

async function score(run: ModelRunner, word: WakeWordId, embeddings: Float32Array, signal?: AbortSignal): Promise<number> {
  const { modelId, input } = WAKE_WORDS[word];
  const outputs = await run(modelId, { [input]: { type: 'float32', dims: [1, EMBEDDING_WINDOW, EMBEDDING_SIZE], data: Float32Array.from(embeddings) } }, signal);
  return onlyOutput(outputs, modelId, 1)[0]!;
}

/**
 * Runs every whole 80 ms frame in `samples` (16 kHz, 16-bit values) after what `state`
 * holds; a remainder waits in the returned state. `onFrame` sees each frame as it is scored.
 */
export async function spot(
  state: WakeStreamState,
  samples: Float32Array,
  run: ModelRunner,
  options: SpotOptions,
  onFrame?: (frame: WakeFrame, event: WakeEvent[]) => void,
): Promise<{ state: WakeStreamState; frames: WakeFrame[]; events: WakeEvent[] }> {
  const audio = new Float32Array(state.pending.length + samples.length);
  audio.set(state.pending);
  audio.set(samples, state.pending.length);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const useGate = options.gate ?? true;
  let { features, gate, frames: done } = state;
  const triggers = { ...state.triggers };
  const frames: WakeFrame[] = [];
  const events: WakeEvent[] = [];
  let at = 0;
  for (; at + CHUNK_SAMPLES <= audio.length; at += CHUNK_SAMPLES) {
    options.signal?.throwIfAborted();
    const chunk = audio.subarray(at, at + CHUNK_SAMPLES);
    features = await featureStep(features, chunk, run, options.signal);
    if (useGate) gate = await gateStep(gate, chunk, run, options.signal);
    const open = !useGate || gateOpen(gate);
    const endMs = (done + 1) * MS_PER_FRAME;
    const scores: number[] = [];
    const fired: WakeEvent[] = [];
    for (const word of options.words) {
      const value = open ? await score(run, word, features.embeddings!, options.signal) : 0;
      scores.push(value);
      const next = trigger(triggers[word] ?? initialTrigger(), { score: value, timeMs: endMs, frame: done, open, threshold });
      triggers[word] = next.state;
      if (next.fired) fired.push({ word, timeMs: endMs, score: value });
    }
    const frame = { endMs, scores, open };
    frames.push(frame);
    events.push(...fired);
    onFrame?.(frame, fired);
    done++;
  }
  return { state: { features, gate, pending: audio.slice(at), frames: done, triggers }, frames, events };
}
