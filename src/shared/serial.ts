/**
 * Runs async jobs one after another. ORT rejects concurrent `run` calls on one session
 * ("Session already started"), so every session gets one of these.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Jobs waiting or running. */
  get pending(): number {
    return this.#pending;
  }

  /** Starts `job` after every earlier job has settled; a failed job does not block later ones. */
  push<T>(job: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#tail.then(job, job);
    this.#tail = result.then(
      () => this.#pending--,
      () => this.#pending--,
    );
    return result;
  }
}
