import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.js';

// The registry /readyz runs: every part registers its own check; the probe names what is down.

describe('Readiness', () => {
  it('is ready when every registered check passes', async () => {
    const readiness = new Readiness();
    readiness.register('store', async () => ({ ok: true }));
    readiness.register('redis', async () => ({ ok: true }));
    expect(await readiness.probe()).toEqual({ ready: true, checks: { store: true, redis: true }, down: {} });
  });

  it('names each check that failed, threw or did not answer in time', async () => {
    const readiness = new Readiness();
    readiness.register('store', async () => ({ ok: true }));
    readiness.register('media', async () => ({ ok: false, detail: 'worker 1 is dead (being replaced)' }));
    readiness.register('redis', async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.5.21:6379 user=hoinghi'), { code: 'ECONNREFUSED' });
    });
    readiness.register('database', () => new Promise(() => undefined), { timeoutMs: 50 });
    const report = await readiness.probe();
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual({ store: true, media: false, redis: false, database: false });
    expect(report.down).toEqual({
      media: 'worker 1 is dead (being replaced)',
      // the error's code, not its message: /readyz is public
      redis: 'failed (ECONNREFUSED)',
      database: 'no answer within 50 ms',
    });
  });

  it('refuses a name registered twice', () => {
    const readiness = new Readiness();
    readiness.register('store', async () => ({ ok: true }));
    expect(() => readiness.register('store', async () => ({ ok: true }))).toThrow(/already registered/);
  });
});
