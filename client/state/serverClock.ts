// The server's clock, as seen from this browser. Speech timers and agenda times are computed from
// the server's timestamps (`at` on every event), so a district PC whose clock is two minutes off
// would show a speaker already over time. We estimate the offset from live events: an event is
// stamped by the server and reaches us a few milliseconds later, so `at - receivedAt` is the
// offset minus the one-way latency. Taking the largest recent sample keeps the latency error small.

const WINDOW = 20;

export class ServerClock {
  readonly #samples: number[] = [];
  #offset = 0;

  /** Milliseconds to add to Date.now() to get the server's time. */
  get offsetMs(): number {
    return this.#offset;
  }

  /** A live event stamped `at` by the server arrived at local time `receivedAt`. */
  observe(at: number, receivedAt: number): void {
    this.#samples.push(at - receivedAt);
    if (this.#samples.length > WINDOW) this.#samples.shift();
    this.#offset = Math.max(...this.#samples);
  }

  /** Forget the samples (after a long disconnect the local clock may have been corrected). */
  clear(): void {
    this.#samples.length = 0;
    this.#offset = 0;
  }

  now(localNow: number = Date.now()): number {
    return localNow + this.#offset;
  }
}
