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
// reference to it in a second spot), or a later change would show up in both.

type Container = object;

export class Draft {
  readonly #mine = new Set<Container>();

  /** `value` if this draft made it, else a shallow copy that this draft now owns. */
  own<T extends Container>(value: T): T {
    if (this.#mine.has(value)) return value;
    const copy = (Array.isArray(value) ? value.slice() : { ...value }) as T;
    this.#mine.add(copy);
    return copy;
  }

  /** parent[key] made writable and stored back into `parent` (which must already be writable). */
  field<P extends object, K extends keyof P>(parent: P, key: K): P[K] {
    const value = parent[key];
    if (value === null || typeof value !== 'object') return value;
    const mine = this.own(value as P[K] & Container);
    if (mine !== value) parent[key] = mine;
    return mine;
  }

  /** The entry `id` of a writable record, made writable itself; undefined when there is none. */
  entry<T extends Container>(record: Record<string, T>, id: string): T | undefined {
    const value = record[id];
    if (value === undefined) return undefined;
    const mine = this.own(value);
    if (mine !== value) record[id] = mine;
    return mine;
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
