import { IdSchema, type Actor, type EventOf, type EventType, type MeetingEvent } from '../protocol/index.js';
import { refuse, type Refusal } from './errors.js';
import type { Conference, MeetingState } from './state.js';

// What every per-area decide function works with: the state, the conference, who acts and when,
// a checked id source, and a typed way to make events stamped with `at` and `by`.

export type Outcome = { ok: true; events: MeetingEvent[] } | Refusal;

/** Thrown only inside decide when ctx.newId() misbehaves; caught and returned as INVALID_CONTEXT. */
export class BadIdSource extends Error {}

export interface Env {
  state: MeetingState;
  at: number;
  by: Actor;
  newId: () => string;
}

/** An Env for a conference that exists (every command but createConference). */
export interface ConfEnv extends Env {
  conf: Conference;
}

export function checkedIdSource(newId: () => string): () => string {
  return () => {
    const id: unknown = newId();
    if (typeof id !== 'string' || !IdSchema.safeParse(id).success) throw new BadIdSource();
    return id;
  };
}

type Fields<T extends EventType> = Omit<EventOf<T>, 'type' | 'at' | 'by'>;

export function event<T extends EventType>(env: Env, type: T, fields: Fields<T>): EventOf<T> {
  return { type, at: env.at, by: env.by, ...fields } as EventOf<T>;
}

export function accept(...events: MeetingEvent[]): Outcome {
  return { ok: true, events };
}

export { refuse };

/** Compare names the way people mean them: NFC, case-insensitive, single spaces. */
export function nameKey(name: string): string {
  // Remembered: normalising and lower-casing cost ~5 µs a name, and the same point and
  // organisation names are compared again and again (every row of a 3,000-row import, every
  // point added against the others). A pure function of its input, so a cache changes no result.
  let key = NAME_KEYS.get(name);
  if (key === undefined) {
    key = name.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
    if (NAME_KEYS.size >= NAME_KEYS_MAX) NAME_KEYS.clear();
    NAME_KEYS.set(name, key);
  }
  return key;
}

const NAME_KEYS = new Map<string, string>();
/** Bound on the remembered names (~1–2 MB); past it the cache starts again. */
const NAME_KEYS_MAX = 20_000;

/** Every string in a parsed command to NFC: typed text from NFD keyboards compares equal. */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(toNfc) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toNfc(v);
    return out as T;
  }
  return value;
}

/** An id the command chose, or a fresh one; refused if it already names something of that kind. */
export function freshId(env: Env, chosen: string | undefined, taken: (id: string) => boolean): string | Refusal {
  const id = chosen ?? env.newId();
  return taken(id) ? refuse('DUPLICATE_ID', `(${id})`) : id;
}

export function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;
}
