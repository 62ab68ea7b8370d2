/**
 * Makes the wake-word demo's sample clips in public/samples/wakeword/: synthetic speech
 * (espeak-ng) as 16 kHz mono PCM16 WAV, plus samples.json with each clip's KNOWN wake words
 * (where the spoken wake phrase starts and ends, from sample counts, not from a model).
 * espeak's own leading and trailing silence is trimmed from every phrase (|x| < 1/512),
 * so a phrase runs from its first to its last audible sample.
 *
 * Needs espeak-ng (apt-get install espeak-ng). Run from the repository root:
 *   npx tsx scripts/make-wakeword-samples.ts
 * Output is deterministic for a given espeak-ng version.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, encodeWav, toPcm16 } from '../src/tasks/vad/wav.ts';
import { resample } from '../src/tasks/vad/resample.ts';

const OUT = 'public/samples/wakeword';
const RATE = 16000;
let work: string | undefined;

/** Removes the scratch folder espeak-ng writes into. */
export function cleanUp(): void {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
}

/** One phrase in one voice, at 16 kHz, trimmed to its audible samples, peak at -3 dBFS. */
export function speak(voice: string, text: string, options: { speed?: number; pitch?: number } = {}): Float32Array {
  work ??= mkdtempSync(join(tmpdir(), 'wakeword-'));
  const file = join(work, 'phrase.wav');
  execFileSync('espeak-ng', ['-v', voice, '-s', String(options.speed ?? 150), '-p', String(options.pitch ?? 50), '-w', file, text]);
  const wav = decodeWav(readFileSync(file));
  const audio = resample(wav.samples, wav.sampleRate, RATE);
  const loud = (v: number) => Math.abs(v) >= 1 / 512;
  const first = audio.findIndex(loud);
  const last = audio.findLastIndex(loud);
  const trimmed = audio.slice(Math.max(0, first), last + 1);
  const peak = trimmed.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  return trimmed.map((v) => (v / peak) * 0.708);
}

export const silence = (seconds: number) => new Float32Array(Math.round(seconds * RATE));

interface Piece {
  audio: Float32Array;
  text: string;
  /** The wake word this piece is, if any. */
  wake?: string;
}

/** Joins the pieces; returns the clip and where each wake piece lies (ms). */
export function join16k(pieces: Piece[]): { audio: Float32Array; wakes: { word: string; startMs: number; endMs: number }[] } {
  const audio = new Float32Array(pieces.reduce((n, p) => n + p.audio.length, 0));
  const wakes: { word: string; startMs: number; endMs: number }[] = [];
  let at = 0;
  for (const p of pieces) {
    audio.set(p.audio, at);
    if (p.wake) wakes.push({ word: p.wake, startMs: Math.round((at / RATE) * 10000) / 10, endMs: Math.round(((at + p.audio.length) / RATE) * 10000) / 10 });
    at += p.audio.length;
  }
  return { audio, wakes };
}

const gap = (seconds: number): Piece => ({ audio: silence(seconds), text: '' });
const say = (voice: string, text: string, wake?: string): Piece => ({ audio: speak(voice, text), text, ...(wake ? { wake } : {}) });

const clips = [
  {
    file: 'en-hey-jarvis.wav',
    caption: { ko: '"헤이 자비스, 창문 좀 열어 줘." (호출어 1번)', en: '"Hey Jarvis, open the window please." (one wake word)' },
    pieces: [gap(1.5), say('en-us', 'hey jarvis', 'hey-jarvis'), gap(0.3), say('en-us', 'open the window please'), gap(1.5)],
  },
  {
    file: 'en-no-wake.wav',
    caption: { ko: '"가장 가까운 충전소로 안내해 줘. 히터 올려 줘." (호출어 없음)', en: '"Navigate to the nearest charging station. Turn up the heat." (no wake word)' },
    pieces: [gap(1.0), say('en-us', 'navigate to the nearest charging station'), gap(0.6), say('en-gb', 'turn up the heat'), gap(1.0)],
  },
];

if (process.argv[1]?.endsWith('make-wakeword-samples.ts')) {
  mkdirSync(OUT, { recursive: true });
  const entries = clips.map((clip) => {
    const { audio, wakes } = join16k(clip.pieces);
    writeFileSync(join(OUT, clip.file), encodeWav(toPcm16(audio), RATE));
    return { file: clip.file, caption: clip.caption, text: clip.pieces.map((p) => p.text).filter(Boolean).join(' / '), sampleRate: RATE, durationMs: Math.round((audio.length / RATE) * 10000) / 10, wakes };
  });
  const manifest = {
    '//': 'Made by scripts/make-wakeword-samples.ts (espeak-ng). wakes are the KNOWN wake phrases: from the first to the last audible sample of the spoken phrase, from sample counts, not from a model. Times in ms from the start of the clip.',
    samples: entries,
  };
  writeFileSync(join(OUT, 'samples.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(entries.map((e) => `${e.file}: ${e.durationMs} ms, wakes ${JSON.stringify(e.wakes)}`).join('\n'));
  cleanUp();
}
