// When to try again after the link to the server drops. Our own schedule (socket.io's own
// reconnection is switched off) so the console can show a true countdown to the next attempt:
// an official watching "reconnecting in 4 s" knows the app is working, not frozen.

export interface BackoffPolicy {
  /** first delay, ms */
  baseMs: number;
  /** the delay never grows past this, ms */
  maxMs: number;
  /** 0..1: how much of each delay is randomised, so 100 points do not all retry in the same instant */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 10_000, jitter: 0.3 };

/**
 * Delay before reconnection attempt `attempt` (1 = first retry): doubling from baseMs up to maxMs,
 * minus up to `jitter` of itself. `random` is injected so the schedule is testable.
 */
export function reconnectDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 20));
  const cut = raw * policy.jitter * Math.min(1, Math.max(0, random()));
  return Math.round(raw - cut);
}

/** Whole seconds left before `at`, never negative; what the countdown shows. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}
