import { bucketOf, type Bucketed } from './buckets.js';

const isBucketed = (x: object): x is Bucketed<unknown> => Array.isArray((x as { buckets?: unknown }).buckets);

// Copy-on-write for the plain-object MeetingState, so evolve stays pure without copying what an
// event does not touch. A Draft hands out writable versions of the state's objects: the first
// time it is asked for an object it did not make, it makes a shallow copy and remembers it; from
// then on it changes that copy in place. The objects of the input state are never written.
//
// evolve uses one Draft per event: only the path an event touches is copied (the root, one
// record, one entry), which is the cost any pure update of a plain object has. replay uses one
// Draft for the whole log: a record is copied at most once, then every later event changes it in
// place, so a long log folds in time linear in its length instead of copying records that grow
// with the meeting (requests, speeches, attendees with their marks) on every event. No one sees
// the intermediate states of a replay, and the result shares nothing writable with its input.
//
// Rule for the reducers: an object a Draft made must sit in one place only (never store a
// reference to it in a second spot), or a later change would show up in both; and write only
// into what the draft handed out (state, field, entry) or objects built in the same event.

type Obj = Record<string, unknown>;
type Copy = (value: Obj) => Obj;
type Add = (record: Obj, id: string, value: unknown) => Obj;
type EntryOf<R> = R extends Record<string, infer T> ? T : never;
type BucketEntryOf<R> = R extends Bucketed<infer T> ? T : never;

// One copy function per kind of object, each with its own spread. V8 caches an object clone per
// spread site; one site shared by every shape in the state goes megamorphic, which made copies
// of small objects (the state's root, one entry) 2–3 times slower in a micro-benchmark. Keys are
// the state's field names; the state itself is `state`.
const COPY: Record<string, Copy> = {
  state: (x) => ({ ...x }),
  conference: (x) => ({ ...x }),
  points: (x) => ({ ...x }),
  panel: (x) => ({ ...x }),
  organisations: (x) => ({ ...x }),
  attendees: (x) => ({ ...x }),
  readiness: (x) => ({ ...x }),
  presence: (x) => ({ ...x }),
  queue: (x) => ({ ...x }),
  requests: (x) => ({ ...x }),
  speeches: (x) => ({ ...x }),
  agenda: (x) => ({ ...x }),
  steps: (x) => ({ ...x }),
  media: (x) => ({ ...x }),
  audio: (x) => ({ ...x }),
  notes: (x) => ({ ...x }),
};
/** Copies of one entry of a record, by the record's field name. */
const COPY_ENTRY: Record<string, Copy> = {
  points: (x) => ({ ...x }),
  panel: (x) => ({ ...x }),
  organisations: (x) => ({ ...x }),
  attendees: (x) => ({ ...x }),
  presence: (x) => ({ ...x }),
  requests: (x) => ({ ...x }),
  speeches: (x) => ({ ...x }),
  steps: (x) => ({ ...x }),
  audio: (x) => ({ ...x }),
};
// Adding a key to a record the draft does not own (every evolve): one literal copy-and-add. Keys
// added by assignment can turn a record into a V8 dictionary-mode object, and copying one of
// those cost ~100 times a fast one here (200 keys: 164 µs against 1.5 µs); a literal keeps the
// record fast up to ~1,000 keys. Inside a replay the draft owns the record and adds in place.
const ADD: Record<string, Add> = {
  points: (r, id, v) => ({ ...r, [id]: v }),
  panel: (r, id, v) => ({ ...r, [id]: v }),
  organisations: (r, id, v) => ({ ...r, [id]: v }),
  attendees: (r, id, v) => ({ ...r, [id]: v }),
  readiness: (r, id, v) => ({ ...r, [id]: v }),
  presence: (r, id, v) => ({ ...r, [id]: v }),
  requests: (r, id, v) => ({ ...r, [id]: v }),
  speeches: (r, id, v) => ({ ...r, [id]: v }),
  steps: (r, id, v) => ({ ...r, [id]: v }),
  audio: (r, id, v) => ({ ...r, [id]: v }),
  notes: (r, id, v) => ({ ...r, [id]: v }),
};
const copyAny: Copy = (x) => ({ ...x });
const addAny: Add = (r, id, v) => ({ ...r, [id]: v });

export class Draft {
  readonly #mine = new Set<object>();

  /** `value` if this draft made it, else a copy (by `site`'s copy function) that it now owns. */
  #own<T extends object>(value: T, copy: Copy | undefined): T {
    if (this.#mine.has(value)) return value;
    const mine = (Array.isArray(value) ? value.slice() : (copy ?? copyAny)(value as Obj)) as T;
    this.#mine.add(mine);
    return mine;
  }

  /** Whether this draft made `value` (and may write into it). */
  owns(value: object): boolean {
    return this.#mine.has(value);
  }

  /** A writable version of a whole state (the root of every change). */
  state<S extends object>(state: S): S {
    return this.#own(state, COPY.state);
  }

  /** parent[key] made writable and stored back into `parent` (which must already be writable). */
  field<P extends object, K extends keyof P & string>(parent: P, key: K): P[K] {
    const value = parent[key];
    if (value === null || typeof value !== 'object') return value;
    const mine = this.#own(value, COPY[key]);
    if (mine !== value) parent[key] = mine;
    return mine;
  }

  /** Entry `id` of the record parent[key], writable (and the record with it); undefined when there is none. */
  entry<P extends object, K extends keyof P & string>(parent: P, key: K, id: string): EntryOf<P[K]> | undefined {
    const value = (parent[key] as Obj)[id];
    if (value === undefined || value === null || typeof value !== 'object') return undefined;
    const record = this.field(parent, key) as Obj;
    const mine = this.#own(value, COPY_ENTRY[key]);
    if (mine !== value) record[id] = mine;
    return mine as EntryOf<P[K]>;
  }

  /** Set entry `id` of the record parent[key] to a new value (added at the end when new). */
  put<P extends object, K extends keyof P & string>(parent: P, key: K, id: string, value: EntryOf<P[K]>): void {
    const record = parent[key] as Obj;
    if (this.#mine.has(record)) {
      record[id] = value;
      return;
    }
    const mine = (ADD[key] ?? addAny)(record, id, value);
    this.#mine.add(mine);
    parent[key] = mine as P[K];
  }

  /**
   * Add `item` at the end of the list parent[key]: in place when the draft owns the list, else one
   * copy of exactly the new length. A copy then push grows the copy's backing store a second time:
   * 150 µs instead of 13–17 µs for the 12,000 ids of speechOrder in a long conference.
   */
  append<P extends object, K extends keyof P & string>(parent: P, key: K, item: P[K] extends (infer T)[] ? T : never): void {
    const list = parent[key] as unknown[];
    if (this.#mine.has(list)) {
      list.push(item);
      return;
    }
    const mine = list.concat([item]);
    this.#mine.add(mine);
    parent[key] = mine as P[K];
  }

  /**
   * Re-copy what this draft filled in place, so it leaves as fast objects. Adding keys by
   * assignment (as a replay does) turns a record of more than a few dozen keys into a V8
   * dictionary-mode object; one spread of it is a fast object again, and copying that later costs
   * ~100× less (a 66-key bucket: 0.35 µs against 30 µs). Called once at the end of a replay, so
   * the first live events after a restart do not each pay the slow copy.
   */
  settle<P extends object, K extends keyof P & string>(parent: P, key: K): void {
    const value = parent[key] as unknown;
    if (value === null || typeof value !== 'object' || !this.#mine.has(value)) return;
    if (isBucketed(value)) {
      const buckets = value.buckets;
      for (let i = 0; i < buckets.length; i++) {
        const b = buckets[i] as Obj;
        if (!this.#mine.has(b)) continue;
        const fresh = { ...b };
        this.#mine.add(fresh);
        buckets[i] = fresh;
      }
      return;
    }
    const fresh = (COPY[key] ?? copyAny)(value as Obj);
    this.#mine.add(fresh);
    parent[key] = fresh as P[K];
  }

  // Bucketed records (buckets.ts): the draft owns the record's shell (size and list of buckets)
  // and each bucket it wrote, so a pure update copies 256 slots and one bucket, not every entry.

  /** parent[key], a bucketed record, writable (its shell and list; not yet any bucket). */
  #bucketed(parent: object, key: string): Bucketed<unknown> {
    const holder = parent as Record<string, Bucketed<unknown>>;
    const value = holder[key] as Bucketed<unknown>;
    if (this.#mine.has(value)) return value;
    // A shell the draft makes always comes with its own copy of the list: owning one owns both.
    const mine = { size: value.size, buckets: value.buckets.slice() };
    this.#mine.add(mine);
    holder[key] = mine;
    return mine;
  }

  /** Bucket `i` of a writable bucketed record, writable. */
  #bucket(record: Bucketed<unknown>, i: number): Obj {
    const value = record.buckets[i] as Obj;
    if (this.#mine.has(value)) return value;
    const mine = { ...value };
    this.#mine.add(mine);
    record.buckets[i] = mine;
    return mine;
  }

  /** Entry `id` of the bucketed record parent[key], writable (with its bucket); undefined when there is none. */
  bucketEntry<P extends object, K extends keyof P & string>(parent: P, key: K, id: string): BucketEntryOf<P[K]> | undefined {
    const i = bucketOf(id);
    const found = (parent[key] as Bucketed<unknown>).buckets[i] as Obj | undefined;
    if (found === undefined || !Object.hasOwn(found, id)) return undefined;
    const value = found[id];
    if (value === null || typeof value !== 'object') return undefined;
    const bucket = this.#bucket(this.#bucketed(parent, key), i);
    const mine = this.#own(value, COPY_ENTRY[key]);
    if (mine !== value) bucket[id] = mine;
    return mine as BucketEntryOf<P[K]>;
  }

  /** Set entry `id` of the bucketed record parent[key] (added to its bucket when new). */
  bucketPut<P extends object, K extends keyof P & string>(parent: P, key: K, id: string, value: BucketEntryOf<P[K]>): void {
    const record = this.#bucketed(parent, key);
    const i = bucketOf(id);
    const bucket = record.buckets[i] as Obj;
    const isNew = !Object.hasOwn(bucket, id);
    if (isNew) record.size += 1;
    if (this.#mine.has(bucket)) {
      bucket[id] = value;
      return;
    }
    // As `put`: a literal copy-and-add keeps the bucket a fast (not dictionary-mode) object.
    const mine = isNew ? { ...bucket, [id]: value } : { ...bucket };
    if (!isNew) mine[id] = value;
    this.#mine.add(mine);
    record.buckets[i] = mine;
  }

  /** Remove entry `id` of the bucketed record parent[key]; a missing entry changes nothing. */
  bucketRemove<P extends object, K extends keyof P & string>(parent: P, key: K, id: string): void {
    const i = bucketOf(id);
    const found = (parent[key] as Bucketed<unknown>).buckets[i];
    if (found === undefined || !Object.hasOwn(found, id)) return;
    const record = this.#bucketed(parent, key);
    record.size -= 1;
    if (this.#mine.has(found)) {
      delete (found as Obj)[id];
      return;
    }
    // A copy without the key rather than copy-then-delete: a delete turns a fast object into a
    // dictionary-mode one, whose later copies are slow.
    const { [id]: _gone, ...rest } = found as Obj;
    this.#mine.add(rest);
    record.buckets[i] = rest;
  }

  /** Remove entry `id` of the record parent[key]; a missing entry changes nothing. */
  remove<P extends object, K extends keyof P & string>(parent: P, key: K, id: string): void {
    if (!(id in (parent[key] as Obj))) return;
    delete (this.field(parent, key) as Obj)[id];
  }
}

/** Remove every `item` from a writable list; a missing item changes nothing. */
export function removeFrom<T>(list: T[], item: T): void {
  for (let i = list.indexOf(item); i >= 0; i = list.indexOf(item, i)) list.splice(i, 1);
}

/** Insert into a writable list at `index`, clamped to its bounds. */
export function insertInto<T>(list: T[], index: number, item: T): void {
  list.splice(Math.max(0, Math.min(index, list.length)), 0, item);
}

/** Copy without optional keys whose value is undefined (so patches do not erase fields). */
export function defined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * The `default` of every reducer's switch: it compiles only when every event type of the switch
 * has its case. At run time an event no reducer knows (a damaged log) changes nothing.
 */
export function eventNotHandled(_event: never): void {}
