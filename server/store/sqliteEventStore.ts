// The embedded default event store: one SQLite file under the server's data dir.
// WAL so reads (catch-up, the HTTP log endpoint) never wait behind an append; synchronous=FULL so
// an append that resolved survives a power cut, not just a process crash: the ack a client gets
// for its command promises exactly that.
// Writes go to a writer thread (sqliteWriter.ts) so the fsync never blocks the event loop, and the
// appends of every conference that arrive in one turn are committed together (groupCommit.ts).
// Reads stay on this thread's connection: WAL lets them see every commit the writer returned.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { AppendResult, EventStore, Snapshot, StoreMeta, StoredEvent } from './EventStore.js';
import { CorruptSnapshotError, StoreClosedError } from './errors.js';
import { GroupCommit, type JobOutcome } from './groupCommit.js';
import { fromWire, type AppendJob, type WireOutcome } from './sqliteWriterProtocol.js';
import { SqliteWriterThread } from './sqliteWriterThread.js';
import {
  checkConferenceId,
  checkLimit,
  checkMetaKey,
  checkMetaValue,
  checkSeq,
  decodeRows,
  encodeEvents,
  encodeJson,
  type RawRow,
} from './rows.js';
import { migrate } from './sqliteMigrations.js';

export const DEFAULT_EVENT_STORE_FILE = 'events.sqlite';

export interface SqliteEventStoreOptions<E> {
  readonly eventSchema: z.ZodType<E>;
  /** created if missing */
  readonly dataDir: string;
  readonly fileName?: string;
}

type HeadRow = { last_seq: number } | undefined;

export class SqliteEventStore<E> implements EventStore<E> {
  readonly path: string;
  readonly meta: StoreMeta;
  readonly #schema: z.ZodType<E>;
  readonly #db: Database.Database;
  readonly #statements: ReturnType<typeof prepare>;
  /** every append of one event-loop turn, all conferences, in one transaction (one fsync) */
  readonly #appends: GroupCommit<AppendJob, AppendResult>;
  readonly #readTx: (conferenceId: string, afterSeq: number, limit: number | undefined) => { rows: RawRow[]; expectedCount: number };
  /** every write goes through the writer thread: the fsync never blocks this thread */
  readonly #writer: SqliteWriterThread;
  #closed = false;

  constructor(options: SqliteEventStoreOptions<E>) {
    this.#schema = options.eventSchema;
    mkdirSync(options.dataDir, { recursive: true });
    this.path = join(options.dataDir, options.fileName ?? DEFAULT_EVENT_STORE_FILE);
    const db = new Database(this.path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // Another connection (a backup, sqlite3 CLI) may briefly hold the write lock.
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    const s = prepare(db);
    this.#statements = s;

    this.#writer = new SqliteWriterThread(this.path);
    this.#writer.start();
    this.#appends = new GroupCommit(async (jobs) => {
      const outcomes = (await this.#writer.request({ op: 'append', jobs })) as WireOutcome[];
      return outcomes.map((o): JobOutcome<AppendResult> => (o.ok ? o : { ok: false, error: fromWire(o.error) }));
    });

    // Head and rows read in one transaction, so they come from one consistent view of the file.
    this.#readTx = db.transaction((conferenceId: string, afterSeq: number, limit: number | undefined) => {
      const head = (s.head.get(conferenceId) as HeadRow)?.last_seq ?? 0;
      if (afterSeq >= head) return { rows: [], expectedCount: 0 };
      const expectedCount = Math.min(limit ?? Infinity, head - afterSeq);
      const rows = s.readEvents.all(conferenceId, afterSeq, head, expectedCount) as RawRow[];
      return { rows, expectedCount };
    }).deferred;

    this.meta = {
      get: async (key) => {
        this.#open();
        checkMetaKey(key);
        const row = s.getMeta.get(key) as { value: string } | undefined;
        return row?.value ?? null;
      },
      set: async (key, value) => {
        this.#open();
        checkMetaKey(key);
        checkMetaValue(value);
        await this.#writer.request({ op: 'metaSet', key, value });
      },
    };
  }

  async append(conferenceId: string, expectedSeq: number, events: readonly E[]): Promise<AppendResult> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('expectedSeq', expectedSeq);
    // Validated and encoded now, so a bad batch is refused at once and never joins a group.
    const rows = encodeEvents(this.#schema, events);
    return this.#appends.submit({ conferenceId, expectedSeq, rows });
  }

  /** Group commits so far: transactions and the appends they carried. */
  groupCommits(): { groups: number; jobs: number } {
    return this.#appends.stats;
  }

  async read(conferenceId: string, afterSeq: number, limit?: number): Promise<StoredEvent<E>[]> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('afterSeq', afterSeq);
    checkLimit(limit);
    const { rows, expectedCount } = this.#readTx(conferenceId, afterSeq, limit);
    return decodeRows(this.#schema, conferenceId, afterSeq, rows, expectedCount);
  }

  async lastSeq(conferenceId: string): Promise<number> {
    this.#open();
    checkConferenceId(conferenceId);
    return (this.#statements.head.get(conferenceId) as HeadRow)?.last_seq ?? 0;
  }

  async conferences(): Promise<string[]> {
    this.#open();
    return (this.#statements.conferences.all() as { id: string }[]).map((row) => row.id);
  }

  async saveSnapshot(conferenceId: string, seq: number, state: unknown): Promise<void> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('seq', seq);
    await this.#writer.request({ op: 'snapshot', conferenceId, seq, json: encodeJson(state, 'snapshot state') });
  }

  async loadSnapshot(conferenceId: string): Promise<Snapshot | null> {
    this.#open();
    checkConferenceId(conferenceId);
    const row = this.#statements.getSnapshot.get(conferenceId) as { seq: number; state: unknown } | undefined;
    if (!row) return null;
    if (typeof row.state !== 'string') {
      throw new CorruptSnapshotError(conferenceId, `snapshot at seq ${row.seq} holds ${typeof row.state}, not JSON text`);
    }
    try {
      return { seq: row.seq, state: JSON.parse(row.state) as unknown };
    } catch (error) {
      throw new CorruptSnapshotError(conferenceId, `snapshot at seq ${row.seq} is not JSON: ${(error as Error).message}`);
    }
  }

  /** What the connection really runs with, for /readyz and the tests (synchronous 2 is FULL). */
  durability(): { journalMode: string; synchronous: number } {
    this.#open();
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Appends already accepted are written (and their callers told) before the file closes.
    await this.#appends.drain();
    await this.#writer.close();
    if (this.#db.open) this.#db.close();
  }

  #open(): void {
    if (this.#closed || !this.#db.open) throw new StoreClosedError();
  }
}

function prepare(db: Database.Database) {
  return {
    head: db.prepare('SELECT last_seq FROM conferences WHERE id = ?'),
    readEvents: db.prepare(
      'SELECT seq, event AS json FROM events WHERE conference_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
    ),
    conferences: db.prepare('SELECT id FROM conferences ORDER BY rowid'),
    getSnapshot: db.prepare('SELECT seq, state FROM snapshots WHERE conference_id = ?'),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
  };
}
