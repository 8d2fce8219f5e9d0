import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startPostgres, type PostgresServer } from '../../test/services/postgres.js';
import { PgEventStore } from '../store/pgEventStore.js';
import { WatchLinks } from '../live/watch-links.js';
import { LinkRegistry } from './linkRegistry.js';

// Two nodes (two stores on one PostgreSQL, two registries sharing its meta) issuing links for one
// conference and counting openings of one link at the same instant: none may be lost. Each write
// is a read-modify-write of one meta key; the store's `update` holds the key's lock across both.

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.dispose();
});

const C = 'hn-ca-mau-2021';
const secret = randomBytes(32);
const ROUNDS = 15;

async function twoNodes() {
  const url = await server.createDatabase();
  const stores = await Promise.all(['node-a', 'node-b'].map((nodeId) => PgEventStore.connect({ eventSchema: z.unknown(), connectionString: url, nodeId })));
  const [a, b] = stores.map((store) => new LinkRegistry(store.meta, secret, Date.now, { shared: true })) as [LinkRegistry, LinkRegistry];
  const [watchA, watchB] = stores.map((store) => new WatchLinks(store.meta, secret, Date.now, { shared: true })) as [WatchLinks, WatchLinks];
  return { a, b, watchA, watchB, stores, close: () => Promise.all(stores.map((s) => s.close())) };
}

describe('links across nodes (one meta, several nodes)', () => {
  it('links issued for one conference through two nodes at the same instant are all kept', async () => {
    const { a, b, close } = await twoNodes();
    try {
      const issue = (links: LinkRegistry, i: number) => links.issue({ conferenceId: C, role: 'point', pointId: `xa-${i}`, ttlMs: 3_600_000 });
      const issued = await Promise.all(Array.from({ length: ROUNDS }, (_, i) => [issue(a, i), issue(b, i)]).flat());
      const kept = await a.list(C);
      expect(kept).toHaveLength(2 * ROUNDS);
      expect(new Set(kept.map((l) => l.id))).toEqual(new Set(issued.map((l) => l.id)));
      // A revocation through one node and an issue through the other at once: both stay.
      const [revoked, more] = await Promise.all([a.revoke(C, issued[0]!.id), b.issue({ conferenceId: C, role: 'observer', ttlMs: 3_600_000 })]);
      expect(revoked?.revokedAt).not.toBeNull();
      const after = await b.list(C);
      expect(after.find((l) => l.id === issued[0]!.id)?.revokedAt).not.toBeNull();
      expect(after.some((l) => l.id === more.id)).toBe(true);
    } finally {
      await close();
    }
  });

  it('openings of one link counted on two nodes at the same instant all count; exactly one is the first', async () => {
    const { a, b, close } = await twoNodes();
    try {
      const link = await a.issue({ conferenceId: C, role: 'point', pointId: 'thoi-binh', ttlMs: 3_600_000 });
      const counted = await Promise.all(Array.from({ length: ROUNDS }, () => [a.recordOpen(C, link.id), b.recordOpen(C, link.id)]).flat());
      expect(counted.filter((c) => c.first)).toHaveLength(1);
      expect((await b.opensOf(C))[link.id]?.opens).toBe(2 * ROUNDS);
    } finally {
      await close();
    }
  });

  it('a link revoked through one node is refused at once by the other, which had read the links before', async () => {
    const { a, b, close } = await twoNodes();
    try {
      const link = await a.issue({ conferenceId: C, role: 'point', pointId: 'thoi-binh', ttlMs: 3_600_000 });
      const claims = { c: C, r: 'point' as const, p: 'thoi-binh', l: link.id, x: Math.floor(link.expiresAt / 1000) };
      expect(await b.check(claims)).toMatchObject({ ok: true });
      await a.revoke(C, link.id);
      expect(await b.check(claims)).toEqual({ ok: false, code: 'TOKEN_REVOKED' });
      // And one issued through the other node is known at once.
      const more = await a.issue({ conferenceId: C, role: 'point', pointId: 'u-minh', ttlMs: 3_600_000 });
      expect(await b.get(C, more.id)).toMatchObject({ pointId: 'u-minh' });
    } finally {
      await close();
    }
  });

  it('openings that arrive together are written together: one write for many joins, each counted', async () => {
    const { stores, close } = await twoNodes();
    try {
      let writes = 0;
      const meta = stores[0]!.meta;
      const a = new LinkRegistry({ ...meta, update: (key, change) => (writes++, meta.update!(key, change)) }, secret, Date.now, { shared: true });
      const links = await Promise.all(Array.from({ length: 10 }, (_, i) => a.issue({ conferenceId: C, role: 'point', pointId: `xa-${i}`, ttlMs: 3_600_000 })));
      writes = 0;
      const counted = await Promise.all(Array.from({ length: 100 }, (_, i) => a.recordOpen(C, links[i % 10]!.id)));
      expect(counted.filter((c) => c.first)).toHaveLength(10);
      const opens = await a.opensOf(C);
      expect(links.map((l) => opens[l.id]?.opens)).toEqual(Array(10).fill(10));
      expect(writes).toBe(1);
    } finally {
      await close();
    }
  });

  it('watch links issued for one conference through two nodes at the same instant are all kept', async () => {
    const { watchA, watchB, close } = await twoNodes();
    try {
      const issue = (links: WatchLinks) => links.issue({ conferenceId: C, issuedBy: 'admin', ttlMs: 3_600_000 });
      const issued = await Promise.all(Array.from({ length: ROUNDS }, () => [issue(watchA), issue(watchB)]).flat());
      expect(new Set((await watchB.list(C)).map((l) => l.id))).toEqual(new Set(issued.map((l) => l.id)));
    } finally {
      await close();
    }
  });
});
