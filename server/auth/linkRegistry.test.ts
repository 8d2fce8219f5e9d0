import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryLogBacking, MemoryEventStore } from '../store/memoryEventStore.js';
import { verifyJoinToken } from './joinToken.js';
import { LinkRegistry } from './linkRegistry.js';

const secret = randomBytes(32);
const eventSchema = z.unknown();

describe('link registry', () => {
  it('issues a link whose token verifies and checks, then refuses it once revoked, also after a reopen', async () => {
    const backing = createMemoryLogBacking();
    const store = new MemoryEventStore({ eventSchema, backing });
    const links = new LinkRegistry(store.meta, secret);
    const link = await links.issue({ conferenceId: 'c1', role: 'point', pointId: 'p1', ttlMs: 3600_000 });
    const verified = verifyJoinToken(secret, links.tokenFor(link), Date.now());
    if (!verified.ok) throw new Error('token must verify');
    expect(await links.check(verified.claims)).toEqual({ ok: true, link });

    const revoked: string[] = [];
    links.on('revoked', (l) => revoked.push(l.id));
    await links.revoke('c1', link.id);
    expect(revoked).toEqual([link.id]);
    expect(await links.check(verified.claims)).toEqual({ ok: false, code: 'TOKEN_REVOKED' });

    const reopened = new LinkRegistry(new MemoryEventStore({ eventSchema, backing }).meta, secret);
    expect(await reopened.check(verified.claims)).toEqual({ ok: false, code: 'TOKEN_REVOKED' });
  });

  it('refuses claims that do not match the record (unknown link, other role or point)', async () => {
    const links = new LinkRegistry(new MemoryEventStore({ eventSchema }).meta, secret);
    const link = await links.issue({ conferenceId: 'c1', role: 'clerk', ttlMs: 3600_000 });
    const x = Math.floor(link.expiresAt / 1000);
    expect(await links.check({ c: 'c1', r: 'chair', l: link.id, x })).toEqual({ ok: false, code: 'TOKEN_UNKNOWN' });
    expect(await links.check({ c: 'c2', r: 'clerk', l: link.id, x })).toEqual({ ok: false, code: 'TOKEN_UNKNOWN' });
    expect(await links.check({ c: 'c1', r: 'clerk', l: 'lnope', x })).toEqual({ ok: false, code: 'TOKEN_UNKNOWN' });
  });

  it('keeps every revocation when several are made at once', async () => {
    const backing = createMemoryLogBacking();
    const links = new LinkRegistry(new MemoryEventStore({ eventSchema, backing }).meta, secret);
    const issued = await Promise.all(Array.from({ length: 5 }, () => links.issue({ conferenceId: 'c1', role: 'observer', ttlMs: 3600_000 })));
    await Promise.all(issued.map((l) => links.revoke('c1', l.id)));
    const reopened = new LinkRegistry(new MemoryEventStore({ eventSchema, backing }).meta, secret);
    expect((await reopened.list('c1')).map((l) => l.revokedAt !== null)).toEqual([true, true, true, true, true]);
  });
});
