/**
 * The wake-word demo's state: a clip runs as one job (here or in the datacenter); the live
 * microphone runs one job per chunk, each starting from the stream state the last returned,
 * so the scores and triggers run on across chunks as if the audio were one stream.
 */
import type { JobClient, JobOutcome } from '../../engine/job-client.ts';
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import type { Localized } from '../../catalog/catalog.ts';
import { toPcm16 } from '../../tasks/vad/wav.ts';
import { WAKE_SAMPLE_RATE, initialStreamState, type WakeEvent, type WakeFrame, type WakeStreamState, type WakeWordId } from '../../tasks/wakeword/index.ts';
import { decodeAudio, openMicrophone, type MicStream } from '../media/audio.ts';
import type { SampleInfo } from '../media/samples.ts';
import { JobSession } from './job-session.svelte.ts';

/** A microphone job is sent once this much audio waits (more, while the last job still runs). */
const MIC_JOB_SAMPLES = WAKE_SAMPLE_RATE * 0.32;
/** The live view keeps the last 20 s. */
const LIVE_FRAMES = 250;

/** The bundled wake-word samples (public/samples/wakeword/, made by scripts/make-wakeword-samples.ts). */
export async function wakeWordSamples(): Promise<SampleInfo[]> {
  const response = await fetch('samples/wakeword/samples.json').catch(() => undefined);
  if (!response?.ok) return [];
  const json = (await response.json()) as { samples?: { file: string; caption: Localized }[] };
  return (json.samples ?? []).map((s) => ({ url: `samples/wakeword/${s.file}`, caption: s.caption }));
}

export class WakeWordDemoState {
  readonly #jobs: JobClient;
  readonly job: JobSession<'wake-word'>;
  readonly #onSuccess: (() => void) | undefined;
  #mic: MicStream | undefined;
  #micController: AbortController | undefined;
  #waiting: Float32Array[] = [];
  #waitingSamples = 0;
  #busy = false;
  #stream: WakeStreamState = initialStreamState();
  #liveFrames = $state.raw<WakeFrame[]>([]);
  #liveEvents = $state.raw<WakeEvent[]>([]);
  #micError = $state.raw<EngineError | undefined>();
  /** The last microphone job's outcome: where it ran and which backends. */
  liveOutcome = $state.raw<JobOutcome<'wake-word'> | undefined>();
  problem = $state<'mic-denied' | 'mic-unavailable' | 'unreadable' | 'no-words' | undefined>();
  listening = $state(false);
  /** The words to listen for, in the order the page lists them. */
  words = $state<WakeWordId[]>(['hey-jarvis', 'alexa', 'hey-mycroft']);
  /** Silero VAD as the first stage. */
  gate = $state(true);
  clip = $state.raw<Blob | undefined>();

  constructor(jobs: JobClient, onSuccess?: () => void) {
    this.#jobs = jobs;
    this.#onSuccess = onSuccess;
    this.job = new JobSession(jobs, 'wake-word', onSuccess);
  }

  /** The words of the scores on screen: the clip's job's, or the ones listened for now. */
  get shownWords(): WakeWordId[] {
    return !this.listening && this.job.outcome ? this.job.outcome.result.words : this.words;
  }

  get frames(): WakeFrame[] {
    if (this.job.outcome && !this.listening) return this.job.outcome.result.frames;
    if (this.job.running) return this.job.partials.flat();
    return this.#liveFrames;
  }

  get events(): WakeEvent[] | undefined {
    if (this.listening || this.#liveFrames.length) return this.#liveEvents;
    return this.job.outcome?.result.events;
  }

  get error(): EngineError | undefined {
    return this.#micError ?? this.job.error;
  }

  get running(): boolean {
    return this.job.running;
  }

  toggleWord(word: WakeWordId, on: boolean, order: readonly WakeWordId[]): void {
    this.words = order.filter((w) => (w === word ? on : this.words.includes(w)));
    if (this.words.length) this.problem = this.problem === 'no-words' ? undefined : this.problem;
  }

  async analyze(clip = this.clip): Promise<void> {
    if (!clip) return;
    this.stopMic();
    this.clip = clip;
    this.problem = undefined;
    this.#micError = undefined;
    this.#liveFrames = [];
    this.#liveEvents = [];
    if (!this.words.length) {
      this.problem = 'no-words';
      return;
    }
    let audio;
    try {
      audio = await decodeAudio(clip);
    } catch {
      this.problem = 'unreadable';
      return;
    }
    await this.job.run({ pcm: toPcm16(audio.samples), sampleRate: audio.sampleRate, words: [...this.words], gate: this.gate });
  }

  async startMic(): Promise<void> {
    this.problem = undefined;
    this.#micError = undefined;
    this.job.clear();
    if (!this.words.length) {
      this.problem = 'no-words';
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem = 'mic-unavailable';
      return;
    }
    this.#stream = initialStreamState();
    this.#waiting = [];
    this.#waitingSamples = 0;
    this.#liveFrames = [];
    this.#liveEvents = [];
    this.liveOutcome = undefined;
    const controller = (this.#micController = new AbortController());
    try {
      this.#mic = await openMicrophone((chunk) => {
        this.#waiting.push(chunk);
        this.#waitingSamples += chunk.length;
        void this.#next(controller);
      });
      this.listening = true;
    } catch (error) {
      this.problem = (error as DOMException).name === 'NotAllowedError' ? 'mic-denied' : 'mic-unavailable';
    }
  }

  /** Sends the waiting audio as one job when enough waits and no job runs: jobs never pile up. */
  async #next(controller: AbortController): Promise<void> {
    if (this.#busy || this.#waitingSamples < MIC_JOB_SAMPLES || controller.signal.aborted) return;
    this.#busy = true;
    const samples = new Float32Array(this.#waitingSamples);
    let at = 0;
    for (const chunk of this.#waiting) {
      samples.set(chunk, at);
      at += chunk.length;
    }
    this.#waiting = [];
    this.#waitingSamples = 0;
    try {
      const outcome = await this.#jobs.run(
        'wake-word',
        { pcm: toPcm16(samples), sampleRate: WAKE_SAMPLE_RATE, words: [...this.words], gate: this.gate, streaming: true, state: this.#stream },
        { signal: controller.signal },
      );
      if (controller.signal.aborted) return;
      this.#stream = outcome.result.state;
      // A listening session counts as one visit, not one per chunk.
      if (!this.liveOutcome) this.#onSuccess?.();
      this.liveOutcome = outcome;
      this.#liveFrames = [...this.#liveFrames, ...outcome.result.frames].slice(-LIVE_FRAMES);
      if (outcome.result.events.length) this.#liveEvents = [...this.#liveEvents, ...outcome.result.events];
    } catch (error) {
      if (!controller.signal.aborted) {
        this.#micError = toEngineError(error);
        this.stopMic();
      }
    } finally {
      this.#busy = false;
    }
    await this.#next(controller);
  }

  /** Stops the microphone: every track ends and the recording light goes off. */
  stopMic(): void {
    this.#micController?.abort();
    this.#micController = undefined;
    this.#mic?.stop();
    this.#mic = undefined;
    this.listening = false;
  }

  clear(): void {
    this.stopMic();
    this.job.clear();
    this.#liveFrames = [];
    this.#liveEvents = [];
    this.liveOutcome = undefined;
    this.#micError = undefined;
    this.clip = undefined;
    this.problem = undefined;
  }
}
