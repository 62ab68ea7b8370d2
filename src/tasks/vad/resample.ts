/**
 * Band-limited resampling by windowed sinc (Blackman window). Going down in rate, the sinc's
 * cut-off moves to the new Nyquist frequency so content above it is filtered out instead of
 * folding back into the speech band (a 48 kHz microphone → 16 kHz for the VAD).
 */

/** Zero crossings of the sinc kept on each side at full bandwidth: ~0.1 dB ripple, fast enough for whole clips. */
const ZERO_CROSSINGS = 16;

function blackman(x: number): number {
  // x in [-1, 1]; 0 at the ends.
  const t = (x + 1) / 2;
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * t) + 0.08 * Math.cos(4 * Math.PI * t);
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Output length for `inputLength` samples: the same duration, rounded to a whole sample. */
export function resampledLength(inputLength: number, fromRate: number, toRate: number): number {
  return Math.round((inputLength * toRate) / fromRate);
}

/**
 * Resamples mono `samples` from `fromRate` to `toRate` (Hz). Returns `samples` itself when
 * the rates are equal. Edges are treated as silence. Weights are normalised per output
 * sample so a constant signal stays exactly constant.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  for (const [name, rate] of [['fromRate', fromRate], ['toRate', toRate]] as const) {
    if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`${name} must be a positive number of Hz, got ${rate}`);
  }
  if (fromRate === toRate) return samples;
  const ratio = fromRate / toRate;
  // Below 1 when downsampling: the filter narrows to the output's Nyquist frequency and widens in time.
  const cutoff = Math.min(1, 1 / ratio);
  const half = Math.ceil(ZERO_CROSSINGS / cutoff);
  const out = new Float32Array(resampledLength(samples.length, fromRate, toRate));
  for (let i = 0; i < out.length; i++) {
    const centre = i * ratio;
    const first = Math.max(0, Math.floor(centre) - half + 1);
    const last = Math.min(samples.length - 1, Math.floor(centre) + half);
    let sum = 0;
    let weights = 0;
    for (let k = first; k <= last; k++) {
      const d = centre - k;
      const w = cutoff * sinc(cutoff * d) * blackman(d / half);
      sum += samples[k]! * w;
      weights += w;
    }
    out[i] = weights > 0 ? sum / weights : 0;
  }
  return out;
}
