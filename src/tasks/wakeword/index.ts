/** Wake-word spotting with openWakeWord's models: pure task code, no DOM and no runtime. */
export { WAKE_WORDS, WAKE_WORD_IDS, WAKE_SAMPLE_RATE, isWakeWordId, type WakeWordId } from './openwakeword.ts';
export { initialStreamState, spot, type SpotOptions, type WakeEvent, type WakeFrame, type WakeStreamState } from './spotter.ts';
export { DEFAULT_THRESHOLD, REFRACTORY_MS } from './trigger.ts';
export { closedSpans } from './closed-spans.ts';
export { wakeWordTask, type WakeJobInput, type WakeJobResult, type WakePartial } from './job.ts';
