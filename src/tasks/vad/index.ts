/** Voice activity detection with Silero VAD v5: pure task code, no DOM and no runtime. */
export { createVad, type Vad, type VadOptions } from './detector.ts';
export { detectSpeech, type SpeechDetection } from './detect-speech.ts';
export { resample, resampledLength } from './resample.ts';
export { DEFAULT_SEGMENT_PARAMS, createSegmenter, segmentFrames, type Frame, type Segment, type SegmentParams, type Segmenter } from './segmenter.ts';
export { SILERO_CONTEXT_SAMPLES, SILERO_FRAME_SAMPLES, SILERO_MODEL_ID, SILERO_SAMPLE_RATE } from './silero.ts';
export { decodeWav, type DecodedWav } from './wav.ts';
