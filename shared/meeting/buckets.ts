import type { Id } from '../protocol/index.js';

// A record that grows with the meeting (attendees, floor requests, speeches), split into a fixed
// number of buckets by a hash of the id. Why: evolve is pure, so changing one entry of a plain
// record copies the whole record; at 3,000 attendees that copy was 1.5–2 ms per roll-call mark,
// at 6,000–20,000 requests 2.5–23 ms per floor event. Split in 256, a change copies the list of
// buckets (256 slots, ~1 µs) and one bucket (1/256 of the entries) instead. Still plain JSON
// (snapshots, the state API, toEqual all work); readers go through the functions below and never
// index it directly (the type has no index signature, so the compiler finds any that tries).

export interface Bucketed<T> {
  /** How many entries. */
  size: number;
  /** BUCKETS plain records; entry `id` sits in buckets[bucketOf(id)]. */
  buckets: Record<Id, T>[];
}

/** A power of two; 20,000 floor requests make ~80 per bucket. */
export const BUCKETS = 256;

// Every empty bucket is this one frozen object: an empty state costs one array per record, and
// the Draft copies a bucket before the first write anyway (it never owns this one).
const EMPTY: Record<Id, never> = Object.freeze({});

/** The bucket of an id: FNV-1a over its UTF-16 code units, folded to 8 bits. */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 8) ^ (h >>> 16) ^ (h >>> 24)) & (BUCKETS - 1);
}

export function emptyBucketed<T>(): Bucketed<T> {
  return { size: 0, buckets: new Array<Record<Id, T>>(BUCKETS).fill(EMPTY) };
}

/** Entry `id`, or undefined (own keys only: an id like "toString" is not an entry). */
export function entryOf<T>(record: Bucketed<T>, id: Id): T | undefined {
  const bucket = record.buckets[bucketOf(id)];
  return bucket !== undefined && Object.hasOwn(bucket, id) ? bucket[id] : undefined;
}

export function hasEntry(record: Bucketed<unknown>, id: Id): boolean {
  const bucket = record.buckets[bucketOf(id)];
  return bucket !== undefined && Object.hasOwn(bucket, id);
}

/** Every entry, in no meaningful order (bucket by bucket): for order, read the state's order list. */
export function entriesOf<T>(record: Bucketed<T>): T[] {
  const out: T[] = [];
  for (const bucket of record.buckets) for (const id in bucket) out.push(bucket[id] as T);
  return out;
}

/** Every id, in the order of entriesOf. */
export function idsOf(record: Bucketed<unknown>): Id[] {
  const out: Id[] = [];
  for (const bucket of record.buckets) for (const id in bucket) out.push(id);
  return out;
}

/** The entries of `record` that `keep` keeps, as a new bucketed record (the read projections: a point's own entries). */
export function bucketedWhere<T>(record: Bucketed<T>, keep: (id: Id, value: T) => boolean): Bucketed<T> {
  const r = emptyBucketed<T>();
  record.buckets.forEach((bucket, i) => {
    let kept: Record<Id, T> | undefined;
    for (const id in bucket) {
      if (!keep(id, bucket[id] as T)) continue;
      (kept ??= {})[id] = bucket[id] as T;
      r.size += 1;
    }
    if (kept) r.buckets[i] = kept;
  });
  return r;
}

/** A bucketed record of `entries` keyed by their id (for tests and tools; the core builds its own through the Draft). */
export function bucketedFrom<T extends { id: Id }>(entries: readonly T[]): Bucketed<T> {
  const r = emptyBucketed<T>();
  for (const e of entries) {
    const i = bucketOf(e.id);
    const bucket = r.buckets[i] ?? EMPTY;
    if (!Object.hasOwn(bucket, e.id)) r.size += 1;
    r.buckets[i] = { ...bucket, [e.id]: e };
  }
  return r;
}
