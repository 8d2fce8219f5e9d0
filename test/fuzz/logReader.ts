import path from 'node:path';
import Database from 'better-sqlite3';
import { replay } from '../../shared/meeting/evolve.js';
import type { MeetingState } from '../../shared/meeting/index.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';

// The fuzzer's oracle: the server's own SQLite file, read-only beside the running server (WAL
// lets a reader in while the writer writes). It does not go through /events or catch-up, which
// show each role only what it may read: the invariant "a refused input changes nothing" is about
// the whole log.

export interface StoredRow {
  readonly conferenceId: string;
  readonly seq: number;
  readonly event: MeetingEvent;
}

/**
 * What the server records by itself, caused by no input of the moment: a point's sockets came or
 * went (the fuzzer's own speakers closing at the end of a phase are recorded offline after the
 * presence grace, in the middle of the next phase).
 */
const BACKGROUND = new Set(['pointWentOnline', 'pointWentOffline', 'pointSignalLost', 'pointSignalRestored']);

export function isBackground(row: StoredRow): boolean {
  return row.event.by.role === 'system' && BACKGROUND.has(row.event.type);
}

export class LogReader {
  readonly #db: Database.Database;

  constructor(dataDir: string) {
    this.#db = new Database(path.join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  }

  /** Every event of every conference. */
  count(): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  /** Head seq per conference (the store keeps it beside the log, one row per conference). */
  heads(): Map<string, number> {
    const rows = this.#db.prepare('SELECT id, last_seq AS seq FROM conferences').all() as { id: string; seq: number }[];
    return new Map(rows.map((r) => [r.id, r.seq]));
  }

  /** Events appended since `before` that an input must explain (background presence left out). */
  caused(before: ReadonlyMap<string, number>): StoredRow[] {
    return this.since(before).filter((row) => !isBackground(row));
  }

  /** Events appended since `before` (heads from `heads()`), in any conference, a new one included. */
  since(before: ReadonlyMap<string, number>): StoredRow[] {
    const out: StoredRow[] = [];
    for (const [conferenceId, seq] of this.heads()) if (seq > (before.get(conferenceId) ?? 0)) out.push(...this.eventsOf(conferenceId, before.get(conferenceId) ?? 0));
    return out;
  }

  /** Events of one conference after `afterSeq`. */
  eventsOf(conferenceId: string, afterSeq = 0): StoredRow[] {
    const rows = this.#db.prepare('SELECT seq, event FROM events WHERE conference_id = ? AND seq > ? ORDER BY seq').all(conferenceId, afterSeq) as { seq: number; event: string }[];
    return rows.map((r) => ({ conferenceId, seq: r.seq, event: JSON.parse(r.event) as MeetingEvent }));
  }

  /** The conference's state as the shared evolve folds its whole log (what the generator aims at). */
  stateOf(conferenceId: string): MeetingState {
    return replay(this.eventsOf(conferenceId).map((r) => r.event));
  }

  /** A meta value (the HMAC secret lives under `auth.secret` when not given by env). */
  meta(key: string): string | undefined {
    return (this.#db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  close(): void {
    this.#db.close();
  }
}
