/**
 * Measures the wake-word task (openWakeWord on onnxruntime-node, the same task code the page
 * runs, Silero VAD gate on) the two ways that matter:
 * - false rejects: each wake phrase spoken by espeak-ng in several voices, speeds and
 *   pitches, inside a short command, with car-like noise added at two signal-to-noise ratios;
 *   a clip is a hit when its word triggers between the phrase's start and 1 s after its end;
 * - false accepts per hour: one long stream of other speech (car commands, chat, words that
 *   sound alike) in the same voices with noise, then noise alone, run as a live stream (one
 *   job per minute, the state carried) listening for all three words; every trigger counts.
 * espeak-ng is not the real speech the models were trained for; the figures say how this
 * pipeline does on it, nothing more. Writes bench/results/wakeword-accuracy.json.
 *
 *   npx tsx scripts/eval-wakeword.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { nodeRunner } from './lib/node-runner.ts';
import { cleanUp, silence, speak } from './make-wakeword-samples.ts';
import { toPcm16 } from '../src/tasks/vad/wav.ts';
import { WAKE_WORDS, WAKE_WORD_IDS, initialStreamState, wakeWordTask, type WakeEvent, type WakeWordId } from '../src/tasks/wakeword/index.ts';
import type { TaskContext, TaskEnv } from '../src/tasks/task.ts';

const OUT = 'bench/results/wakeword-accuracy.json';
const RATE = 16000;
const VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-029', 'en-us+f3', 'en-gb-x-rp+m3'];
const SPEEDS = [130, 165, 200];
const PITCHES = [35, 55, 75];
const SNRS_DB = [20, 5];
const COMMANDS = ['open the window', 'call home', 'turn on the radio', 'how far is the next charging station'];
const OTHER_SPEECH = [
  'navigate to the nearest charging station',
  'turn up the heat a little',
  'call my office and tell them I am late',
  'play some jazz on the radio',
  'how long until we reach Gwangju',
  'hey there, how are you doing today',
  'a jar of jam is on the back seat',
  'Travis, can you pass me the water',
  'the harvest this year was very good',
  'Alex said the meeting moved to three',
  'my craft beer is in the boot',
  'is it going to rain this afternoon',
  'the traffic on the bridge is heavy again',
  'remind me to buy milk on the way home',
  'Jarrod and Marvin are waiting at the station',
  'hey, did you lock the car',
];

/** A deterministic car cabin: brown rumble plus engine hum, scaled to `snrDb` below the speech. */
function carNoise(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const out = new Float32Array(length);
  let brown = 0;
  for (let i = 0; i < length; i++) {
    brown = 0.995 * brown + 0.05 * random();
    const t = i / RATE;
    out[i] = brown + 0.05 * Math.sin(2 * Math.PI * 92 * t) + 0.02 * Math.sin(2 * Math.PI * 184 * t) + 0.01 * random();
  }
  return out;
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length));

/** `speech` with noise added at `snrDb` (relative to the speech's RMS over its voiced part), clipped to ±1. */
function mix(speech: Float32Array, noiseLevel: number, seed: number): Float32Array {
  const noise = carNoise(speech.length, seed);
  const gain = noiseLevel / (rms(noise) || 1);
  return speech.map((v, i) => Math.max(-1, Math.min(1, v + noise[i]! * gain)));
}

const concat = (parts: Float32Array[]) => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const runner = nodeRunner('models');
const context: TaskContext = { run: runner.run, env: {} as TaskEnv };

async function falseRejects(word: WakeWordId) {
  let clips = 0;
  let missed = 0;
  const misses: string[] = [];
  const bySnr = Object.fromEntries(SNRS_DB.map((snr) => [`${snr}dB`, { clips: 0, missed: 0 }]));
  let seed = 1;
  for (const voice of VOICES) {
    for (const speed of SPEEDS) {
      for (const pitch of PITCHES) {
        const phrase = speak(voice, WAKE_WORDS[word].text, { speed, pitch });
        const command = speak(voice, COMMANDS[clips % COMMANDS.length]!, { speed, pitch });
        const lead = silence(1);
        const speech = concat([lead, phrase, silence(0.25), command, silence(1)]);
        const startMs = (lead.length / RATE) * 1000;
        const endMs = ((lead.length + phrase.length) / RATE) * 1000;
        for (const snr of SNRS_DB) {
          const noisy = mix(speech, rms(phrase) / 10 ** (snr / 20), seed++);
          const result = await wakeWordTask.run({ pcm: toPcm16(noisy), sampleRate: RATE, words: [word] }, context);
          const hit = result.events.some((e) => e.word === word && e.timeMs >= startMs && e.timeMs <= endMs + 1000);
          clips++;
          bySnr[`${snr}dB`]!.clips++;
          if (!hit) {
            missed++;
            bySnr[`${snr}dB`]!.missed++;
            misses.push(`${voice} s${speed} p${pitch} ${snr}dB`);
          }
        }
      }
    }
  }
  return { word, clips, missed, rate: Math.round((missed / clips) * 10000) / 10000, bySnr, misses };
}

/** Runs a long stream as the microphone does: one job per minute, the state carried. */
async function stream(audio: Float32Array, gate: boolean): Promise<WakeEvent[]> {
  let state = initialStreamState();
  const events: WakeEvent[] = [];
  const step = 60 * RATE;
  for (let at = 0; at < audio.length; at += step) {
    const result = await wakeWordTask.run({ pcm: toPcm16(audio.subarray(at, at + step)), sampleRate: RATE, words: [...WAKE_WORD_IDS], gate, streaming: true, state }, context);
    state = result.state;
    events.push(...result.events);
  }
  return events;
}

async function falseAccepts() {
  // Other speech: every sentence in every voice, speed and pitch, with pauses (about 40 minutes).
  const parts: Float32Array[] = [];
  let samples = 0;
  let seed = 1000;
  const speechTarget = 40 * 60 * RATE;
  outer: for (const pitch of PITCHES) {
    for (const speed of SPEEDS) {
      for (const voice of VOICES) {
        for (const [i, text] of OTHER_SPEECH.entries()) {
          const spoken = speak(voice, text, { speed, pitch });
          const level = rms(spoken) / 10 ** (SNRS_DB[i % SNRS_DB.length]! / 20);
          const piece = mix(concat([spoken, silence(0.4 + (i % 4) * 0.3)]), level, seed++);
          parts.push(piece);
          samples += piece.length;
          if (samples >= speechTarget) break outer;
        }
      }
    }
  }
  const speech = concat(parts);
  // Noise alone: twenty minutes of the cabin at a level like the noisier speech clips.
  const noise = mix(silence(20 * 60), 0.05, 7);
  const hours = (speech.length + noise.length) / RATE / 3600;
  const speechEvents = await stream(speech, true);
  const noiseEvents = await stream(noise, true);
  const ungated = [...(await stream(speech, false)), ...(await stream(noise, false))];
  const triggers = speechEvents.length + noiseEvents.length;
  return {
    hours: Math.round(hours * 1000) / 1000,
    speechHours: Math.round((speech.length / RATE / 3600) * 1000) / 1000,
    noiseHours: Math.round((noise.length / RATE / 3600) * 1000) / 1000,
    triggers,
    perHour: Math.round((triggers / hours) * 100) / 100,
    byWord: Object.fromEntries(WAKE_WORD_IDS.map((w) => [w, [...speechEvents, ...noiseEvents].filter((e) => e.word === w).length])),
    inNoise: noiseEvents.length,
    withoutGate: { triggers: ungated.length, perHour: Math.round((ungated.length / hours) * 100) / 100 },
  };
}

try {
  const perWord = [];
  for (const word of WAKE_WORD_IDS) {
    const r = await falseRejects(word);
    console.log(`${word}: missed ${r.missed} of ${r.clips} (${(r.rate * 100).toFixed(1)}%) ${JSON.stringify(r.bySnr)}`);
    perWord.push(r);
  }
  const accepts = await falseAccepts();
  console.log(`false accepts: ${accepts.triggers} in ${accepts.hours} h = ${accepts.perHour}/h (without the VAD gate: ${accepts.withoutGate.perHour}/h)`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    OUT,
    `${JSON.stringify(
      {
        what: 'openWakeWord task (onnxruntime-node, Silero VAD gate on, threshold 0.5) on espeak-ng speech with car-like noise: false rejects per wake word, false accepts per hour of other speech and noise',
        script: 'scripts/eval-wakeword.ts',
        cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`,
        setup: { voices: VOICES, speeds: SPEEDS, pitches: PITCHES, snrDb: SNRS_DB, hitWindow: 'from the phrase start to 1 s after its end' },
        falseRejects: perWord.find((r) => r.word === 'hey-jarvis'),
        perWord,
        falseAccepts: accepts,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${OUT}`);
} finally {
  cleanUp();
  await runner.release();
}
