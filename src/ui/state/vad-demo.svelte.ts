/**
 * The voice demo's state: a clip runs as one job (here or in the datacenter); the live
 * microphone streams chunk by chunk through the engine, the model's state carried along.
 */
import type { JobClient } from '../../engine/job-client.ts';
import { toEngineError, type EngineError } from '../../shared/errors.ts';
import { SILERO_MODEL_ID, createVad, type Frame as VadFrame, type Segment as VadSegment } from '../../tasks/vad/index.ts';
import { toPcm16 } from '../../tasks/vad/wav.ts';
import { decodeAudio, openMicrophone, type MicStream } from '../media/audio.ts';
import { JobSession } from './job-session.svelte.ts';
import type { TaskRunner } from './task-runner.svelte.ts';

export class VadDemoState {
  readonly #runner: TaskRunner;
  readonly job: JobSession<'vad'>;
  #mic: MicStream | undefined;
  #pushes: Promise<unknown> = Promise.resolve();
  /** Frames and segments of the live microphone (a clip's are in the job's outcome). */
  #liveFrames = $state.raw<VadFrame[]>([]);
  #liveSegments = $state.raw<VadSegment[] | undefined>();
  #micError = $state.raw<EngineError | undefined>();
  problem = $state<'mic-denied' | 'mic-unavailable' | 'unreadable' | undefined>();
  listening = $state(false);
  /** The clip to analyze (file or sample), kept so Run can repeat it. */
  clip = $state.raw<Blob | undefined>();

  constructor(jobs: JobClient, runner: TaskRunner, onSuccess?: () => void) {
    this.#runner = runner;
    this.job = new JobSession(jobs, 'vad', onSuccess);
  }

  get frames(): VadFrame[] {
    if (this.job.outcome && !this.listening) return this.job.outcome.result.frames;
    // A clip being read: its frames so far, second by second.
    if (this.job.running) return this.job.partials.flat();
    return this.#liveFrames;
  }

  /** Length of the clip being read (ms), known from the first progress report. */
  get clipMs(): number | undefined {
    return this.job.step?.step === 'listen' ? this.job.step.total * 1000 : undefined;
  }

  get segments(): VadSegment[] | undefined {
    return this.listening || !this.job.outcome ? this.#liveSegments : this.job.outcome.result.segments;
  }

  get error(): EngineError | undefined {
    return this.#micError ?? this.job.error;
  }

  get running(): boolean {
    return this.job.running;
  }

  async analyze(clip = this.clip): Promise<void> {
    if (!clip) return;
    this.stopMic();
    this.clip = clip;
    this.problem = undefined;
    this.#micError = undefined;
    this.#liveFrames = [];
    this.#liveSegments = undefined;
    let audio;
    try {
      // The browser's decoder (any format it plays) runs on the page; the samples go to the job.
      audio = await decodeAudio(clip);
    } catch {
      this.problem = 'unreadable';
      return;
    }
    await this.job.run({ pcm: toPcm16(audio.samples), sampleRate: audio.sampleRate });
  }

  async startMic(): Promise<void> {
    this.problem = undefined;
    this.#micError = undefined;
    this.job.clear();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem = 'mic-unavailable';
      return;
    }
    const vad = createVad(this.#runner.runner(SILERO_MODEL_ID));
    this.#liveFrames = [];
    this.#liveSegments = [];
    try {
      this.#mic = await openMicrophone((chunk) => {
        // Chunks are analyzed in order; the model's state runs from one to the next.
        this.#pushes = this.#pushes
          .then(() => vad.push(chunk))
          .then((frames) => {
            if (frames.length) this.#liveFrames = [...this.#liveFrames, ...frames].slice(-600);
            this.#liveSegments = vad.segments();
          })
          .catch((error: unknown) => {
            this.#micError = toEngineError(error);
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
    this.job.clear();
    this.#liveFrames = [];
    this.#liveSegments = undefined;
    this.#micError = undefined;
    this.clip = undefined;
    this.problem = undefined;
  }
}
