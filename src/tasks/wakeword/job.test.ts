import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRunner } from '../../../scripts/lib/node-runner.ts';
import type { TaskContext, TaskEnv } from '../task.ts';
import { decodeWav, toPcm16 } from '../vad/wav.ts';
import { wakeWordTask, type WakeJobInput, type WakeJobResult } from './job.ts';
import type { WakeWordId } from './openwakeword.ts';
import { initialStreamState, type WakeStreamState } from './spotter.ts';
import { stateFromJson, stateToJson } from './state-json.ts';

interface Known {
  file: string;
  wakes: { word: WakeWordId; startMs: number; endMs: number }[];
}

const runner = nodeRunner('models');
afterAll(() => runner.release());
const context: TaskContext = { run: runner.run, env: {} as TaskEnv };
const manifest = JSON.parse(readFileSync('public/samples/wakeword/samples.json', 'utf8')) as { samples: Known[] };
const WORDS: WakeWordId[] = ['hey-jarvis', 'alexa', 'hey-mycroft'];

function load(file: string): Int16Array {
  const wav = decodeWav(readFileSync(`public/samples/wakeword/${file}`));
  expect(wav.sampleRate).toBe(16000);
  return toPcm16(wav.samples);
}

/** Runs a clip as a live stream would: jobs of the given sizes, the state through JSON between them. */
async function streamed(pcm: Int16Array, sizes: number[]): Promise<WakeJobResult> {
  let state: WakeStreamState = initialStreamState();
  const all: WakeJobResult = { words: WORDS, frames: [], events: [], durationMs: 0, state };
  for (let at = 0, i = 0; at < pcm.length; i++) {
    const size = sizes[i % sizes.length]!;
    const result = await wakeWordTask.run({ pcm: pcm.subarray(at, at + size), sampleRate: 16000, words: WORDS, streaming: true, state }, context);
    state = stateFromJson(JSON.parse(JSON.stringify(stateToJson(result.state))));
    all.frames.push(...result.frames);
    all.events.push(...result.events);
    at += size;
  }
  return all;
}

describe('the wake-word job on the committed samples (onnxruntime-node)', () => {
  it('triggers "hey jarvis" exactly once, within 0.5 s after the phrase ends', async () => {
    const known = manifest.samples.find((s) => s.wakes.length === 1)!;
    const result = await wakeWordTask.run({ pcm: load(known.file), sampleRate: 16000, words: WORDS }, context);
    expect(result.events).toHaveLength(1);
    const [event] = result.events;
    expect(event!.word).toBe(known.wakes[0]!.word);
    expect(event!.timeMs).toBeGreaterThan(known.wakes[0]!.startMs);
    expect(event!.timeMs).toBeLessThanOrEqual(known.wakes[0]!.endMs + 500);
    expect(result.frames).toHaveLength(Math.ceil(load(known.file).length / 1280));
  });

  it('does not trigger on the clip without a wake word', async () => {
    const known = manifest.samples.find((s) => s.wakes.length === 0)!;
    const result = await wakeWordTask.run({ pcm: load(known.file), sampleRate: 16000, words: WORDS }, context);
    expect(result.events).toEqual([]);
    expect(Math.max(...result.frames.flatMap((f) => f.scores))).toBeLessThan(0.5);
  });

  it('streamed in uneven chunks, one job each with the state carried through JSON, scores exactly as one job', async () => {
    const pcm = load(manifest.samples.find((s) => s.wakes.length === 1)!.file);
    const whole = await wakeWordTask.run({ pcm, sampleRate: 16000, words: WORDS, streaming: true }, context);
    const pieces = await streamed(pcm, [512, 3000, 1280, 77, 9000]);
    expect(pieces.frames).toEqual(whole.frames);
    expect(pieces.events).toEqual(whole.events);
    expect(pieces.events).toHaveLength(1);
  });

  it('reads a 48 kHz copy of the clip (resampled to 16 kHz) and still triggers once', async () => {
    const pcm = load(manifest.samples.find((s) => s.wakes.length === 1)!.file);
    const up = Int16Array.from({ length: pcm.length * 3 }, (_, i) => pcm[Math.floor(i / 3)]!);
    const result = await wakeWordTask.run({ pcm: up, sampleRate: 48000, words: ['hey-jarvis'] }, context);
    expect(result.events.map((e) => e.word)).toEqual(['hey-jarvis']);
  });

  it('without the VAD gate, silence scores every word low and nothing triggers', async () => {
    const result = await wakeWordTask.run({ pcm: new Int16Array(32000), sampleRate: 16000, words: WORDS, gate: false }, context);
    expect(result.events).toEqual([]);
    expect(result.frames.every((f) => f.open)).toBe(true);
    expect(Math.max(...result.frames.flatMap((f) => f.scores))).toBeLessThan(0.1);
  });

  it('refuses jobs it cannot read, saying why', async () => {
    const job = (patch: Partial<WakeJobInput>) => wakeWordTask.run({ pcm: new Int16Array(1600), sampleRate: 16000, words: WORDS, ...patch }, context);
    await expect(job({ words: [] })).rejects.toThrow(/at least one wake word/);
    await expect(job({ words: ['ok-google' as WakeWordId] })).rejects.toThrow(/'ok-google' is not a wake word/);
    await expect(job({ sampleRate: 100 })).rejects.toThrow(/sample rate/);
    await expect(job({ threshold: 1.5 })).rejects.toThrow(/threshold/);
  });
});

describe('the wake-word job as KServe v2 tensors', () => {
  it('a streaming job and its result survive the wire unchanged', async () => {
    const pcm = load(manifest.samples.find((s) => s.wakes.length === 1)!.file).subarray(0, 40_000);
    const first = await wakeWordTask.run({ pcm, sampleRate: 16000, words: ['hey-jarvis', 'alexa'], streaming: true }, context);
    const input: WakeJobInput = { pcm: pcm.subarray(0, 3000), sampleRate: 16000, words: ['hey-jarvis', 'alexa'], threshold: 0.6, gate: false, streaming: true, state: first.state };
    const decoded = wakeWordTask.wire.decodeInput(wakeWordTask.wire.encodeInput(input));
    expect(decoded).toEqual(input);
    expect(wakeWordTask.wire.decodeResult(wakeWordTask.wire.encodeResult(first))).toEqual(first);
  });

  it('rejects a state of the wrong shape', () => {
    const bad = stateToJson(initialStreamState()) as { features: { mel: number[] } };
    bad.features.mel = [1, 2, 3];
    expect(() => stateFromJson(bad)).toThrow(/features.mel/);
  });
});
