// How many commands one caller has waiting for their ack. A caller is a socket or the link of an
// HTTP token: past the limit it waits for acks to come back, so one caller cannot fill its
// conference's queue whatever transport it uses.

export class InFlightLimit {
  readonly #limit: number;
  readonly #waiting = new Map<string, number>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Takes a slot for the caller, or says no when it already has `limit` commands unanswered. */
  take(key: string): boolean {
    const now = this.#waiting.get(key) ?? 0;
    if (now >= this.#limit) return false;
    this.#waiting.set(key, now + 1);
    return true;
  }

  release(key: string): void {
    const now = this.#waiting.get(key) ?? 0;
    if (now <= 1) this.#waiting.delete(key);
    else this.#waiting.set(key, now - 1);
  }

  /** Callers with a command waiting (a map that empties again: no leak per socket ever seen). */
  get callers(): number {
    return this.#waiting.size;
  }
}
