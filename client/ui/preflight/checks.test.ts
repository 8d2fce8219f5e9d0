import { describe, expect, it } from 'vitest';
import { deviceProblem, environmentProblem, levelOf, measureRoundTrips, networkVerdict, preflightReport } from './checks.js';

describe('pre-flight checks', () => {
  it('names the real cause when devices cannot work at all', () => {
    expect(environmentProblem({ isSecureContext: false, hasGetUserMedia: false })).toBe('insecure');
    expect(environmentProblem({ isSecureContext: true, hasGetUserMedia: false })).toBe('unsupported');
    expect(environmentProblem({ isSecureContext: true, hasGetUserMedia: true })).toBeNull();
  });

  it('turns getUserMedia failures into what the operator must do', () => {
    expect(deviceProblem(new DOMException('x', 'NotAllowedError'))).toBe('blocked');
    expect(deviceProblem(new DOMException('x', 'NotFoundError'))).toBe('notFound');
    expect(deviceProblem(new DOMException('x', 'NotReadableError'))).toBe('inUse');
    expect(deviceProblem(new Error('boom'))).toBe('other');
    expect(deviceProblem(null)).toBe('other');
  });

  it('measures loudness on a decibel scale', () => {
    expect(levelOf(new Float32Array(128))).toBe(0);
    expect(levelOf(new Float32Array(128).fill(1))).toBe(1);
    expect(levelOf(new Float32Array(128).fill(0.1))).toBeCloseTo(2 / 3, 5);
    expect(levelOf([])).toBe(0);
  });

  it('judges the link by the median round trip', () => {
    expect(networkVerdict([20, 30, 900])).toEqual({ rttMs: 30, verdict: 'good' });
    expect(networkVerdict([200, 260])).toEqual({ rttMs: 230, verdict: 'fair' });
    expect(networkVerdict([700, 800, 900])).toEqual({ rttMs: 800, verdict: 'poor' });
    expect(networkVerdict([])).toBeNull();
  });

  it('times requests to the server and leaves out those that fail', async () => {
    let t = 0;
    let n = 0;
    const fakeNow = () => t;
    const fetchFn = (async () => {
      n++;
      t += 10 * n;
      if (n === 2) throw new TypeError('network');
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    expect(await measureRoundTrips('/', 3, fetchFn, fakeNow)).toEqual([10, 30]);
  });
});

describe('the pre-flight report for the line test', () => {
  it('says ok for an opened device, the browser’s reason otherwise, and null for an unmeasured network', () => {
    expect(preflightReport({ camera: true, microphone: true, problem: null, network: { verdict: 'good', rttMs: 12 } })).toEqual({ camera: 'ok', microphone: 'ok', network: { verdict: 'good', rttMs: 12 } });
    expect(preflightReport({ camera: false, microphone: false, problem: 'blocked', network: 'failed' })).toEqual({ camera: 'blocked', microphone: 'blocked', network: null });
    expect(preflightReport({ camera: false, microphone: true, problem: null, network: 'checking' })).toEqual({ camera: 'notFound', microphone: 'ok', network: null });
  });
});
