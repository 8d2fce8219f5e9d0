// Small immutable helpers for the Record-plus-order shape of MeetingState. evolve never mutates
// its input: every change returns new objects along the path it touches.

export function put<T>(record: Record<string, T>, id: string, value: T): Record<string, T> {
  return { ...record, [id]: value };
}

export function without<T>(record: Record<string, T>, id: string): Record<string, T> {
  if (!(id in record)) return record;
  const next = { ...record };
  delete next[id];
  return next;
}

/** Patch one entry if it exists; a missing entry leaves the record as it is. */
export function patch<T>(record: Record<string, T>, id: string, change: (value: T) => T): Record<string, T> {
  const value = record[id];
  return value === undefined ? record : { ...record, [id]: change(value) };
}

export function insertAt<T>(list: readonly T[], index: number, item: T): T[] {
  const at = Math.max(0, Math.min(index, list.length));
  return [...list.slice(0, at), item, ...list.slice(at)];
}

export function removeItem<T>(list: readonly T[], item: T): T[] {
  return list.filter((x) => x !== item);
}

/** Copy without optional keys whose value is undefined (so patches do not erase fields). */
export function defined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
