import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import { Authenticator } from './authenticate.js';
import { FailedJoinLimiter } from './failedJoinLimiter.js';
import { LinkRegistry } from './linkRegistry.js';

// Finding 3 of the security review (issue 14): after ten bad tokens an IP was blocked and valid
// tokens from it were refused too, so one device behind an office's NAT address could keep every
// other device of the office out. Only failures are throttled now (per IP, and per link id for a
// token we signed but no longer honour); a valid token always gets in.

const secret = randomBytes(32);
const NAT = '203.0.113.7';

async function setUp() {
  let now = 1_700_000_000_000;
  const links = new LinkRegistry(new MemoryEventStore({ eventSchema: z.unknown() }).meta, secret, () => now);
  const limiter = new FailedJoinLimiter({ capacity: 10, refillMs: 6_000 });
  const auth = new Authenticator({ secret, links, limiter, conferenceExists: (c) => c === 'c1', now: () => now });
  const point = links.tokenFor(await links.issue({ conferenceId: 'c1', role: 'point', pointId: 'p1', ttlMs: 24 * 3600_000 }));
  const revokedLink = await links.issue({ conferenceId: 'c1', role: 'observer', ttlMs: 24 * 3600_000 });
  await links.revoke('c1', revokedLink.id);
  return { auth, point, revoked: links.tokenFor(revokedLink), tick: (ms: number) => (now += ms) };
}

describe('join attempts are throttled on failures only (issue 14, finding 3)', () => {
  it('a valid token from an IP flooding bad tokens gets in 30 of 30 times', async () => {
    const { auth, point, tick } = await setUp();
    for (let i = 0; i < 10; i++) expect((await auth.authenticate({ token: `v1.guess${i}.AAAA`, ip: NAT })).ok).toBe(false);
    let admitted = 0;
    let limited = 0;
    for (let i = 0; i < 30; i++) {
      const bad = await auth.authenticate({ token: `v1.more${i}.AAAA`, ip: NAT });
      expect(bad.ok).toBe(false);
      if (!bad.ok && bad.code === 'RATE_LIMITED') limited++;
      if ((await auth.authenticate({ token: point, ip: NAT })).ok) admitted++;
      tick(3_000);
    }
    expect(admitted).toBe(30);
    // One attempt comes back every 6 s, so one bad token in two is still refused unread.
    expect(limited).toBeGreaterThanOrEqual(15);
  });

  it('failures past the burst are refused as RATE_LIMITED with a bounded, decaying wait', async () => {
    const { auth, tick } = await setUp();
    for (let i = 0; i < 10; i++) expect(await auth.authenticate({ token: 'junk', ip: NAT })).toMatchObject({ code: 'TOKEN_MALFORMED' });
    const limited = await auth.authenticate({ token: 'junk', ip: NAT });
    expect(limited).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(limited.ok ? 0 : limited.retryAfterMs).toBeLessThanOrEqual(6_000);
    // Another address is not affected.
    expect(await auth.authenticate({ token: 'junk', ip: '198.51.100.1' })).toMatchObject({ code: 'TOKEN_MALFORMED' });
    // However long the flood went on, one refill period after it stops a failure is answered as itself again.
    for (let i = 0; i < 200; i++) await auth.authenticate({ token: 'junk', ip: NAT });
    tick(6_000);
    expect(await auth.authenticate({ token: 'junk', ip: NAT })).toMatchObject({ code: 'TOKEN_MALFORMED' });
  });

  it('a revoked token replayed from rotating addresses is throttled by its link id', async () => {
    const { auth, revoked } = await setUp();
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await auth.authenticate({ token: revoked, ip: `198.51.100.${i + 10}` });
      codes.push(r.ok ? 'ACCEPTED' : r.code);
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('TOKEN_REVOKED'));
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});
