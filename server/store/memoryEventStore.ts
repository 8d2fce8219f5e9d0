// The in-memory double of the event store, for unit tests of rooms and the gateway. Same
// semantics as the SQLite store, down to the JSON rows: events are kept as JSON text, so a caller
// can never mutate what was stored, and whatever would not survive SQLite fails here too.
import type { z } from 'zod';
import type { AppendResult, EventStore, Snapshot, StoreMeta, StoredEvent } from './EventStore.js';
import { CorruptSnapshotError, InvalidStoreArgumentError, SeqConflictError, StoreClosedError } from './errors.js';
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

/**
 * The memory store's "file". Exposed so that a test can reopen a store over the same data
 * (like reopening a SQLite file) or damage a row on purpose.
 */
export interface MemoryLogBacking {
  readonly conferences: Map<string, { head: number; readonly rows: Map<number, string> }>;
  readonly snapshots: Map<string, { seq: number; json: string }>;
  readonly meta: Map<string, string>;
}

export function createMemoryLogBacking(): MemoryLogBacking {
  return { conferences: new Map(), snapshots: new Map(), meta: new Map() };
}

export interface MemoryEventStoreOptions<E> {
  readonly eventSchema: z.ZodType<E>;
  /** reopen over existing data; a fresh empty backing when omitted */
  readonly backing?: MemoryLogBacking;
}

export class MemoryEventStore<E> implements EventStore<E> {
  readonly #schema: z.ZodType<E>;
  readonly #backing: MemoryLogBacking;
  #closed = false;
  readonly meta: StoreMeta;

  constructor(options: MemoryEventStoreOptions<E>) {
    this.#schema = options.eventSchema;
    this.#backing = options.backing ?? createMemoryLogBacking();
    this.meta = {
      get: async (key) => {
        this.#open();
        checkMetaKey(key);
        return this.#backing.meta.get(key) ?? null;
      },
      set: async (key, value) => {
        this.#open();
        checkMetaKey(key);
        checkMetaValue(value);
        this.#backing.meta.set(key, value);
      },
    };
  }

  async append(conferenceId: string, expectedSeq: number, events: readonly E[]): Promise<AppendResult> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('expectedSeq', expectedSeq);
    // Encode the whole batch before touching the log: a bad event anywhere writes nothing.
    const rows = encodeEvents(this.#schema, events);
    const log = this.#backing.conferences.get(conferenceId);
    const head = log?.head ?? 0;
    if (head !== expectedSeq) throw new SeqConflictError(conferenceId, expectedSeq, head);
    const target = log ?? { head: 0, rows: new Map<number, string>() };
    rows.forEach((json, i) => target.rows.set(head + 1 + i, json));
    target.head = head + rows.length;
    if (!log) this.#backing.conferences.set(conferenceId, target);
    return { firstSeq: head + 1, lastSeq: target.head };
  }

  async read(conferenceId: string, afterSeq: number, limit?: number): Promise<StoredEvent<E>[]> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('afterSeq', afterSeq);
    checkLimit(limit);
    const log = this.#backing.conferences.get(conferenceId);
    if (!log || afterSeq >= log.head) return [];
    const expectedCount = Math.min(limit ?? Infinity, log.head - afterSeq);
    const rows: RawRow[] = [];
    // Stop at the first missing row: decodeRows reports the shortfall as a gap at that seq.
    for (let seq = afterSeq + 1; seq <= afterSeq + expectedCount; seq++) {
      const json = log.rows.get(seq);
      if (json === undefined) break;
      rows.push({ seq, json });
    }
    return decodeRows(this.#schema, conferenceId, afterSeq, rows, expectedCount);
  }

  async lastSeq(conferenceId: string): Promise<number> {
    this.#open();
    checkConferenceId(conferenceId);
    return this.#backing.conferences.get(conferenceId)?.head ?? 0;
  }

  async conferences(): Promise<string[]> {
    this.#open();
    return [...this.#backing.conferences.keys()];
  }

  async saveSnapshot(conferenceId: string, seq: number, state: unknown): Promise<void> {
    this.#open();
    checkConferenceId(conferenceId);
    checkSeq('seq', seq);
    const head = this.#backing.conferences.get(conferenceId)?.head ?? 0;
    if (seq < 1 || seq > head) {
      throw new InvalidStoreArgumentError(`snapshot seq ${seq} is outside the log of conference ${conferenceId} (1..${head})`);
    }
    this.#backing.snapshots.set(conferenceId, { seq, json: encodeJson(state, 'snapshot state') });
  }

  async loadSnapshot(conferenceId: string): Promise<Snapshot | null> {
    this.#open();
    checkConferenceId(conferenceId);
    const row = this.#backing.snapshots.get(conferenceId);
    if (!row) return null;
    try {
      return { seq: row.seq, state: JSON.parse(row.json) as unknown };
    } catch (error) {
      throw new CorruptSnapshotError(conferenceId, `snapshot at seq ${row.seq} is not JSON: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }
}
