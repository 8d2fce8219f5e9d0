// The event store on PostgreSQL, for hoinghi on several machines (HOINGHI_DATABASE_URL). Same
// contract and same promise as the SQLite store (eventStore.contract.ts runs against both):
// - an append resolves only after its COMMIT returned (synchronous_commit: PostgreSQL's default);
// - the appends of every conference asked for in one turn of the event loop go in ONE statement
//   (hoinghi_append_group, pgMigrations.ts): one round trip, one commit (groupCommit.ts);
// - a seq conflict is decided by the database (compare-and-set on the head, primary key
//   (conference_id, seq)), so two nodes that both think they may write cannot both succeed.
// The rows, their checks and the errors are the SQLite store's (rows.ts, errors.ts).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import type { z } from 'zod';
import type { AppendResult, EventStore, Snapshot, StoreMeta, StoredEvent } from './EventStore.js';
import { CorruptSnapshotError, InvalidStoreArgumentError, LeaseLostError, SeqConflictError, StoreClosedError, StoreUnavailableError } from './errors.js';
import { GroupCommit, type JobOutcome } from './groupCommit.js';
import { NodeRegistry } from './pgNodes.js';
import { PointDeviceRegistry } from './pgPointDevices.js';
import { ConferenceLeases, type LeaseQuery } from './pgLeases.js';
import { migratePg } from './pgMigrations.js';
import { checkConferenceId, checkLimit, checkMetaKey, checkMetaValue, checkSeq, decodeRows, encodeEvents, encodeJson } from './rows.js';
import type { AppendJob } from './sqliteWriterProtocol.js';

/** A meta write takes the sequence's next version (migration 7), so other nodes see it changed. */
const META_WRITE = "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = nextval('meta_version')";
/** getChanged's version of a key never written (the sequence starts at 1). */
const NEVER_SET = 0;

export interface PgEventStoreOptions<E> {
  readonly eventSchema: z.ZodType<E>;
  /** postgres://user:password@host:port/database */
  readonly connectionString: string;
  /** connections in the pool (reads run beside the group being committed) */
  readonly poolSize?: number;
  /** how long to wait for a connection before an operation fails as STORE_UNAVAILABLE */
  readonly connectTimeoutMs?: number;
  /** a pooled connection broke (PostgreSQL restarted): logged by the caller, never thrown */
  readonly onConnectionError?: (error: Error) => void;
  /** this node's name in conference leases (default: host name, pid and a random part) */
  readonly nodeId?: string;
}

/** An append of the group, with the fencing token of this node's lease on that conference, if any. */
interface PgAppendJob extends AppendJob {
  readonly fence: number | null;
}

interface GroupRow {
  ok: boolean;
  first_seq: string | null;
  last_seq: string | null;
  actual_seq: string | null;
  error_code: string | null;
  error_message: string | null;
}

export class PgEventStore<E> implements EventStore<E> {
  readonly meta: StoreMeta;
  /** conference leases and the fencing of this node's appends (one writer per conference) */
  readonly leases: ConferenceLeases;
  /** the cluster's nodes: where this one is reached, its load; where a lease's owner is */
  readonly nodes: NodeRegistry;
  /** points' devices per node (presence across nodes) */
  readonly devices: PointDeviceRegistry;
  readonly #schema: z.ZodType<E>;
  readonly #pool: pg.Pool;
  readonly #appends: GroupCommit<PgAppendJob, AppendResult>;
  /** the token of every lease this node took, by conference: sent with its appends */
  readonly #fences = new Map<string, number>();
  /** the schema migration; every operation waits for it (and fails as it failed) */
  #ready: Promise<void>;
  #closed = false;

  constructor(options: PgEventStoreOptions<E>) {
    this.#schema = options.eventSchema;
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 8,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // Bigint seqs come back as strings; they are turned into numbers where read (seqs stay far below 2^53).
    });
    // An idle pooled connection that breaks (PostgreSQL restarting) is an 'error' event; unheard,
    // it would end the process. The pool drops that connection and opens a new one when needed.
    this.#pool.on('error', (error) => options.onConnectionError?.(error));
    this.#ready = this.#migrate();
    // Awaited by every operation; until one comes, a failure (PostgreSQL down) must not count as
    // an unhandled rejection, which would end the process.
    this.#ready.catch(() => undefined);

    this.#appends = new GroupCommit(async (jobs) => {
      const rows = jobs.flatMap((job) => job.rows);
      const result = await this.#query<GroupRow>('SELECT * FROM hoinghi_append_group($1, $2, $3, $4, $5, $6)', [
        jobs.map((job) => job.conferenceId),
        jobs.map((job) => job.expectedSeq),
        jobs.map((job) => job.rows.length),
        rows,
        Date.now(),
        jobs.map((job) => job.fence),
      ]);
      return jobs.map((job, i): JobOutcome<AppendResult> => outcomeOf(job, result.rows[i]));
    });

    this.leases = new ConferenceLeases(
      options.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      (text, values) => this.#query(text, values),
      this.#fences,
    );
    this.nodes = new NodeRegistry(this.leases.nodeId, (text, values) => this.#query(text, values));
    this.devices = new PointDeviceRegistry(this.leases.nodeId, (text, values) => this.#query(text, values), (work) => this.#transaction(work));

    this.meta = {
      get: async (key) => {
        this.#open();
        checkMetaKey(key);
        const { rows } = await this.#query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
        return rows[0]?.value ?? null;
      },
      getChanged: async (key, knownVersion) => {
        this.#open();
        checkMetaKey(key);
        // The value crosses the wire only when its version is not the one the caller holds.
        const { rows } = await this.#query<{ version: string; value: string | null }>(
          'SELECT version, CASE WHEN version = $2 THEN NULL ELSE value END AS value FROM meta WHERE key = $1',
          [key, knownVersion ?? null],
        );
        const row = rows[0];
        if (row === undefined) return { version: NEVER_SET, value: null };
        const version = Number(row.version);
        return version === knownVersion ? 'unchanged' : { version, value: row.value };
      },
      set: async (key, value) => {
        this.#open();
        checkMetaKey(key);
        checkMetaValue(value);
        await this.#query(META_WRITE, [key, value]);
      },
      // Two nodes issuing links for one conference at the same instant must not lose one: the
      // key's lock (transaction-scoped, so a node that dies mid-way frees it) spans the read and the write.
      update: async (key, change) => {
        this.#open();
        checkMetaKey(key);
        await this.#transaction(async (query) => {
          await query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [`meta:${key}`]);
          const { rows } = await query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
          const value = change(rows[0]?.value ?? null);
          checkMetaValue(value);
          await query(META_WRITE, [key, value]);
        });
      },
    };
  }

  /** Opens the store and waits until the database is reachable and migrated (start fails fast otherwise). */
  static async connect<E>(options: PgEventStoreOptions<E>): Promise<PgEventStore<E>> {
    const store = new PgEventStore(options);
    try {
      await store.#ready;
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  async append(conferenceId: string, expectedSeq: number, events: readonly E[]): Promise<AppendResult> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('expectedSeq', expectedSeq);
    const rows = encodeEvents(this.#schema, events);
    return this.#appends.submit({ conferenceId, expectedSeq, rows, fence: this.#fences.get(conferenceId) ?? null });
  }

  /** Group commits so far: statements and the appends they carried. */
  groupCommits(): { groups: number; jobs: number } {
    return this.#appends.stats;
  }

  async read(conferenceId: string, afterSeq: number, limit?: number): Promise<StoredEvent<E>[]> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('afterSeq', afterSeq);
    checkLimit(limit);
    // Head and rows in one statement: one snapshot of the database, as SQLite's read transaction.
    const { rows } = await this.#query<{ head: string; seq: string | null; json: string | null }>(
      `SELECT c.last_seq AS head, e.seq, e.event AS json
         FROM conferences c
         LEFT JOIN LATERAL (
           SELECT seq, event FROM events
            WHERE conference_id = c.id AND seq > $2 AND seq <= c.last_seq
            ORDER BY seq LIMIT $3
         ) e ON true
        WHERE c.id = $1`,
      [conferenceId, afterSeq, limit ?? null],
    );
    const head = rows.length > 0 ? Number(rows[0]!.head) : 0;
    if (afterSeq >= head) return [];
    const expectedCount = Math.min(limit ?? Infinity, head - afterSeq);
    const found = rows.filter((row) => row.seq !== null).map((row) => ({ seq: Number(row.seq), json: row.json }));
    return decodeRows(this.#schema, conferenceId, afterSeq, found, expectedCount);
  }

  async lastSeq(conferenceId: string): Promise<number> {
    this.#open();
    checkConferenceId(conferenceId);
    const { rows } = await this.#query<{ last_seq: string }>('SELECT last_seq FROM conferences WHERE id = $1', [conferenceId]);
    return rows.length > 0 ? Number(rows[0]!.last_seq) : 0;
  }

  /** Every conference's head in one query: how a node following the log sees what others appended. */
  async heads(): Promise<Map<string, number>> {
    this.#open();
    const { rows } = await this.#query<{ id: string; last_seq: string }>('SELECT id, last_seq FROM conferences');
    return new Map(rows.map((row) => [row.id, Number(row.last_seq)]));
  }

  async conferences(): Promise<string[]> {
    this.#open();
    const { rows } = await this.#query<{ id: string }>('SELECT id FROM conferences ORDER BY created_order');
    return rows.map((row) => row.id);
  }

  async saveSnapshot(conferenceId: string, seq: number, state: unknown): Promise<void> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('seq', seq);
    const json = encodeJson(state, 'snapshot state');
    // Written only where the seq is within the log, checked in the same statement.
    const result = await this.#query(
      `INSERT INTO snapshots (conference_id, seq, state, saved_at)
       SELECT id, $2::bigint, $3, $4 FROM conferences WHERE id = $1 AND $2::bigint BETWEEN 1 AND last_seq
       ON CONFLICT (conference_id) DO UPDATE SET seq = excluded.seq, state = excluded.state, saved_at = excluded.saved_at`,
      [conferenceId, seq, json, Date.now()],
    );
    if (result.rowCount === 0) {
      const head = await this.lastSeq(conferenceId);
      throw new InvalidStoreArgumentError(`snapshot seq ${seq} is outside the log of conference ${conferenceId} (1..${head})`);
    }
  }

  async loadSnapshot(conferenceId: string): Promise<Snapshot | null> {
    this.#open();
    checkConferenceId(conferenceId);
    const { rows } = await this.#query<{ seq: string; state: string }>('SELECT seq, state FROM snapshots WHERE conference_id = $1', [conferenceId]);
    const row = rows[0];
    if (!row) return null;
    try {
      return { seq: Number(row.seq), state: JSON.parse(row.state) as unknown };
    } catch (error) {
      throw new CorruptSnapshotError(conferenceId, `snapshot at seq ${row.seq} is not JSON: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Appends already accepted are committed (or refused) and their callers told before the pool ends.
    await this.#appends.drain();
    await this.#pool.end();
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  async #migrate(): Promise<void> {
    const client = await this.#pool.connect().catch((error: unknown) => {
      throw unavailable(error);
    });
    let broken: Error | undefined;
    try {
      await migratePg(client);
    } catch (error) {
      if (isConnectionFailure(error)) broken = error as Error;
      throw broken ? unavailable(error) : error;
    } finally {
      // A connection that broke is destroyed, not handed back to the pool.
      client.release(broken);
    }
  }

  /** The migration done; a start that found PostgreSQL down migrates on the first call once it is back. */
  async #migrated(): Promise<void> {
    try {
      await this.#ready;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.#ready = this.#migrate();
      await this.#ready;
    }
  }

  /**
   * Runs `work` in one transaction on one pooled connection (COMMIT if it resolves, ROLLBACK if it
   * throws), for the few operations that must read and write under a lock (a point's live device
   * across nodes: pgPointDevices.ts). A broken connection is StoreUnavailableError, as in #query.
   */
  async #transaction<T>(work: (query: LeaseQuery) => Promise<T>): Promise<T> {
    await this.#migrated();
    const client = await this.#pool.connect().catch((error: unknown) => {
      throw unavailable(error);
    });
    let broken: Error | undefined;
    // A connection taken from the pool has no error listener of the pool's until it is handed
    // back: an error message while no query runs on it (PostgreSQL shutting down between two of
    // this transaction's queries) is an unhandled 'error' that ends the process. A node ended so
    // when test/cluster/standbyPromotion.test.ts stopped PostgreSQL (Client._handleErrorMessage, no
    // listener); pool.query guards its own. Here the connection is marked broken; the next query fails.
    const lost = (error: Error) => {
      broken ??= error;
    };
    client.on('error', lost);
    const query: LeaseQuery = (text, values) => client.query(text, values);
    try {
      await query('BEGIN');
      const result = await work(query);
      await query('COMMIT');
      return result;
    } catch (error) {
      if (isConnectionFailure(error)) broken = error as Error;
      else if (!broken) await query('ROLLBACK').catch(() => undefined);
      throw broken ? unavailable(error) : error;
    } finally {
      client.removeListener('error', lost);
      client.release(broken);
    }
  }

  /**
   * Every query: after the migration (a start that found PostgreSQL down migrates on the first
   * call once it is back), and with a broken connection reported as StoreUnavailableError.
   */
  async #query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    await this.#migrated();
    try {
      return await this.#pool.query<R>(text, values);
    } catch (error) {
      throw isConnectionFailure(error) ? unavailable(error) : error;
    }
  }
}

function outcomeOf(job: PgAppendJob, row: GroupRow | undefined): JobOutcome<AppendResult> {
  if (!row) return { ok: false, error: new Error('hoinghi_append_group returned no row for an append') };
  if (row.ok) return { ok: true, value: { firstSeq: Number(row.first_seq), lastSeq: Number(row.last_seq) } };
  if (row.error_code === 'LEASE_LOST') {
    // For a fenced-out append, actual_seq carries the conference's current lease token.
    return { ok: false, error: new LeaseLostError(job.conferenceId, job.fence ?? 0, row.actual_seq === null ? null : Number(row.actual_seq)) };
  }
  if (row.error_code === 'SEQ_CONFLICT') {
    return { ok: false, error: new SeqConflictError(job.conferenceId, job.expectedSeq, Number(row.actual_seq ?? 0)) };
  }
  const error = new Error(`append to ${job.conferenceId} refused by PostgreSQL (${row.error_code}): ${row.error_message}`) as Error & { code?: string };
  error.code = row.error_code ?? undefined;
  return { ok: false, error };
}

/** SQLSTATE classes and socket errors that mean "the database is not there", not "your request is wrong". */
function isConnectionFailure(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // 08: connection exception; 57P01–57P03: admin shutdown, crash shutdown, cannot connect now.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  }
  return /Connection terminated|connection error|timeout exceeded when trying to connect|not queryable/i.test(error.message);
}

function unavailable(error: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  return new StoreUnavailableError(error instanceof Error ? error.message : String(error), error);
}
