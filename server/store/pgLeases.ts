// One writer per conference across nodes: a node writes a conference only while it holds its
// lease, a row in PostgreSQL with an expiry and a fencing token (Kleppmann's fencing token: the
// token grows at every takeover, and the database refuses an append carrying an old one, so a
// node that paused past its lease — a long GC, a frozen VM — cannot write after another node took
// over, whatever it believes). Expiry is judged by the database's clock, not the nodes'.
//
// The store remembers the token of every lease this node took (`fences`) and sends it with each
// append of that conference (hoinghi_append_group, migration 2). Conferences this node never
// leased are appended unfenced, as on a single node.
import type pg from 'pg';
import { InvalidStoreArgumentError } from './errors.js';
import { checkConferenceId } from './rows.js';

export type LeaseQuery = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>;

export interface LeaseHolder {
  readonly owner: string;
  readonly token: number;
  /** epoch ms, by the database's clock */
  readonly expiresAt: number;
}

export type AcquireResult = ({ readonly acquired: true } & LeaseHolder) | ({ readonly acquired: false } & LeaseHolder);

interface LeaseRow {
  owner: string;
  token: string;
  expires_ms: number;
}

const RETURNING = 'RETURNING owner, token, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms';

export class ConferenceLeases {
  readonly nodeId: string;
  readonly #query: LeaseQuery;
  readonly #fences: Map<string, number>;

  constructor(nodeId: string, query: LeaseQuery, fences: Map<string, number>) {
    if (nodeId.length === 0 || nodeId.length > 200) throw new InvalidStoreArgumentError('node id must be 1..200 characters');
    this.nodeId = nodeId;
    this.#query = query;
    this.#fences = fences;
  }

  /**
   * Takes the conference for `ttlMs` when no other node holds a live lease on it (a new token:
   * the caller must then load the conference from the log, since the last owner may have written
   * up to the moment it lost the lease). Holding it already, it renews it with the same token.
   */
  async acquire(conferenceId: string, ttlMs: number): Promise<AcquireResult> {
    checkConferenceId(conferenceId);
    checkTtl(ttlMs);
    const taken = await this.#query<LeaseRow>(
      `INSERT INTO conference_leases AS l (conference_id, owner, token, expires_at)
       VALUES ($1, $2, 1, now() + make_interval(secs => $3::float8 / 1000))
       ON CONFLICT (conference_id) DO UPDATE
         SET owner = excluded.owner, token = l.token + 1, expires_at = excluded.expires_at
         WHERE l.expires_at <= now()
       ${RETURNING}`,
      [conferenceId, this.nodeId, ttlMs],
    );
    const row = taken.rows[0];
    if (row) {
      const lease = holderOf(row);
      this.#fences.set(conferenceId, lease.token);
      return { acquired: true, ...lease };
    }
    const mine = this.#fences.get(conferenceId);
    if (mine !== undefined && (await this.renew(conferenceId, ttlMs))) {
      const held = await this.holder(conferenceId);
      if (held) return { acquired: true, ...held };
    }
    const held = await this.holder(conferenceId);
    // The row exists (the insert above conflicted with it); lease rows are never deleted.
    if (!held) throw new Error(`the lease of ${conferenceId} vanished while being acquired`);
    return { acquired: false, ...held };
  }

  /** Extends this node's live lease; false when it ran out or another node took it (stop writing). */
  async renew(conferenceId: string, ttlMs: number): Promise<boolean> {
    checkConferenceId(conferenceId);
    checkTtl(ttlMs);
    const token = this.#fences.get(conferenceId);
    if (token === undefined) return false;
    const result = await this.#query(
      `UPDATE conference_leases SET expires_at = now() + make_interval(secs => $4::float8 / 1000)
        WHERE conference_id = $1 AND owner = $2 AND token = $3 AND expires_at > now()`,
      [conferenceId, this.nodeId, token, ttlMs],
    );
    return result.rowCount === 1;
  }

  /** Gives the conference up at once (a clean stop): another node need not wait for the expiry. */
  async release(conferenceId: string): Promise<void> {
    checkConferenceId(conferenceId);
    const token = this.#fences.get(conferenceId);
    if (token === undefined) return;
    await this.#query('UPDATE conference_leases SET expires_at = now() WHERE conference_id = $1 AND owner = $2 AND token = $3', [
      conferenceId,
      this.nodeId,
      token,
    ]);
    // The fence stays: an append after the release must not go through unfenced.
  }

  /** Who holds (or last held) the conference's lease; null when it was never leased. */
  async holder(conferenceId: string): Promise<(LeaseHolder & { readonly live: boolean }) | null> {
    checkConferenceId(conferenceId);
    const { rows } = await this.#query<LeaseRow & { live: boolean }>(
      `SELECT owner, token, (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms, expires_at > now() AS live
         FROM conference_leases WHERE conference_id = $1`,
      [conferenceId],
    );
    const row = rows[0];
    return row ? { ...holderOf(row), live: row.live } : null;
  }

  /** Conferences of the log that no node holds a live lease on (never leased, expired or released). */
  async claimable(): Promise<string[]> {
    const { rows } = await this.#query<{ id: string }>(
      `SELECT c.id FROM conferences c LEFT JOIN conference_leases l ON l.conference_id = c.id
        WHERE l.expires_at IS NULL OR l.expires_at <= now() ORDER BY c.created_order`,
    );
    return rows.map((row) => row.id);
  }

  /** The token this node appends with for the conference, if it ever leased it. */
  fence(conferenceId: string): number | undefined {
    return this.#fences.get(conferenceId);
  }
}

function holderOf(row: LeaseRow): LeaseHolder {
  return { owner: row.owner, token: Number(row.token), expiresAt: row.expires_ms };
}

function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 100 || ttlMs > 3_600_000) throw new InvalidStoreArgumentError(`lease ttl must be an integer of 100..3600000 ms, got ${ttlMs}`);
}
