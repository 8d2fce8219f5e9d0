/**
 * Runs a step again after any change asked for, never two at once: changes asked for while a step
 * runs make one more step after it (not one each). A step that fails is logged by `failed` and
 * retried at the next change.
 */
export class SyncLoop {
  #running = false;
  #dirty = false;
  #idle: Promise<void> = Promise.resolve();
  readonly #step: () => Promise<void>;
  readonly #failed: (err: Error) => void;

  constructor(step: () => Promise<void>, failed: (err: Error) => void) {
    this.#step = step;
    this.#failed = failed;
  }

  /** Resolves when every change requested so far has been applied. */
  settled(): Promise<void> {
    return this.#idle;
  }

  request(): void {
    this.#dirty = true;
    if (this.#running) return;
    this.#running = true;
    this.#idle = this.#loop();
  }

  async #loop(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        await this.#step().catch(this.#failed);
      }
    } finally {
      this.#running = false;
    }
  }
}
