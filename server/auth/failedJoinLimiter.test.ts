import { describe, expect, it } from 'vitest';
import { FailedJoinLimiter } from './failedJoinLimiter.js';

describe('failed join limiter (token bucket per IP)', () => {
  it('allows a burst of failures, then blocks that IP only, then refills', () => {
    const limiter = new FailedJoinLimiter({ capacity: 3, refillMs: 1000 });
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(limiter.allows('10.0.0.1', t)).toBe(true);
      limiter.recordFailure('10.0.0.1', t);
    }
    expect(limiter.allows('10.0.0.1', t)).toBe(false);
    expect(limiter.retryAfterMs('10.0.0.1', t)).toBe(1000);
    expect(limiter.allows('10.0.0.2', t)).toBe(true);
    expect(limiter.allows('10.0.0.1', t + 999)).toBe(false);
    expect(limiter.allows('10.0.0.1', t + 1000)).toBe(true);
    limiter.recordFailure('10.0.0.1', t + 1000);
    expect(limiter.allows('10.0.0.1', t + 1000)).toBe(false);
  });

  it('forgets the oldest IPs past its bound', () => {
    const limiter = new FailedJoinLimiter({ capacity: 1, refillMs: 60_000, maxTracked: 2 });
    limiter.recordFailure('a', 0);
    limiter.recordFailure('b', 0);
    limiter.recordFailure('c', 0);
    expect(limiter.allows('a', 0)).toBe(true);
    expect(limiter.allows('b', 0)).toBe(false);
    expect(limiter.allows('c', 0)).toBe(false);
  });
});
