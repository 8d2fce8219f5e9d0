import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, reconnectDelayMs, secondsUntil } from './backoff.js';

describe('reconnect schedule', () => {
  it('doubles from the base delay up to the ceiling when there is no jitter', () => {
    const policy = { ...DEFAULT_BACKOFF, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => reconnectDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('takes at most the jitter share off a delay', () => {
    expect(reconnectDelayMs(1, DEFAULT_BACKOFF, () => 1)).toBe(700);
    expect(reconnectDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(1000);
    expect(reconnectDelayMs(50, DEFAULT_BACKOFF, () => 0.5)).toBe(8500);
  });

  it('treats nonsense attempt numbers as the first attempt', () => {
    const policy = { ...DEFAULT_BACKOFF, jitter: 0 };
    expect(reconnectDelayMs(0, policy)).toBe(1000);
    expect(reconnectDelayMs(-3, policy)).toBe(1000);
  });

  it('counts down in whole seconds, rounding up, never below zero', () => {
    expect(secondsUntil(10_000, 5_001)).toBe(5);
    expect(secondsUntil(10_000, 5_000)).toBe(5);
    expect(secondsUntil(10_000, 9_999)).toBe(1);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
  });
});
