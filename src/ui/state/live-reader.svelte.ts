/**
 * Live camera reading: a new frame is taken as soon as the last job is done (never a queue
 * of frames behind a slow job), with the count and the rate of frames read. Stopping takes
 * effect at once: a job still running finishes, but its answer starts no further frame.
 */
import { framesPerSecond } from '../media/frame-rate.ts';

/** Resolves true when the frame was read, false when reading failed (then live reading stops). */
export type ReadFrame = (frame: Blob) => Promise<boolean>;
/** The current camera frame, or undefined while the camera has none yet. */
export type CaptureFrame = () => Promise<Blob | undefined>;

const NO_FRAME_RETRY_MS = 100;

export class LiveReader {
  readonly #capture: CaptureFrame;
  readonly #read: ReadFrame;
  #run = 0;
  #finishedAt: number[] = [];
  running = $state(false);
  frames = $state(0);
  fps = $state(0);

  constructor(capture: CaptureFrame, read: ReadFrame) {
    this.#capture = capture;
    this.#read = read;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.frames = 0;
    this.fps = 0;
    this.#finishedAt = [];
    void this.#loop(++this.#run);
  }

  stop(): void {
    this.running = false;
    this.#run++;
  }

  async #loop(run: number): Promise<void> {
    const mine = () => this.#run === run;
    while (mine()) {
      const frame = await this.#capture();
      if (!mine()) return;
      if (!frame) {
        await new Promise((resolve) => setTimeout(resolve, NO_FRAME_RETRY_MS));
        continue;
      }
      // A frame that cannot be decoded or read ends live reading; the page shows the job's error.
      const read = await this.#read(frame).catch(() => false);
      if (!mine()) return;
      if (!read) {
        this.stop();
        return;
      }
      this.#finishedAt = [...this.#finishedAt.slice(-15), performance.now()];
      this.frames++;
      this.fps = framesPerSecond(this.#finishedAt);
    }
  }
}
