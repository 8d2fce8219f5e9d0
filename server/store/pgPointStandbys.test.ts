import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOnce, startPostgres, type PostgresServer } from '../../test/services/postgres.js';
import { PgEventStore } from './pgEventStore.js';
import type { ClaimDecision } from './pgPointDevices.js';
import { testEventSchema } from './testing/testEvents.js';

// Which standby of a point is promoted across nodes (migration 8). Three PgEventStores on one
// database are three nodes: the point's live device on A, a standby on B, a later one on C. When
// the live one leaves, the database says under the point's lock that B's has waited longest;
// C's is promoted only once B's is live and gone.

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.dispose();
});

const C = 'hn-ca-mau-2021';
const P = 'u-minh';
const FRESH = 5_000;
const load = { workers: 1, sockets: 0, conferences: 0 };

async function threeNodes() {
  const url = await server.createDatabase();
  const connect = async (name: string, address: string) => {
    const store = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url, nodeId: `node-${name}` });
    await store.nodes.announce({ url: `http://${address}:3000`, load });
    return store;
  };
  const [a, b, c] = [await connect('a', '127.0.0.2'), await connect('b', '127.0.0.3'), await connect('c', '127.0.0.4')];
  const sql = (text: string, values: unknown[] = []) => sqlOnce(url, text, values);
  return { a, b, c, sql, close: () => Promise.all([a.close(), b.close(), c.close()]) };
}

/** A standby link's admission of the device `id`: live unless a device is live or standbys wait to be promoted. */
const standbyLink =
  (id: string) =>
  (liveElsewhere: boolean, waitingElsewhere: boolean): ClaimDecision =>
    liveElsewhere || waitingElsewhere ? { live: false, count: { live: 0, standby: 1 }, waiting: id } : { live: true, count: { live: 1, standby: 0 } };

describe('the standby that waited longest is promoted, on whichever node (cluster_point_standbys)', () => {
  it('live on A, standbys on B then C: A leaves, B’s is promoted and C’s waits; B leaves, C’s is promoted', async () => {
    const { a, b, c, close } = await threeNodes();
    try {
      expect((await a.devices.claim(C, P, FRESH, standbyLink('a1'))).decision).toMatchObject({ live: true });
      expect((await b.devices.claim(C, P, FRESH, standbyLink('b1'))).decision).toMatchObject({ live: false, waiting: 'b1' });
      expect((await c.devices.claim(C, P, FRESH, standbyLink('c1'))).decision).toMatchObject({ live: false, waiting: 'c1' });
      const queue = await a.devices.standbys(C, P, FRESH);
      expect(queue.map((s) => s.deviceId)).toEqual(['b1', 'c1']);
      expect(queue[1]!.waitingSince).toBeGreaterThan(queue[0]!.waitingSince);
      // While A's device is live, nobody is promoted.
      expect(await b.devices.promoteOldest(C, P, FRESH, ['b1'])).toBeNull();
      await a.devices.set(C, P, { live: 0, standby: 0 });
      // C asks first: B's waited longer, so C writes nothing and promotes nothing.
      expect(await c.devices.promoteOldest(C, P, FRESH, ['c1'])).toEqual({ nodeId: 'node-b', deviceId: 'b1', here: false });
      expect((await c.devices.liveHolders(C, FRESH)).map((h) => h.nodeId)).toEqual([]);
      expect(await b.devices.promoteOldest(C, P, FRESH, ['b1'])).toEqual({ nodeId: 'node-b', deviceId: 'b1', here: true });
      expect((await c.devices.liveHolders(C, FRESH)).map((h) => h.nodeId)).toEqual(['node-b']);
      expect((await c.devices.standbys(C, P, FRESH)).map((s) => s.deviceId)).toEqual(['c1']);
      expect(await c.devices.promoteOldest(C, P, FRESH, ['c1'])).toBeNull();
      // B's device (live now) leaves.
      await b.devices.set(C, P, { live: 0, standby: 0 }, { waiting: [], gone: ['b1'] });
      expect(await c.devices.promoteOldest(C, P, FRESH, ['c1'])).toEqual({ nodeId: 'node-c', deviceId: 'c1', here: true });
      expect((await a.devices.liveHolders(C, FRESH)).map((h) => h.nodeId)).toEqual(['node-c']);
      expect(await a.devices.standbys(C, P, FRESH)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('of B and C asking at the same instant, only the node of the oldest standby promotes, each round', async () => {
    const { a, b, c, close } = await threeNodes();
    try {
      for (let round = 0; round < 5; round++) {
        const [older, newer] = round % 2 === 0 ? [b, c] : [c, b];
        await a.devices.claim(C, P, FRESH, standbyLink(`a${round}`));
        await older.devices.claim(C, P, FRESH, standbyLink(`old${round}`));
        await newer.devices.claim(C, P, FRESH, standbyLink(`new${round}`));
        await a.devices.set(C, P, { live: 0, standby: 0 });
        const [fromB, fromC] = await Promise.all([b.devices.promoteOldest(C, P, FRESH, [b === older ? `old${round}` : `new${round}`]), c.devices.promoteOldest(C, P, FRESH, [c === older ? `old${round}` : `new${round}`])]);
        expect([fromB, fromC].filter((o) => o?.here).map((o) => o!.deviceId)).toEqual([`old${round}`]);
        expect((await a.devices.liveHolders(C, FRESH)).map((h) => h.nodeId)).toEqual([older.devices.nodeId]);
        // clean up for the next round: every node's devices gone
        for (const s of [b, c]) await s.devices.set(C, P, { live: 0, standby: 0 }, { waiting: [], gone: [`old${round}`, `new${round}`] });
      }
    } finally {
      await close();
    }
  });

  it('a standby link joining while standbys wait to be promoted waits behind them', async () => {
    const { a, b, c, close } = await threeNodes();
    try {
      await a.devices.claim(C, P, FRESH, standbyLink('a1'));
      await b.devices.claim(C, P, FRESH, standbyLink('b1'));
      await a.devices.set(C, P, { live: 0, standby: 0 });
      const joined = await c.devices.claim(C, P, FRESH, standbyLink('c1'));
      expect(joined).toMatchObject({ liveElsewhere: false, waitingElsewhere: true, decision: { live: false, waiting: 'c1' } });
      expect((await c.devices.promoteOldest(C, P, FRESH, ['c1']))?.here).toBe(false);
      expect((await b.devices.promoteOldest(C, P, FRESH, ['b1']))?.here).toBe(true);
    } finally {
      await close();
    }
  });

  it('a dead node’s standby is passed over, and a node’s stray row (not connected there) is neither promoted nor kept', async () => {
    const { a, b, c, sql, close } = await threeNodes();
    try {
      await a.devices.claim(C, P, FRESH, standbyLink('a1'));
      await b.devices.claim(C, P, FRESH, standbyLink('b1'));
      await c.devices.claim(C, P, FRESH, standbyLink('c1'));
      await a.devices.set(C, P, { live: 0, standby: 0 });
      // B's heartbeat stops: its standby no longer counts; C's is the oldest of the live nodes.
      await sql(`UPDATE cluster_nodes SET seen_at = now() - interval '1 minute' WHERE node_id = 'node-b'`);
      expect(await c.devices.promoteOldest(C, P, FRESH, ['c1'])).toEqual({ nodeId: 'node-c', deviceId: 'c1', here: true });
      await c.devices.set(C, P, { live: 0, standby: 0 });
      // A's row of a device whose handshake failed after its claim: A does not promote it (not connected)...
      await b.nodes.announce({ url: 'http://127.0.0.3:3000', load });
      await a.devices.claim(C, P, FRESH, () => ({ live: false, count: { live: 0, standby: 1 }, waiting: 'a-stray' }));
      expect((await a.devices.standbys(C, P, FRESH)).map((s) => s.deviceId)).toEqual(['b1', 'a-stray']);
      expect(await a.devices.promoteOldest(C, P, FRESH, ['a2'])).toEqual({ nodeId: 'node-b', deviceId: 'b1', here: false });
      // ...and forgets it once it is older than a handshake could take (here: at once).
      await a.devices.forgetStrayStandbys(['a2'], 0);
      expect((await a.devices.standbys(C, P, FRESH)).map((s) => s.deviceId)).toEqual(['b1', 'a2']);
    } finally {
      await close();
    }
  });

  it('a standby joining again with the socket id it waited as (its node died) keeps its place; a place of another point is not taken', async () => {
    const { a, b, c, sql, close } = await threeNodes();
    const T = 'thoi-binh';
    try {
      await a.devices.claim(C, P, FRESH, standbyLink('a1'));
      await b.devices.claim(C, P, FRESH, standbyLink('b1'));
      await c.devices.claim(C, P, FRESH, standbyLink('c1'));
      await a.devices.claim(C, T, FRESH, standbyLink('a9'));
      await b.devices.claim(C, T, FRESH, standbyLink('b9'));
      const [b1] = await a.devices.standbys(C, P, FRESH);
      // B dies; its standby's device joins C as c2, naming the socket it waited as.
      await sql(`UPDATE cluster_nodes SET seen_at = now() - interval '1 minute' WHERE node_id = 'node-b'`);
      const again = (waiting: string, waitedAs: string) => (): ClaimDecision => ({ live: false, count: { live: 0, standby: 1 }, waiting, waitedAs });
      expect((await c.devices.claim(C, P, FRESH, again('c2', 'b1'))).liveElsewhere).toBe(true);
      const queue = await a.devices.standbys(C, P, FRESH);
      expect(queue.map((s) => [s.nodeId, s.deviceId])).toEqual([['node-c', 'c2'], ['node-c', 'c1']]);
      expect(queue[0]!.waitingSince).toBe(b1!.waitingSince);
      // A device of this point naming another point's standby, or a place already taken: dated now, at the back.
      await c.devices.claim(C, P, FRESH, again('c3', 'b9'));
      await c.devices.claim(C, P, FRESH, again('c4', 'b1'));
      expect((await a.devices.standbys(C, P, FRESH)).map((s) => s.deviceId)).toEqual(['c2', 'c1', 'c3', 'c4']);
      expect((await sql(`SELECT node_id, device_id FROM cluster_point_standbys WHERE point_id = $1 ORDER BY waiting_since`, [T])).rows).toEqual([{ node_id: 'node-b', device_id: 'b9' }]);
      // A's live device leaves: the one that waited longest is promoted, though it joined C last but two.
      await a.devices.set(C, P, { live: 0, standby: 0 });
      expect(await c.devices.promoteOldest(C, P, FRESH, ['c1', 'c2', 'c3', 'c4'])).toEqual({ nodeId: 'node-c', deviceId: 'c2', here: true });
    } finally {
      await close();
    }
  });
});
