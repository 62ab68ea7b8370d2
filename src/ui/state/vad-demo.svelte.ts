/** The voice demo's state: frames and speech segments from a clip or the live microphone. */
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import { createVad, detectSpeech, type Frame as VadFrame, type Segment as VadSegment } from '../../tasks/vad/index.ts';
import { decodeAudio, openMicrophone, type MicStream } from '../media/audio.ts';
import type { TaskRunner } from './task-runner.svelte.ts';

export class VadDemoState {
  readonly #runner: TaskRunner;
  #mic: MicStream | undefined;
  #pushes: Promise<unknown> = Promise.resolve();
  frames = $state.raw<VadFrame[]>([]);
  segments = $state.raw<VadSegment[] | undefined>();
  error = $state.raw<EngineError | undefined>();
  problem = $state<'mic-denied' | 'mic-unavailable' | 'unreadable' | undefined>();
  listening = $state(false);
  running = $state(false);
  /** The clip to analyze (file or sample), kept so Run can repeat it. */
  clip = $state.raw<Blob | undefined>();

  constructor(runner: TaskRunner) {
    this.#runner = runner;
  }

  async analyze(clip = this.clip): Promise<void> {
    if (!clip) return;
    this.stopMic();
    this.clip = clip;
    this.problem = undefined;
    this.error = undefined;
    this.running = true;
    try {
      const { samples, sampleRate } = await decodeAudio(clip);
      const result = await this.#runner.timed(() => detectSpeech(samples, sampleRate, this.#runner.runner('silero-vad')));
      this.frames = result.frames;
      this.segments = result.segments;
    } catch (error) {
      if ((error as Error).name === 'UnreadableAudioError') this.problem = 'unreadable';
      else this.error = toEngineError(error);
    } finally {
      this.running = false;
    }
  }

  async startMic(): Promise<void> {
    this.problem = undefined;
    this.error = undefined;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem = 'mic-unavailable';
      return;
    }
    const vad = createVad(this.#runner.runner('silero-vad'));
    this.frames = [];
    this.segments = [];
    try {
      this.#mic = await openMicrophone((chunk) => {
        // Chunks are analyzed in order; the model's state runs from one to the next.
        this.#pushes = this.#pushes
          .then(() => vad.push(chunk))
          .then((frames) => {
            if (frames.length) this.frames = [...this.frames, ...frames].slice(-600);
            this.segments = vad.segments();
          })
          .catch((error: unknown) => {
            this.error = toEngineError(error);
            this.stopMic();
          });
      });
      this.listening = true;
    } catch (error) {
      this.problem = (error as DOMException).name === 'NotAllowedError' ? 'mic-denied' : 'mic-unavailable';
    }
  }

  /** Stops the microphone: every track ends and the recording light goes off. */
  stopMic(): void {
    this.#mic?.stop();
    this.#mic = undefined;
    this.listening = false;
  }

  clear(): void {
    this.stopMic();
    this.frames = [];
    this.segments = undefined;
    this.clip = undefined;
    this.error = undefined;
    this.problem = undefined;
  }
}
