import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/services/freePort.js';
import { sqlOnce, startPostgres, type PostgresServer } from '../../test/services/postgres.js';
import { runEventStoreContract } from './eventStore.contract.js';
import { SeqConflictError, StoreUnavailableError, StoreVersionError } from './errors.js';
import { PgEventStore } from './pgEventStore.js';
import { PG_SCHEMA_VERSION } from './pgMigrations.js';
import { joined, testEventSchema } from './testing/testEvents.js';

// The same contract as SQLite, against a real PostgreSQL 15 the test starts itself; each test
// gets a fresh database. The back doors write with a second connection, as an operator with psql.

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.dispose();
});

const sql = sqlOnce;

runEventStoreContract('postgresql', async () => {
  const url = await server.createDatabase();
  return {
    open: () => new PgEventStore({ eventSchema: testEventSchema, connectionString: url }),
    writeRawEvent: async (conferenceId, seq, raw) => {
      await sql(url, 'UPDATE events SET event = $1 WHERE conference_id = $2 AND seq = $3', [raw, conferenceId, seq]);
    },
    deleteRawEvent: async (conferenceId, seq) => {
      await sql(url, 'DELETE FROM events WHERE conference_id = $1 AND seq = $2', [conferenceId, seq]);
    },
    writeRawSnapshot: async (conferenceId, raw) => {
      await sql(url, 'UPDATE snapshots SET state = $1 WHERE conference_id = $2', [raw, conferenceId]);
    },
    injectWriteFailureAt: async (conferenceId, seq) => {
      await sql(
        url,
        `CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.conference_id = ${pg.escapeLiteral(conferenceId)} AND NEW.seq = ${Math.trunc(seq)} THEN
             RAISE EXCEPTION 'injected write failure';
           END IF;
           RETURN NEW;
         END $$;
         CREATE TRIGGER injected_failure BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION injected_failure();`,
      );
    },
    cleanup: async () => undefined,
  };
}, { midWriteFailure: true });

describe('PgEventStore on PostgreSQL', () => {
  it('opened while PostgreSQL cannot be reached: no unhandled rejection, every call fails as STORE_UNAVAILABLE', async () => {
    const url = `postgres://hoinghi@127.0.0.1:${await freePort()}/hoinghi`;
    const store = new PgEventStore({ eventSchema: testEventSchema, connectionString: url });
    await new Promise((r) => setTimeout(r, 300)); // the migration at open has failed by now, unawaited
    await expect(store.lastSeq('c')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.append('c', 0, [joined('p')])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await store.close();
    await expect(PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url })).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('lets the database decide between two stores (two nodes) appending at the same seq', async () => {
    const url = await server.createDatabase();
    const a = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url });
    const b = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url });
    try {
      // New conference: both try to create it.
      const first = await Promise.allSettled([a.append('c', 0, [joined('from-a')]), b.append('c', 0, [joined('from-b')])]);
      expect(first.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(first.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(SeqConflictError);
      // Existing conference, many rounds: exactly one winner each time, no gap, no duplicate seq.
      for (let round = 1; round <= 20; round++) {
        const head = await a.lastSeq('c');
        const results = await Promise.allSettled([a.append('c', head, [joined(`a${round}`)]), b.append('c', head, [joined(`b${round}`), joined(`b${round}'`)])]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      }
      const events = await b.read('c', 0);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.length).toBeGreaterThanOrEqual(21);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('commits the appends of many conferences asked for in one turn as one group (one statement)', async () => {
    const url = await server.createDatabase();
    const store = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url });
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `xa-${i + 1}`);
      const results = await Promise.all(ids.map((id) => store.append(id, 0, [joined(`${id}-p1`), joined(`${id}-p2`)])));
      expect(results.every((r) => r.firstSeq === 1 && r.lastSeq === 2)).toBe(true);
      // A conflicting append inside a group is refused alone; the rest of its group commits.
      const mixed = await Promise.allSettled([store.append('xa-1', 2, [joined('ok')]), store.append('xa-2', 0, [joined('late')]), store.append('xa-3', 2, [joined('ok')])]);
      expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const stats = store.groupCommits();
      expect(stats.jobs).toBe(15);
      expect(stats.groups).toBeLessThanOrEqual(4);
      expect(await store.conferences()).toEqual(ids);
    } finally {
      await store.close();
    }
  });

  it('records its schema version and refuses a database written by a newer one', async () => {
    const url = await server.createDatabase();
    const store = await PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url });
    await store.append('c', 0, [joined('p')]);
    await store.close();
    const versions = await sql(url, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.rows.map((r: { version: number }) => r.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    await sql(url, 'INSERT INTO schema_migrations VALUES ($1, $2, $3)', [PG_SCHEMA_VERSION + 1, 'from the future', 0]);
    await expect(PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url })).rejects.toBeInstanceOf(StoreVersionError);
    expect((await sql(url, 'SELECT COUNT(*)::int AS n FROM events')).rows[0]).toEqual({ n: 1 });
  });

  it('gives a meta value again only when another writer changed it (getChanged)', async () => {
    const url = await server.createDatabase();
    const connect = () => PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url });
    const [a, b] = await Promise.all([connect(), connect()]);
    try {
      expect(await a.meta.getChanged!('links:c', undefined)).toEqual({ version: 0, value: null });
      await a.meta.set('links:c', '[1]');
      const first = await b.meta.getChanged!('links:c', undefined);
      expect(first).toMatchObject({ value: '[1]' });
      const v1 = (first as { version: number }).version;
      expect(await b.meta.getChanged!('links:c', v1)).toBe('unchanged');
      // A write through the other node, by `set` or by `update`, is a new version with its value.
      await a.meta.update!('links:c', (text) => `${text!.slice(0, -1)},2]`);
      const second = await b.meta.getChanged!('links:c', v1);
      expect(second).toMatchObject({ value: '[1,2]' });
      expect((second as { version: number }).version).toBeGreaterThan(v1);
      await a.meta.set('links:c', '[1,2]');
      expect(await b.meta.getChanged!('links:c', (second as { version: number }).version)).not.toBe('unchanged');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('migrates once when several nodes start together', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => PgEventStore.connect({ eventSchema: testEventSchema, connectionString: url })));
    try {
      expect(await stores[2]!.append('c', 0, [joined('p')])).toEqual({ firstSeq: 1, lastSeq: 1 });
      expect((await sql(url, 'SELECT COUNT(*)::int AS n FROM schema_migrations')).rows[0]).toEqual({ n: PG_SCHEMA_VERSION });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
