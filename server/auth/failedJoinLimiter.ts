// Failed joins are limited with a token bucket per key (an IP, or the link id of a token we signed
// but no longer honour): a guessing client spends a token per refused attempt and must wait for
// refills, while a person who mistypes once is never slowed. Only failures are limited: a valid
// token always gets in (authenticate.ts), because an office's devices share one NAT address and
// one of them must not be able to lock out the rest (issue 14). The penalty is bounded (an empty
// bucket stays empty, it never goes into debt) and decays (one attempt back every refillMs).
// In memory on purpose: it protects this process; a restart forgetting it costs an attacker
// nothing they could not get by waiting a minute.

export interface FailedJoinLimiterOptions {
  /** attempts allowed in a burst */
  readonly capacity: number;
  /** one attempt comes back every this many ms */
  readonly refillMs: number;
  /** buckets kept at most; the oldest are dropped past that, so a spoofed flood cannot fill memory */
  readonly maxTracked?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class FailedJoinLimiter {
  readonly #capacity: number;
  readonly #refillMs: number;
  readonly #maxTracked: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: FailedJoinLimiterOptions) {
    this.#capacity = options.capacity;
    this.#refillMs = options.refillMs;
    this.#maxTracked = options.maxTracked ?? 10_000;
  }

  #refilled(ip: string, now: number): Bucket | undefined {
    const bucket = this.#buckets.get(ip);
    if (!bucket) return undefined;
    const gained = Math.floor((now - bucket.updatedAt) / this.#refillMs);
    if (gained > 0) {
      bucket.tokens = Math.min(this.#capacity, bucket.tokens + gained);
      bucket.updatedAt += gained * this.#refillMs;
    }
    if (bucket.tokens >= this.#capacity) {
      this.#buckets.delete(ip);
      return undefined;
    }
    return bucket;
  }

  /** True while this key still has attempts left. */
  allows(ip: string, now = Date.now()): boolean {
    const bucket = this.#refilled(ip, now);
    return bucket === undefined || bucket.tokens > 0;
  }

  /** Spends one attempt for a refused join. */
  recordFailure(ip: string, now = Date.now()): void {
    const bucket = this.#refilled(ip, now) ?? { tokens: this.#capacity, updatedAt: now };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.#buckets.delete(ip);
    this.#buckets.set(ip, bucket);
    if (this.#buckets.size > this.#maxTracked) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
  }

  /** Ms until the next attempt is allowed (0 when allowed now). */
  retryAfterMs(ip: string, now = Date.now()): number {
    const bucket = this.#refilled(ip, now);
    if (bucket === undefined || bucket.tokens > 0) return 0;
    return bucket.updatedAt + this.#refillMs - now;
  }
}
