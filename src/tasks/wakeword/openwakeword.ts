/**
 * openWakeWord's calling conventions (dscripka/openWakeWord, openwakeword/utils.py
 * `AudioFeatures` and model.py `Model.predict`), as facts for our own pipeline:
 * - audio is 16 kHz mono in 16-bit PCM *values* (floats in ±32768, not ±1);
 * - it is read in 80 ms frames of 1280 samples; each frame's mel spectrogram is computed
 *   from those samples plus the 480 before them (3 frames of 160 samples of overlap), which
 *   gives 8 new mel frames of 32 bands, exactly the frames a whole-clip run would give;
 * - mel values are rescaled by `x / 10 + 2` (closer to Google's TF speech_embedding input);
 * - one 96-value embedding per 80 ms, from the latest 76 mel frames (window 76, step 8);
 * - each wake-word classifier scores the latest 16 embeddings (1.28 s);
 * - the first 5 scores of a stream are ignored while the buffers fill.
 * The mel model floors its dB values 80 dB below the loudest bin of each call's input, so
 * one call over a whole clip differs from the streaming calls in quiet frames: upstream's
 * live path (and ours, for files too) makes one call per 80 ms.
 */
import type { NamedTensors, WireTensor } from '../../shared/tensor.ts';

export const WAKE_SAMPLE_RATE = 16000;
/** New samples per step: 80 ms. */
export const CHUNK_SAMPLES = 1280;
/** Samples of the previous step the mel model sees again: 3 × 160. */
export const MEL_CONTEXT_SAMPLES = 480;
export const MEL_BANDS = 32;
/** Mel frames per step (1760 samples / 160 − 3). */
export const MEL_FRAMES_PER_CHUNK = 8;
/** Mel frames per embedding window. */
export const MEL_WINDOW = 76;
export const EMBEDDING_SIZE = 96;
/** Embeddings each classifier reads. */
export const EMBEDDING_WINDOW = 16;
/** Scores of a new stream that are not trusted (upstream zeroes them). */
export const WARMUP_FRAMES = 5;

export const MEL_MODEL_ID = 'oww-melspectrogram';
export const EMBEDDING_MODEL_ID = 'oww-embedding';

/** The wake words offered, each a catalog model with the input name its export gave it. */
export const WAKE_WORDS = {
  'hey-jarvis': { modelId: 'oww-hey-jarvis', input: 'x.1', text: 'hey jarvis' },
  alexa: { modelId: 'oww-alexa', input: 'onnx::Flatten_0', text: 'alexa' },
  'hey-mycroft': { modelId: 'oww-hey-mycroft', input: 'onnx::Flatten_0', text: 'hey mycroft' },
} as const;

export type WakeWordId = keyof typeof WAKE_WORDS;
export const WAKE_WORD_IDS = Object.keys(WAKE_WORDS) as WakeWordId[];
export const isWakeWordId = (id: string): id is WakeWordId => Object.hasOwn(WAKE_WORDS, id);

/** The one float32 output of a model, whatever its name (the classifiers' are numbers like '53'). */
export function onlyOutput(outputs: NamedTensors, modelId: string, size: number): Float32Array {
  const tensors = Object.values(outputs);
  const t: WireTensor | undefined = tensors[0];
  if (tensors.length !== 1 || t?.type !== 'float32' || t.data.length !== size) {
    throw new Error(`${modelId} returned ${tensors.length} outputs (${t ? `${t.type} [${t.dims.join(',')}]` : 'none'}); expected one float32 of ${size} values`);
  }
  return t.data;
}
