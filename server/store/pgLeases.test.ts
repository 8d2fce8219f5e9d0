import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../test/services/postgres.js';
import { InvalidStoreArgumentError, LeaseLostError, SeqConflictError } from './errors.js';
import { PgEventStore } from './pgEventStore.js';
import { joined, testEventSchema } from './testing/testEvents.js';

// Two PgEventStores on one database are two nodes. The lease decides which one writes a
// conference; the fencing token makes the database refuse the other, even when it has the right seq.

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.dispose();
});

async function twoNodes() {
  const url = await server.createDatabase();
  const a = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url, nodeId: 'node-a' });
  const b = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url, nodeId: 'node-b' });
  return { a, b, close: () => Promise.all([a.close(), b.close()]) };
}

const C = 'hn-nghe-an-2021';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('conference leases with a fencing token', () => {
  it('gives a conference to one node at a time; the holder renews with the same token', async () => {
    const { a, b, close } = await twoNodes();
    try {
      const first = await a.leases.acquire(C, 5_000);
      expect(first).toMatchObject({ acquired: true, owner: 'node-a', token: 1 });
      expect(await b.leases.acquire(C, 5_000)).toMatchObject({ acquired: false, owner: 'node-a', token: 1 });
      expect(await a.leases.renew(C, 5_000)).toBe(true);
      expect(await a.leases.acquire(C, 5_000)).toMatchObject({ acquired: true, owner: 'node-a', token: 1 });
      expect(await b.leases.renew(C, 5_000)).toBe(false);
      expect(await b.leases.holder(C)).toMatchObject({ owner: 'node-a', token: 1, live: true });
    } finally {
      await close();
    }
  });

  it('after the lease runs out another node takes over with a new token, and the old owner is fenced out even at the right seq', async () => {
    const { a, b, close } = await twoNodes();
    try {
      await a.leases.acquire(C, 300);
      expect(await a.append(C, 0, [joined('tp-vinh')])).toEqual({ firstSeq: 1, lastSeq: 1 });
      await sleep(450);
      const taken = await b.leases.acquire(C, 5_000);
      expect(taken).toMatchObject({ acquired: true, owner: 'node-b', token: 2 });
      expect(await a.leases.renew(C, 5_000)).toBe(false);
      // The old owner still believes head 1 is right: the seq would pass, the fence does not.
      const refused = await a.append(C, 1, [joined('from-the-old-owner')]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LeaseLostError);
      expect(refused).toMatchObject({ code: 'LEASE_LOST', conferenceId: C, fence: 1, currentToken: 2 });
      expect(await b.append(C, 1, [joined('from-the-new-owner')])).toEqual({ firstSeq: 2, lastSeq: 2 });
      expect((await b.read(C, 0)).map((e) => (e.event as { pointId: string }).pointId)).toEqual(['tp-vinh', 'from-the-new-owner']);
    } finally {
      await close();
    }
  });

  it('a released lease is taken at once, and the releasing node can no longer write', async () => {
    const { a, b, close } = await twoNodes();
    try {
      await a.leases.acquire(C, 60_000);
      await a.append(C, 0, [joined('p1')]);
      await a.leases.release(C);
      expect(await b.leases.acquire(C, 60_000)).toMatchObject({ acquired: true, token: 2 });
      await expect(a.append(C, 1, [joined('late')])).rejects.toBeInstanceOf(LeaseLostError);
      expect(await a.lastSeq(C)).toBe(1);
    } finally {
      await close();
    }
  });

  it('fences only the conferences a node leased; in one group a fenced-out append is refused alone', async () => {
    const { a, b, close } = await twoNodes();
    try {
      await b.leases.acquire(C, 300);
      await sleep(450);
      await a.leases.acquire(C, 60_000);
      const results = await Promise.allSettled([b.append(C, 0, [joined('x')]), b.append('hn-unleased', 0, [joined('y')]), b.append('hn-unleased-2', 1, [joined('z')])]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(LeaseLostError) });
      expect(results[1]).toMatchObject({ status: 'fulfilled', value: { firstSeq: 1, lastSeq: 1 } });
      expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.any(SeqConflictError) });
      expect(b.groupCommits().groups).toBe(1);
    } finally {
      await close();
    }
  });

  it('refuses a lease time out of range', async () => {
    const { a, close } = await twoNodes();
    try {
      for (const ttl of [0, 50, 1.5, 7_200_000]) await expect(a.leases.acquire(C, ttl)).rejects.toBeInstanceOf(InvalidStoreArgumentError);
    } finally {
      await close();
    }
  });
});

describe('what a node of a cluster reads each tick: heads, free leases, the node registry', () => {
  it('lists the conferences nobody holds, every head, and turns a live lease into its owner’s URL', async () => {
    const { a, b, close } = await twoNodes();
    try {
      await a.append(C, 0, [joined('x'), joined('y')]);
      await a.append('hn-other', 0, [joined('z')]);
      expect(await a.heads()).toEqual(new Map([[C, 2], ['hn-other', 1]]));
      expect(await b.leases.claimable()).toEqual([C, 'hn-other']);
      await a.leases.acquire(C, 5_000);
      expect(await b.leases.claimable()).toEqual(['hn-other']);
      // The owner is known by its node id; its URL only once it announced itself.
      expect(await b.nodes.ownerUrl(C)).toBeNull();
      await a.nodes.announce({ url: 'http://127.0.0.2:3000', load: { workers: 2, sockets: 14, conferences: 1 } });
      expect(await b.nodes.ownerUrl(C)).toBe('http://127.0.0.2:3000');
      expect(await b.nodes.ownerUrl('hn-other')).toBeNull();
      // No public URL given: browsers are told the node's URL; no region: it serves any.
      expect(await b.nodes.list(10_000)).toMatchObject([{ nodeId: 'node-a', url: 'http://127.0.0.2:3000', publicUrl: 'http://127.0.0.2:3000', region: null, workers: 2, sockets: 14, conferences: 1, live: true }]);
      await a.nodes.announce({ url: 'http://10.0.0.2:3000', publicUrl: 'https://camau.hoinghi.example', region: 'CM', load: { workers: 2, sockets: 15, conferences: 1 } });
      expect(await b.nodes.list(10_000)).toMatchObject([{ url: 'http://10.0.0.2:3000', publicUrl: 'https://camau.hoinghi.example', region: 'CM', sockets: 15 }]);
      const nothing = { workers: 0, sockets: 0, conferences: 0 };
      await expect(a.nodes.announce({ url: 'javascript:alert(1)', load: nothing })).rejects.toBeInstanceOf(InvalidStoreArgumentError);
      await expect(a.nodes.announce({ url: 'http://10.0.0.2:3000', publicUrl: 'javascript:alert(1)', load: nothing })).rejects.toBeInstanceOf(InvalidStoreArgumentError);
      await expect(a.nodes.announce({ url: 'http://10.0.0.2:3000', region: 'Cà Mau; DROP', load: nothing })).rejects.toBeInstanceOf(InvalidStoreArgumentError);
      // refused announcements changed nothing
      expect(await b.nodes.list(10_000)).toMatchObject([{ url: 'http://10.0.0.2:3000', publicUrl: 'https://camau.hoinghi.example', region: 'CM' }]);
      await a.nodes.announce({ url: 'http://127.0.0.2:3000', load: { workers: 2, sockets: 14, conferences: 1 } });
      // A released lease is free again at once; a withdrawn node is no one's address.
      await a.leases.release(C);
      expect(await b.leases.claimable()).toEqual([C, 'hn-other']);
      expect(await b.nodes.ownerUrl(C)).toBeNull();
      await a.nodes.withdraw();
      expect(await b.nodes.list(10_000)).toEqual([]);
    } finally {
      await close();
    }
  });
});
