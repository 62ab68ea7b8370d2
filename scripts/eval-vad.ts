/**
 * Frame accuracy of detectSpeech (Silero VAD v5 on onnxruntime-node) against the KNOWN
 * speech segments of the committed samples (public/samples/vad/samples.json, made by
 * scripts/make-speech-samples.sh). A 32 ms frame is speech in truth when its midpoint lies
 * inside a known segment, and speech in the prediction when it lies inside a detected
 * (padded) segment. Prints per-file and overall accuracy and writes
 * bench/results/vad-accuracy.json.
 *
 *   npx tsx scripts/eval-vad.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { nodeRunner } from './lib/node-runner.ts';
import { DEFAULT_SEGMENT_PARAMS, decodeWav, detectSpeech, type Frame } from '../src/tasks/vad/index.ts';

interface Span {
  startMs: number;
  endMs: number;
}
interface Sample {
  file: string;
  language: string;
  noise: string;
  segments: Span[];
}

const DIR = 'public/samples/vad';
const OUT = 'bench/results/vad-accuracy.json';

const inside = (ms: number, spans: readonly Span[]) => spans.some((s) => ms >= s.startMs && ms < s.endMs);

/** Counts of frames by truth and prediction, judged at each frame's midpoint. */
function score(frames: readonly Frame[], truth: readonly Span[], predicted: readonly Span[]) {
  const c = { tp: 0, tn: 0, fp: 0, fn: 0 };
  for (const f of frames) {
    const mid = (f.startMs + f.endMs) / 2;
    const t = inside(mid, truth);
    const p = inside(mid, predicted);
    c[t ? (p ? 'tp' : 'fn') : p ? 'fp' : 'tn']++;
  }
  return c;
}

const { samples } = JSON.parse(readFileSync(`${DIR}/samples.json`, 'utf8')) as { samples: Sample[] };
const runner = nodeRunner('models');
const files = [];
const total = { tp: 0, tn: 0, fp: 0, fn: 0 };
try {
  for (const sample of samples) {
    const wav = decodeWav(readFileSync(`${DIR}/${sample.file}`));
    const t0 = performance.now();
    const { frames, segments } = await detectSpeech(wav.samples, wav.sampleRate, runner.run);
    const ms = performance.now() - t0;
    const c = score(frames, sample.segments, segments);
    for (const k of ['tp', 'tn', 'fp', 'fn'] as const) total[k] += c[k];
    const accuracy = (c.tp + c.tn) / frames.length;
    console.log(`${sample.file}: ${(accuracy * 100).toFixed(1)}% of ${frames.length} frames (fp ${c.fp}, fn ${c.fn}); ${segments.length} segments, ${sample.segments.length} known; ${ms.toFixed(0)} ms`);
    files.push({
      file: sample.file,
      language: sample.language,
      noise: sample.noise,
      frames: frames.length,
      accuracy: Math.round(accuracy * 10000) / 10000,
      ...c,
      known: sample.segments.map(({ startMs, endMs }) => ({ startMs, endMs })),
      detected: segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs, peak: Math.round(s.peak * 1000) / 1000 })),
      runMs: Math.round(ms),
    });
  }
} finally {
  await runner.release();
}
const n = total.tp + total.tn + total.fp + total.fn;
const overall = (total.tp + total.tn) / n;
console.log(`overall: ${(overall * 100).toFixed(1)}% of ${n} frames`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      what: 'Frame accuracy of detectSpeech (Silero VAD v5, onnxruntime-node, 1 thread) against known segments; a 32 ms frame is judged at its midpoint',
      script: 'scripts/eval-vad.ts',
      cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`,
      params: DEFAULT_SEGMENT_PARAMS,
      overall: { accuracy: Math.round(overall * 10000) / 10000, frames: n, ...total },
      files,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${OUT}`);
