/**
 * The stream state as JSON, so a live microphone's chunks can run in the datacenter too
 * (each job carries the state the previous one returned). float32 values survive the trip
 * exactly: every float32 is a double, and JSON writes doubles losslessly.
 */
import { TaskInputError } from '../task.ts';
import { EMBEDDING_SIZE, EMBEDDING_WINDOW, MEL_BANDS, MEL_CONTEXT_SAMPLES, MEL_WINDOW, CHUNK_SAMPLES, isWakeWordId } from './openwakeword.ts';
import type { WakeStreamState } from './spotter.ts';
import type { TriggerState } from './trigger.ts';
import { GATE_MEMORY_FRAMES } from './vad-gate.ts';
import { SILERO_CONTEXT_SAMPLES, SILERO_FRAME_SAMPLES } from '../vad/silero.ts';

export function stateToJson(state: WakeStreamState): unknown {
  return {
    features: { tail: [...state.features.tail], mel: [...state.features.mel], ...(state.features.embeddings ? { embeddings: [...state.features.embeddings] } : {}) },
    gate: { state: [...state.gate.state], window: [...state.gate.window], filled: state.gate.filled, recent: state.gate.recent },
    pending: [...state.pending],
    frames: state.frames,
    triggers: state.triggers,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function floats(value: unknown, what: string, length: (n: number) => boolean): Float32Array {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v)) || !length(value.length)) {
    throw new TaskInputError(`the stream state's ${what} is not a list of numbers of the right length`);
  }
  return Float32Array.from(value as number[]);
}

/** Reads a state sent with a job; throws a TaskInputError naming the first bad field. */
export function stateFromJson(json: unknown): WakeStreamState {
  if (!isObject(json) || !isObject(json['features']) || !isObject(json['gate']) || !isObject(json['triggers'])) throw new TaskInputError('the stream state must hold features, gate and triggers');
  const f = json['features'];
  const g = json['gate'];
  const frames = json['frames'];
  const filled = g['filled'];
  if (!Number.isInteger(frames) || (frames as number) < 0) throw new TaskInputError("the stream state's frames must be a count");
  if (!Number.isInteger(filled) || (filled as number) < 0 || (filled as number) >= SILERO_FRAME_SAMPLES) throw new TaskInputError("the stream state's gate.filled is out of range");
  const recent = floats(g['recent'], 'gate.recent', (n) => n <= GATE_MEMORY_FRAMES);
  const triggers: WakeStreamState['triggers'] = {};
  for (const [word, t] of Object.entries(json['triggers'])) {
    if (!isWakeWordId(word) || !isObject(t) || typeof t['armed'] !== 'boolean') throw new TaskInputError(`the stream state's trigger '${word}' is not one this task knows`);
    const trigger: TriggerState = { armed: t['armed'] };
    if (typeof t['lastMs'] === 'number') trigger.lastMs = t['lastMs'];
    triggers[word] = trigger;
  }
  return {
    features: {
      tail: floats(f['tail'], 'features.tail', (n) => n === MEL_CONTEXT_SAMPLES),
      mel: floats(f['mel'], 'features.mel', (n) => n === MEL_WINDOW * MEL_BANDS),
      ...(f['embeddings'] === undefined ? {} : { embeddings: floats(f['embeddings'], 'features.embeddings', (n) => n === EMBEDDING_WINDOW * EMBEDDING_SIZE) }),
    },
    gate: {
      state: floats(g['state'], 'gate.state', (n) => n === 256),
      window: floats(g['window'], 'gate.window', (n) => n === SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES),
      filled: filled as number,
      recent: [...recent],
    },
    pending: floats(json['pending'], 'pending', (n) => n < CHUNK_SAMPLES),
    frames: frames as number,
    triggers,
  };
}
