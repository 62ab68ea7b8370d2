/**
 * Wake-word spotting as a job: 16-bit PCM in, a score per word every 80 ms and the
 * triggers out. A clip is one job (reported second by second); a live microphone is one
 * job per chunk, `streaming` set, each carrying the stream state the previous job returned.
 * Served in the datacenter as the v2 pipeline model `wake-word`.
 */
import { packBytes } from '../../shared/tensor.ts';
import type { Task } from '../task.ts';
import { TaskInputError } from '../task.ts';
import { floatTable, jsonTensor, readElements, readFloatRows, readJson } from '../wire.ts';
import { resample } from '../vad/resample.ts';
import { SILERO_MODEL_ID } from '../vad/silero.ts';
import { decodeWav, encodeWav } from '../vad/wav.ts';
import { CHUNK_SAMPLES, EMBEDDING_MODEL_ID, MEL_MODEL_ID, WAKE_SAMPLE_RATE, WAKE_WORDS, WAKE_WORD_IDS, isWakeWordId, type WakeWordId } from './openwakeword.ts';
import { initialStreamState, spot, type WakeEvent, type WakeFrame, type WakeStreamState } from './spotter.ts';
import { stateFromJson, stateToJson } from './state-json.ts';

export interface WakeJobInput {
  /** Mono 16-bit samples. */
  pcm: Int16Array;
  sampleRate: number;
  words: WakeWordId[];
  threshold?: number;
  /** Silero VAD as the first stage (default on). */
  gate?: boolean;
  /** A chunk of a live stream: the last partial frame waits in the returned state instead of being padded. */
  streaming?: boolean;
  /** The state the previous chunk's job returned; absent: a new stream. */
  state?: WakeStreamState;
}

export interface WakeJobResult {
  words: WakeWordId[];
  frames: WakeFrame[];
  events: WakeEvent[];
  durationMs: number;
  state: WakeStreamState;
}

/** What a clip's job reports as it goes: the frames of the latest second. */
export type WakePartial = WakeFrame[];

const utf8 = new TextEncoder();

export const MAX_WAKE_SECONDS = 60 * 60;
const FRAMES_PER_PARTIAL = 12;

function check(input: WakeJobInput): void {
  if (!(input.sampleRate >= 4000 && input.sampleRate <= 192_000)) throw new TaskInputError(`a sample rate of ${input.sampleRate} Hz is not audio this task reads`);
  const seconds = input.pcm.length / input.sampleRate;
  if (seconds > MAX_WAKE_SECONDS) throw new TaskInputError(`the recording is ${Math.round(seconds / 60)} minutes long; at most ${MAX_WAKE_SECONDS / 60} minutes are read`);
  if (input.words.length === 0) throw new TaskInputError(`choose at least one wake word (${WAKE_WORD_IDS.join(', ')})`);
  const unknown = input.words.find((w) => !isWakeWordId(w));
  if (unknown !== undefined) throw new TaskInputError(`'${unknown}' is not a wake word this task knows (${WAKE_WORD_IDS.join(', ')})`);
  if (input.threshold !== undefined && !(input.threshold > 0 && input.threshold < 1)) throw new TaskInputError('the threshold must lie between 0 and 1');
}

export const wakeWordTask: Task<WakeJobInput, WakeJobResult> = {
  id: 'wake-word',
  models: [MEL_MODEL_ID, EMBEDDING_MODEL_ID, SILERO_MODEL_ID, ...WAKE_WORD_IDS.map((w) => WAKE_WORDS[w].modelId)],
  size: (input) => ({ work: input.pcm.length / input.sampleRate, unit: 'second', uploadBytes: 44 + input.pcm.length * 2 }),
  async run(input, { run, signal, onProgress, onPartial }) {
    check(input);
    // openWakeWord reads 16-bit sample values, not ±1 floats.
    const floats = Float32Array.from(input.pcm, (v) => v / 32768);
    let audio = resample(floats, input.sampleRate, WAKE_SAMPLE_RATE).map((v) => v * 32768);
    if (!input.streaming) {
      // A clip ends here: its last partial frame is padded with silence, as upstream's predict_clip pads.
      const padded = new Float32Array(Math.ceil(audio.length / CHUNK_SAMPLES) * CHUNK_SAMPLES);
      padded.set(audio);
      audio = padded;
    }
    const options = { words: input.words, gate: input.gate ?? true, ...(input.threshold === undefined ? {} : { threshold: input.threshold }), ...(signal ? { signal } : {}) };
    // Progress in whole seconds of audio, as the voice task reports it.
    const seconds = Math.ceil(audio.length / WAKE_SAMPLE_RATE);
    let batch: WakeFrame[] = [];
    const { state, frames, events } = await spot(input.state ?? initialStreamState(), audio, run, options, (frame) => {
      batch.push(frame);
      // A long clip's score lines fill in as it goes.
      if (batch.length === FRAMES_PER_PARTIAL) {
        onPartial?.(batch satisfies WakePartial);
        onProgress?.({ step: 'listen', done: Math.min(seconds, Math.round(frame.endMs / 1000)), total: seconds });
        batch = [];
      }
    });
    if (batch.length) onPartial?.(batch);
    return { words: [...input.words], frames, events, durationMs: (input.pcm.length / input.sampleRate) * 1000, state };
  },
  wire: {
    // One BYTES input, as every task has: the WAV, then the options (words, stream state) as JSON.
    inputs: [{ name: 'audio', datatype: 'BYTES', shape: [2] }],
    outputs: [
      { name: 'frames', datatype: 'FP32', shape: [-1, -1] },
      { name: 'result', datatype: 'BYTES', shape: [1] },
    ],
    encodeInput(input) {
      const options = { words: input.words, threshold: input.threshold, gate: input.gate, streaming: input.streaming, state: input.state ? stateToJson(input.state) : undefined };
      return { audio: { type: 'bytes', dims: [2], data: packBytes([encodeWav(input.pcm, input.sampleRate), utf8.encode(JSON.stringify(options))]) } };
    },
    decodeInput(tensors) {
      const elements = readElements(tensors, 'audio');
      if (elements.length !== 2) throw new TaskInputError(`'audio' must hold two elements (the WAV, then the options as JSON), got ${elements.length}`);
      let wav;
      try {
        wav = decodeWav(elements[0]!);
      } catch (error) {
        throw new TaskInputError(`'audio' must start with a WAV file: ${(error as Error).message}`);
      }
      let options: unknown;
      try {
        options = JSON.parse(new TextDecoder().decode(elements[1]!));
      } catch {
        throw new TaskInputError("the second element of 'audio' must be the options as JSON");
      }
      if (typeof options !== 'object' || options === null || !Array.isArray((options as { words?: unknown }).words)) throw new TaskInputError("the options must be a JSON object with a list of words");
      const o = options as Record<string, unknown>;
      const pcm = Int16Array.from(wav.samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
      return {
        pcm,
        sampleRate: wav.sampleRate,
        words: (o['words'] as unknown[]).map(String) as WakeWordId[],
        ...(typeof o['threshold'] === 'number' ? { threshold: o['threshold'] } : {}),
        ...(typeof o['gate'] === 'boolean' ? { gate: o['gate'] } : {}),
        ...(o['streaming'] === true ? { streaming: true } : {}),
        ...(o['state'] === undefined ? {} : { state: stateFromJson(o['state']) }),
      };
    },
    encodeResult: (result) => ({
      // One row per frame: end (ms), gate open (0/1), then the score of each word.
      frames: floatTable(result.frames.map((f) => [f.endMs, f.open ? 1 : 0, ...f.scores]), [2 + result.words.length]),
      result: jsonTensor([{ words: result.words, events: result.events, durationMs: result.durationMs, state: stateToJson(result.state) }]),
    }),
    decodeResult(tensors) {
      const [json] = readJson(tensors, 'result');
      const r = json as { words: WakeWordId[]; events: WakeEvent[]; durationMs: number; state: unknown };
      const frames = readFloatRows(tensors, 'frames', [2 + r.words.length]).map(([endMs, open, ...scores]) => ({ endMs: endMs!, open: open === 1, scores }));
      return { words: r.words, frames, events: r.events, durationMs: r.durationMs, state: stateFromJson(r.state) };
    },
  },
};
