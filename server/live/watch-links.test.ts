import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { verifyJoinToken } from '../auth/joinToken.js';
import { LinkRegistry } from '../auth/linkRegistry.js';
import { createMemoryLogBacking, MemoryEventStore } from '../store/memoryEventStore.js';
import { WatchLinks } from './watch-links.js';

// Watch links' tokens and registry (docs/LIVE.md, docs/SECURITY.md): signed for this use alone,
// checked against the stored link, refused once expired or revoked (also after a reopen).

const secret = randomBytes(32);
const eventSchema = z.unknown();
/** The refusal's code, or OK. */
const codeOf = async (links: WatchLinks, token: unknown) => {
  const checked = await links.check(token);
  return checked.ok ? 'OK' : checked.code;
};

describe('live watch links', () => {
  it('a token checks until revoked, also after the registry is reopened from the store', async () => {
    const backing = createMemoryLogBacking();
    const links = new WatchLinks(new MemoryEventStore({ eventSchema, backing }).meta, secret);
    const link = await links.issue({ conferenceId: 'c1', issuedBy: 'chair', label: 'Đài PT-TH Cà Mau', ttlMs: 3600_000 });
    const token = links.tokenFor(link);
    expect(token).toMatch(/^w1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await links.check(token)).toEqual({ ok: true, link });
    await links.revoke('c1', link.id);
    expect(await links.check(token)).toEqual({ ok: false, code: 'TOKEN_REVOKED', linkId: link.id });
    const reopened = new WatchLinks(new MemoryEventStore({ eventSchema, backing }).meta, secret);
    expect(await reopened.check(token)).toMatchObject({ ok: false, code: 'TOKEN_REVOKED' });
    expect((await reopened.list('c1')).map((l) => l.revokedAt !== null)).toEqual([true]);
  });

  it('expires at its time; its life is capped at 30 days', async () => {
    let now = Date.UTC(2021, 0, 4, 1, 0);
    const links = new WatchLinks(new MemoryEventStore({ eventSchema }).meta, secret, () => now);
    const link = await links.issue({ conferenceId: 'c1', issuedBy: 'admin', ttlMs: 3600_000 });
    expect((await links.check(links.tokenFor(link))).ok).toBe(true);
    now += 3600_000;
    expect(await links.check(links.tokenFor(link))).toEqual({ ok: false, code: 'TOKEN_EXPIRED', linkId: link.id });
    const long = await links.issue({ conferenceId: 'c1', issuedBy: 'admin', ttlMs: 400 * 24 * 3600_000 });
    expect(long.expiresAt - now).toBe(30 * 24 * 3600_000);
  });

  it('refuses junk, another secret, a changed payload, an unknown link, and a join token; no join token is made of it', async () => {
    const meta = new MemoryEventStore({ eventSchema }).meta;
    const links = new WatchLinks(meta, secret);
    const link = await links.issue({ conferenceId: 'c1', issuedBy: 'admin', ttlMs: 3600_000 });
    const token = links.tokenFor(link);
    for (const junk of [undefined, '', 'w1..', 'w1.a.b.c', `${token}x/`, 'x'.repeat(500)]) expect(await codeOf(links, junk)).toBe('TOKEN_MALFORMED');
    expect(await codeOf(new WatchLinks(meta, randomBytes(32)), token)).toBe('TOKEN_SIGNATURE');
    const [v, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const changed = (over: object) => `${v}.${Buffer.from(JSON.stringify({ ...claims, ...over })).toString('base64url')}.${signature}`;
    expect(await codeOf(links, changed({ c: 'c2' }))).toBe('TOKEN_SIGNATURE');
    expect(await codeOf(links, changed({ x: (claims['x'] as number) + 3600 }))).toBe('TOKEN_SIGNATURE');
    // Signed by us but not in the list (another conference's list, or never issued).
    const other = new WatchLinks(new MemoryEventStore({ eventSchema }).meta, secret);
    expect(await other.check(token)).toEqual({ ok: false, code: 'TOKEN_UNKNOWN', linkId: link.id });
    // The two kinds of token never verify as each other.
    const joinLinks = new LinkRegistry(meta, secret);
    const join = joinLinks.tokenFor(await joinLinks.issue({ conferenceId: 'c1', role: 'observer', ttlMs: 3600_000 }));
    expect(await codeOf(links, join)).toBe('TOKEN_MALFORMED');
    expect(await codeOf(links, join.replace(/^v1\./, 'w1.'))).toBe('TOKEN_SIGNATURE');
    expect(verifyJoinToken(secret, token, Date.now())).toEqual({ ok: false, code: 'TOKEN_MALFORMED' });
    expect(verifyJoinToken(secret, token.replace(/^w1\./, 'v1.'), Date.now())).toEqual({ ok: false, code: 'TOKEN_SIGNATURE' });
  });
});
