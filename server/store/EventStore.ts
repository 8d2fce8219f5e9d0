// The durable event log of every conference. The meeting core is event-sourced: the room decides,
// appends the resulting events here, then evolves its state. On start each conference is rebuilt
// from this log (see replay.ts). The interface is async so a networked store (PostgreSQL) can
// implement it (pgEventStore.ts); the SQLite and memory stores resolve at once.
//
// The store is generic over the event type and never imports the core: it receives the event
// schema, so a row that no longer matches it is caught on read (CorruptEventError) and on write
// (InvalidStoreArgumentError).

export {
  SeqConflictError,
  CorruptEventError,
  CorruptSnapshotError,
  StoreClosedError,
  InvalidStoreArgumentError,
  StoreVersionError,
  StoreUnavailableError,
  LeaseLostError,
} from './errors.js';
export type { CorruptionKind } from './errors.js';

/** One event as the log holds it: seqs start at 1 and have no gaps within a conference. */
export interface StoredEvent<E> {
  readonly seq: number;
  readonly event: E;
}

export interface AppendResult {
  /** seq of the first event of the batch */
  readonly firstSeq: number;
  /** seq of the last event of the batch, the conference's new head */
  readonly lastSeq: number;
}

/** A saved fold of the log up to `seq`; `state` is whatever JSON the caller saved. */
export interface Snapshot {
  readonly seq: number;
  readonly state: unknown;
}

export interface EventStore<E> {
  /**
   * Appends `events` after `expectedSeq` (the head the caller last saw; 0 for a new conference),
   * all or nothing. Rejects with SeqConflictError, writing nothing, when the head has moved.
   * Resolves only once the batch is durable.
   */
  append(conferenceId: string, expectedSeq: number, events: readonly E[]): Promise<AppendResult>;

  /**
   * The events with seq > afterSeq, in order, at most `limit` of them. Every row is validated;
   * a corrupt row or a gap rejects with CorruptEventError (never skipped).
   * An `afterSeq` at or past the head gives [] (the caller compares with lastSeq to spot a
   * client that is ahead of the server).
   */
  read(conferenceId: string, afterSeq: number, limit?: number): Promise<StoredEvent<E>[]>;

  /** The head of the conference's log; 0 when it has no event (or does not exist). */
  lastSeq(conferenceId: string): Promise<number>;

  /** Every conference that has at least one event, in creation order. */
  conferences(): Promise<string[]>;

  /**
   * Replaces the conference's snapshot. `seq` must be within the log (1..lastSeq); `state`
   * must be JSON-serialisable. Snapshots are an optimisation: losing one costs a longer replay.
   */
  saveSnapshot(conferenceId: string, seq: number, state: unknown): Promise<void>;

  /** The latest snapshot, or null. Rejects with CorruptSnapshotError when it cannot be parsed. */
  loadSnapshot(conferenceId: string): Promise<Snapshot | null>;

  /** A small string key-value store for server settings (the token secret, …). */
  readonly meta: StoreMeta;

  /** Closes the store; idempotent. Every later call rejects with StoreClosedError. */
  close(): Promise<void>;
}

/** Durable string settings kept beside the log, in the same file, so one data dir is the whole server. */
export interface StoreMeta {
  /** null when the key was never set */
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /**
   * Read-modify-write of one key with no other `update` of it in between, across processes: a
   * store that several nodes share (PostgreSQL) has it; a store one process owns need not (its
   * callers serialise their own writes). `change` is given the value (null: never set) and
   * returns the new one; if it throws, nothing is written.
   */
  update?(key: string, change: (value: string | null) => string): Promise<void>;
  /**
   * A store several nodes share: the value with its version (a new one at every write), or
   * `unchanged` when `knownVersion` is still the current one, without the value crossing the wire.
   * A node that checks a big value at every use (a conference's join links at every join) reads
   * it again only when another node changed it.
   */
  getChanged?(key: string, knownVersion: number | undefined): Promise<{ version: number; value: string | null } | 'unchanged'>;
}
