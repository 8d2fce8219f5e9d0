// Schema of the SQLite event store, as numbered migrations recorded in `schema_migrations`.
// Append new migrations at the end; never edit one that has shipped (a data dir may hold it).
import type Database from 'better-sqlite3';
import { StoreVersionError } from './errors.js';

interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'conferences with their head seq, the event log, snapshots, meta',
    sql: `
      -- The head lives apart from the rows so that a truncated log (rows lost at the end) is
      -- detected on read as a gap instead of looking like a shorter meeting.
      CREATE TABLE conferences (
        id          TEXT    NOT NULL PRIMARY KEY,
        last_seq    INTEGER NOT NULL CHECK (last_seq >= 1),
        created_at  INTEGER NOT NULL
      );
      CREATE TABLE events (
        conference_id TEXT    NOT NULL REFERENCES conferences (id),
        seq           INTEGER NOT NULL CHECK (seq >= 1),
        event         TEXT    NOT NULL,
        recorded_at   INTEGER NOT NULL,
        PRIMARY KEY (conference_id, seq)
      ) WITHOUT ROWID;
      -- One snapshot per conference: it is only a shortcut for replay, an older one has no use.
      CREATE TABLE snapshots (
        conference_id TEXT    NOT NULL PRIMARY KEY REFERENCES conferences (id),
        seq           INTEGER NOT NULL CHECK (seq >= 1),
        state         TEXT    NOT NULL,
        saved_at      INTEGER NOT NULL
      );
      CREATE TABLE meta (
        key   TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Brings the file up to SCHEMA_VERSION; each migration and its record commit together. */
export function migrate(db: Database.Database): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER NOT NULL PRIMARY KEY,
    description TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  const from = row.version ?? 0;
  if (from > SCHEMA_VERSION) throw new StoreVersionError(from, SCHEMA_VERSION);
  const record = db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.description, Date.now());
    }).immediate();
  }
  return { from, to: SCHEMA_VERSION };
}
