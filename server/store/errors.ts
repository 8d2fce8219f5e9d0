import type { z } from 'zod';

// Named error classes, mediasoup-style: callers branch on `instanceof` or on `code`, never on
// message text. Every message gives the code first and an English sentence (the store is an
// operator-facing layer; the Vietnamese wording for users lives in the gateway's error catalogue).

/** The log of this conference is not at the sequence the caller expected: someone else appended first. Nothing was written. */
export class SeqConflictError extends Error {
  override readonly name = 'SeqConflictError';
  readonly code = 'SEQ_CONFLICT';
  constructor(
    readonly conferenceId: string,
    readonly expectedSeq: number,
    readonly actualSeq: number,
  ) {
    super(`SEQ_CONFLICT: conference ${conferenceId} is at seq ${actualSeq}, caller expected ${expectedSeq}; nothing was written`);
  }
}

/** Why a stored row could not be trusted. */
export type CorruptionKind =
  /** the row's text is not JSON */
  | 'bad-json'
  /** the row parsed as JSON but the event schema refused it */
  | 'schema'
  /** a seq is missing from the log (a row deleted, the log truncated) */
  | 'gap';

/**
 * A stored event cannot be read back. Loading that conference must stop here: replaying around a
 * bad row would give a meeting state that never existed, so we never skip it silently.
 */
export class CorruptEventError extends Error {
  override readonly name = 'CorruptEventError';
  readonly code = 'CORRUPT_EVENT';
  constructor(
    readonly conferenceId: string,
    readonly seq: number,
    readonly kind: CorruptionKind,
    /** the zod issues when kind is 'schema'; empty otherwise */
    readonly issues: readonly z.core.$ZodIssue[],
    detail: string,
  ) {
    super(`CORRUPT_EVENT: conference ${conferenceId}, seq ${seq} (${kind}): ${detail}`);
  }
}

/** The stored snapshot cannot be read back. Harmless: the caller replays the full log instead. */
export class CorruptSnapshotError extends Error {
  override readonly name = 'CorruptSnapshotError';
  readonly code = 'CORRUPT_SNAPSHOT';
  constructor(
    readonly conferenceId: string,
    detail: string,
  ) {
    super(`CORRUPT_SNAPSHOT: conference ${conferenceId}: ${detail}`);
  }
}

/** The store was closed; nothing more can be read or written through this handle. */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('STORE_CLOSED: the event store has been closed');
  }
}

/**
 * The arguments of a store call are wrong (empty batch, bad id, negative seq, an event the
 * schema refuses). Refusing on write keeps a poison row out of the log: one would block the
 * conference's next load.
 */
export class InvalidStoreArgumentError extends Error {
  override readonly name = 'InvalidStoreArgumentError';
  readonly code = 'INVALID_STORE_ARGUMENT';
  constructor(
    detail: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(`INVALID_STORE_ARGUMENT: ${detail}`);
  }
}

/** The database file was written by a newer version of hoinghi; opening it with older code could corrupt it. */
export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
  readonly code = 'STORE_VERSION';
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(`STORE_VERSION: the database is at schema version ${fileVersion}, this code knows up to ${knownVersion}`);
  }
}

/**
 * The database cannot be reached (PostgreSQL down, restarting, the network cut). Nothing of the
 * call is known to have been written: an append that fails this way was not acknowledged, and the
 * caller must read the log again before appending, since a commit whose reply was lost may be in it.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    detail: string,
    override readonly cause?: unknown,
  ) {
    super(`STORE_UNAVAILABLE: the database cannot be reached: ${detail}`);
  }
}

/**
 * This node's lease on the conference was taken over by another node (its fencing token is no
 * longer the current one); nothing was written. The conference is the other node's now: this
 * node must stop writing it and reload it from the log if it takes it back.
 */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  readonly code = 'LEASE_LOST';
  constructor(
    readonly conferenceId: string,
    readonly fence: number,
    readonly currentToken: number | null,
  ) {
    super(`LEASE_LOST: conference ${conferenceId}: this node's lease (token ${fence}) was superseded (current token ${currentToken ?? 'none'}); nothing was written`);
  }
}
