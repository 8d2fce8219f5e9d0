import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runEventStoreContract } from './eventStore.contract.js';
import { StoreVersionError } from './errors.js';
import { SqliteEventStore } from './sqliteEventStore.js';
import { SCHEMA_VERSION } from './sqliteMigrations.js';
import { joined, testEventSchema } from './testing/testEvents.js';

// The back doors open a second connection to the real file, as a damaged disk or a careless
// operator with the sqlite3 CLI would.
function withRawDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

runEventStoreContract('sqlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-store-'));
  let path = '';
  return {
    open: () => {
      const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
      path = store.path;
      return store;
    },
    writeRawEvent: (conferenceId, seq, raw) =>
      withRawDb(path, (db) => db.prepare('UPDATE events SET event = ? WHERE conference_id = ? AND seq = ?').run(raw, conferenceId, seq)),
    deleteRawEvent: (conferenceId, seq) =>
      withRawDb(path, (db) => db.prepare('DELETE FROM events WHERE conference_id = ? AND seq = ?').run(conferenceId, seq)),
    writeRawSnapshot: (conferenceId, raw) =>
      withRawDb(path, (db) => db.prepare('UPDATE snapshots SET state = ? WHERE conference_id = ?').run(raw, conferenceId)),
    injectWriteFailureAt: (conferenceId, seq) =>
      withRawDb(path, (db) =>
        db.exec(
          `CREATE TRIGGER injected_failure BEFORE INSERT ON events
           WHEN NEW.conference_id = '${conferenceId.replaceAll("'", "''")}' AND NEW.seq = ${Math.trunc(seq)}
           BEGIN SELECT RAISE(ABORT, 'injected write failure'); END`,
        ),
      ),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}, { midWriteFailure: true });

describe('SqliteEventStore on its file', () => {
  function tempDir(): string {
    return mkdtempSync(join(tmpdir(), 'hoinghi-store-'));
  }

  it('opens in WAL mode with synchronous=FULL and records its schema version', async () => {
    const dataDir = tempDir();
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    try {
      await store.append('c', 0, [joined('p')]);
      expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
      withRawDb(store.path, (db) => {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
        expect(versions.map((v) => v.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      });
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reports a row holding a blob instead of JSON text', async () => {
    const dataDir = tempDir();
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    try {
      await store.append('c', 0, [joined('p1'), joined('p2')]);
      withRawDb(store.path, (db) => db.prepare("UPDATE events SET event = x'00ff10' WHERE seq = 2").run());
      await expect(store.read('c', 0)).rejects.toMatchObject({ code: 'CORRUPT_EVENT', seq: 2, kind: 'bad-json' });
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to open a file written by a newer schema version, leaving it untouched', async () => {
    const dataDir = tempDir();
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    await store.append('c', 0, [joined('p')]);
    await store.close();
    withRawDb(store.path, (db) =>
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, 'from the future', 0),
    );
    try {
      expect(() => new SqliteEventStore({ eventSchema: testEventSchema, dataDir })).toThrow(StoreVersionError);
      withRawDb(store.path, (db) => expect(db.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 1 }));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('creates a missing data dir', async () => {
    const parent = tempDir();
    const dataDir = join(parent, 'nested', 'data');
    const store = new SqliteEventStore({ eventSchema: testEventSchema, dataDir });
    try {
      expect(await store.append('c', 0, [joined('p')])).toEqual({ firstSeq: 1, lastSeq: 1 });
      expect(store.path).toBe(join(dataDir, 'events.sqlite'));
    } finally {
      await store.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
