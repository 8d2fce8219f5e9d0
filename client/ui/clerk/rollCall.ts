import { currentMark, organisationsAtPoint } from '../../../shared/meeting/selectors.js';
import type { Attendee, MeetingState } from '../../../shared/meeting/state.js';
import { fold } from '../../../shared/import/text.js';
import type { AttendanceMark, AttendanceStatus } from '../../../shared/protocol/values.js';
import { entryOf } from '../../../shared/meeting/buckets.js';

// The clerk's roll-call: which rows the filter shows, and what a key press does. The keys are
// the same in both languages (P present, E excused, A absent, S substitute): a clerk's hands
// learn them once.

export interface RollCallFilter {
  pointId: string;
  organisationId: string;
  status: AttendanceStatus | '';
  search: string;
}

export const NO_FILTER: RollCallFilter = { pointId: '', organisationId: '', status: '', search: '' };

/** Attendees in list order that pass the filter; the search ignores case and diacritics. */
export function filterAttendees(state: MeetingState, f: RollCallFilter): Attendee[] {
  const q = fold(f.search);
  const out: Attendee[] = [];
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (!a) continue;
    if (f.pointId && a.pointId !== f.pointId) continue;
    if (f.organisationId && a.organisationId !== f.organisationId) continue;
    if (f.status && currentMark(a) !== f.status) continue;
    if (q && !fold(`${a.name} ${a.position}`).includes(q)) continue;
    out.push(a);
  }
  return out;
}

/** The organisations the organisation filter offers: all, or those of the chosen point (core selector). */
export function organisationsAt(state: MeetingState, pointId: string): string[] {
  return pointId ? organisationsAtPoint(state, pointId) : state.organisationOrder;
}

export type RollCallKey =
  | { kind: 'move'; to: 'up' | 'down' | 'first' | 'last' }
  | { kind: 'mark'; status: 'present' | 'excused' | 'absent' | 'substitute' };

const MARK_KEYS: Record<string, 'present' | 'excused' | 'absent' | 'substitute'> = {
  p: 'present',
  e: 'excused',
  a: 'absent',
  s: 'substitute',
};

export function rollCallKey(key: string, modifiers: boolean): RollCallKey | null {
  if (modifiers) return null;
  switch (key) {
    case 'ArrowUp':
      return { kind: 'move', to: 'up' };
    case 'ArrowDown':
      return { kind: 'move', to: 'down' };
    case 'Home':
      return { kind: 'move', to: 'first' };
    case 'End':
      return { kind: 'move', to: 'last' };
  }
  const status = MARK_KEYS[key.toLowerCase()];
  return status ? { kind: 'mark', status } : null;
}

export function moveCursor(cursor: number, to: 'up' | 'down' | 'first' | 'last', length: number): number {
  if (length === 0) return 0;
  const c = Math.min(Math.max(cursor, 0), length - 1);
  switch (to) {
    case 'up':
      return Math.max(0, c - 1);
    case 'down':
      return Math.min(length - 1, c + 1);
    case 'first':
      return 0;
    case 'last':
      return length - 1;
  }
}

/** What a clerk marks (a mark is never taken back to unmarked from the table). */
export type MarkStatus = Exclude<AttendanceMark['status'], 'unmarked'>;
/** The marks that carry details: excused a reason, substitute a name and position. */
export type DetailMark = Extract<AttendanceMark, { status: 'excused' | 'substitute' }>;
export type DetailStatus = DetailMark['status'];
/** The marks that are made at once, with nothing more to say. */
export type PlainStatus = Exclude<MarkStatus, DetailStatus>;

/** Present and absent are marked at once; excused needs a reason, substitute a name and position. */
export function needsDetails(status: MarkStatus): status is DetailStatus {
  return status === 'excused' || status === 'substitute';
}

export function markOf(status: PlainStatus): AttendanceMark {
  return { status };
}

/** The substitute's name shown in the status column, or null. */
export function substituteOf(a: Attendee): string | null {
  const m = a.marks[a.marks.length - 1];
  return m?.status === 'substitute' ? `${m.substituteName}${m.substitutePosition ? `, ${m.substitutePosition}` : ''}` : null;
}
