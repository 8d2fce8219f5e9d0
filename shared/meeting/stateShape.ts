import { decide } from './decide.js';
import { replay } from './evolve.js';
import { emptyState, type MeetingState } from './state.js';

// The state's shape, read from the state itself: the empty state plus a created conference, each
// fixed-shape object with its field names, records and lists as such. A snapshot is only trusted
// when it was saved under this shape (the version below changes with it, so nobody has to
// remember to bump it when a field is added) and when its state still has this shape.

/**
 * Bump only when evolve changes what an event MEANS without the state changing shape; a new or
 * removed field changes STATE_VERSION by itself. (1: until the version was derived. 2: an
 * organisation's point, a field inside records that are empty in the reference, so not seen.
 * 3: a point's region, likewise inside the points record: a snapshot from before would hold points
 * without it, so it is rebuilt by replay, where older `pointAdded` events read as no region.)
 */
const MEANING_EPOCH = 3;

function reference(): MeetingState {
  const created = decide(emptyState(), { type: 'createConference', title: 't', date: '2000-01-01', organiser: 'o', venue: 'v' }, { principal: { role: 'admin' }, now: 0, newId: () => 'c' });
  return created.ok ? replay(created.events) : emptyState();
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A canonical text of a value's shape: field names of fixed objects, `{}` for records (empty in the reference). */
function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[]';
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return keys.length === 0 ? '{}' : `{${keys.map((k) => `${k}:${shapeOf(value[k])}`).join(',')}}`;
  }
  return typeof value;
}

/** FNV-1a, 32 bits: a short stable name for the shape (the core imports nothing, not even node:crypto). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

const REFERENCE = reference();

/** The shape every state of this core has, as text (tests print it on a mismatch). */
export const STATE_SHAPE = shapeOf(REFERENCE);

/** What snapshots are tagged with; a snapshot of another version is never loaded. */
export const STATE_VERSION = `${MEANING_EPOCH}.${fnv1a(STATE_SHAPE)}`;

function sameShape(candidate: unknown, ref: unknown): boolean {
  if (ref === null) return true; // a nullable slot (lastEventAt, a running step's id …)
  if (Array.isArray(ref)) return Array.isArray(candidate);
  if (isPlainObject(ref)) {
    if (candidate === null) return true; // an object that is not there yet (the conference)
    if (!isPlainObject(candidate)) return false;
    const keys = Object.keys(ref);
    if (keys.length === 0) return true; // a record: any ids
    const own = Object.keys(candidate);
    if (own.length !== keys.length) return false;
    return keys.every((k) => Object.hasOwn(candidate, k) && sameShape(candidate[k], ref[k]));
  }
  return candidate === null || typeof candidate === typeof ref;
}

/** Whether a loaded snapshot's state has this core's shape; a full replay rebuilds it otherwise. */
export function hasStateShape(candidate: unknown): candidate is MeetingState {
  return sameShape(candidate, REFERENCE);
}
