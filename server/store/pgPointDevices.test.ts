import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../test/services/postgres.js';
import { PgEventStore } from './pgEventStore.js';
import type { ClaimDecision } from './pgPointDevices.js';
import { testEventSchema } from './testing/testEvents.js';

// Two PgEventStores on one database are two nodes holding devices of one point. A device becomes
// live across nodes through `claim`, under the point's lock: of two nodes claiming at the same
// instant, the second sees the first's live device. Where two live devices meet anyway, the later
// `live_since` is the point's live device.

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.dispose();
});

const C = 'hn-ca-mau-2021';
const P = 'thoi-binh';
const FRESH = 5_000;
const load = { workers: 1, sockets: 0, conferences: 0 };

async function twoNodes() {
  const url = await server.createDatabase();
  const a = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url, nodeId: 'node-a' });
  const b = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url, nodeId: 'node-b' });
  await a.nodes.announce({ url: 'http://127.0.0.2:3000', load });
  await b.nodes.announce({ url: 'http://127.0.0.3:3000', load });
  return { a, b, close: () => Promise.all([a.close(), b.close()]) };
}

/** A standby link's admission: live unless some node holds a live device. */
const standbyLink = (liveElsewhere: boolean): ClaimDecision => (liveElsewhere ? { live: false, count: { live: 0, standby: 1 } } : { live: true, count: { live: 1, standby: 0 } });

describe('one live device per point across nodes (cluster_point_devices)', () => {
  it('of two nodes claiming a point at the same instant, exactly one gets the live device; the other sees it', async () => {
    const { a, b, close } = await twoNodes();
    try {
      for (let round = 0; round < 5; round++) {
        await a.devices.set(C, P, { live: 0, standby: 0 });
        await b.devices.set(C, P, { live: 0, standby: 0 });
        const [fromA, fromB] = await Promise.all([a.devices.claim(C, P, FRESH, standbyLink), b.devices.claim(C, P, FRESH, standbyLink)]);
        expect([fromA.liveElsewhere, fromB.liveElsewhere].sort()).toEqual([false, true]);
        expect([fromA.decision?.live, fromB.decision?.live].filter(Boolean)).toHaveLength(1);
        expect(await a.devices.ofConference(C, FRESH)).toEqual(new Map([[P, { live: 1, standby: 1 }]]));
      }
    } finally {
      await close();
    }
  });

  it('a takeover through another node is dated after the live device it replaces', async () => {
    const { a, b, close } = await twoNodes();
    try {
      await a.devices.claim(C, P, FRESH, () => ({ live: true, count: { live: 1, standby: 0 } }));
      const [onA] = await a.devices.liveHolders(C, FRESH);
      // A takeover link on B: live whatever A holds.
      const taken = await b.devices.claim(C, P, FRESH, () => ({ live: true, count: { live: 1, standby: 0 } }));
      expect(taken.liveElsewhere).toBe(true);
      const holders = await b.devices.liveHolders(C, FRESH);
      expect(holders.map((h) => h.nodeId).sort()).toEqual(['node-a', 'node-b']);
      const onB = holders.find((h) => h.nodeId === 'node-b')!;
      expect(onB.liveSince).toBeGreaterThan(onA!.liveSince);
      // A rewriting its count (its writer) keeps its date: it does not jump ahead of B's.
      await a.devices.set(C, P, { live: 1, standby: 0 });
      expect((await a.devices.liveHolders(C, FRESH)).find((h) => h.nodeId === 'node-a')?.liveSince).toBe(onA!.liveSince);
      // A's device stepped down: A holds no live device any more.
      await a.devices.set(C, P, { live: 0, standby: 0 });
      expect((await a.devices.liveHolders(C, FRESH)).map((h) => h.nodeId)).toEqual(['node-b']);
    } finally {
      await close();
    }
  });

  it('a promotion claim writes nothing while another node holds a live device', async () => {
    const { a, b, close } = await twoNodes();
    try {
      await a.devices.set(C, P, { live: 1, standby: 0 });
      await b.devices.set(C, P, { live: 0, standby: 1 });
      const promote = (liveElsewhere: boolean): ClaimDecision => (liveElsewhere ? null : { live: true, count: { live: 1, standby: 0 } });
      expect((await b.devices.claim(C, P, FRESH, promote)).decision).toBeNull();
      expect(await b.devices.elsewhere(C, P, FRESH)).toEqual({ live: 1, standby: 0 });
      await a.devices.set(C, P, { live: 0, standby: 0 });
      expect((await b.devices.claim(C, P, FRESH, promote)).decision).toMatchObject({ live: true });
      expect(await a.devices.elsewhere(C, P, FRESH)).toEqual({ live: 1, standby: 0 });
    } finally {
      await close();
    }
  });
});
