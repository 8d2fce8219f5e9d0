import type { AttendanceStatus, Id } from '../protocol/index.js';
import type { Attendee, MeetingState } from './state.js';
import { entryOf } from './buckets.js';

// Roll-call tallies, live, by point, by organisation and overall, and the quorum.

export function currentMark(attendee: Attendee): AttendanceStatus {
  return attendee.marks[attendee.marks.length - 1]?.status ?? 'unmarked';
}

export interface Tally {
  /** On the invitation list. */
  invited: number;
  walkIns: number;
  present: number;
  excused: number;
  absent: number;
  substitutes: number;
  unmarked: number;
  /** Someone is in the seat: present or a substitute. */
  attending: number;
}

export const emptyTally = (): Tally => ({
  invited: 0,
  walkIns: 0,
  present: 0,
  excused: 0,
  absent: 0,
  substitutes: 0,
  unmarked: 0,
  attending: 0,
});

/** Counts one attendee into a tally (R-ROLL-8): walk-ins apart from the invited; attending = present or substitute. */
export function addToTally(t: Tally, a: Attendee): void {
  if (a.walkIn) t.walkIns++;
  else t.invited++;
  const m = currentMark(a);
  if (m === 'present') t.present++;
  else if (m === 'excused') t.excused++;
  else if (m === 'absent') t.absent++;
  else if (m === 'substitute') t.substitutes++;
  else t.unmarked++;
  if (m === 'present' || m === 'substitute') t.attending++;
}

function attendees(state: MeetingState): Attendee[] {
  const out: Attendee[] = [];
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (a) out.push(a);
  }
  return out;
}

/** The tally of any group of attendees (an organisation within a point, in the reports). */
export function tallyOf(group: Iterable<Attendee>): Tally {
  const t = emptyTally();
  for (const a of group) addToTally(t, a);
  return t;
}

/** Invariant (R-ROLL-8): present + excused + absent + substitutes + unmarked = invited + walkIns. */
export function tallyOverall(state: MeetingState): Tally {
  return tallyOf(attendees(state));
}

export function talliesByPoint(state: MeetingState): Record<Id, Tally> {
  const out: Record<Id, Tally> = {};
  for (const id of state.pointOrder) out[id] = emptyTally();
  for (const a of attendees(state)) addToTally((out[a.pointId] ??= emptyTally()), a);
  return out;
}

export function talliesByOrganisation(state: MeetingState): Record<Id, Tally> {
  const out: Record<Id, Tally> = {};
  for (const id of state.organisationOrder) out[id] = emptyTally();
  for (const a of attendees(state)) addToTally((out[a.organisationId] ??= emptyTally()), a);
  return out;
}

/** Attendees of one point and organisation, in list order: what a clerk works through. */
export function attendeesOf(state: MeetingState, filter: { pointId?: Id; organisationId?: Id }): Attendee[] {
  return attendees(state).filter(
    (a) =>
      (filter.pointId === undefined || a.pointId === filter.pointId) &&
      (filter.organisationId === undefined || a.organisationId === filter.organisationId),
  );
}

/**
 * The organisations of one point, in the conference's order (R-SETUP-9): those placed at it and
 * those with someone on the list there (a provincial department invited to a district point).
 * What the roll-call's organisation filter and the walk-in form offer for that point: a district
 * clerk looking at Thới Bình should not scroll past forty provincial departments.
 */
export function organisationsAtPoint(state: MeetingState, pointId: Id): Id[] {
  const here = new Set<Id>();
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (a?.pointId === pointId) here.add(a.organisationId);
  }
  return state.organisationOrder.filter((id) => here.has(id) || state.organisations[id]?.pointId === pointId);
}

export interface QuorumStatus {
  /** How many must attend; null when the conference sets no quorum. */
  required: number | null;
  attending: number;
  met: boolean | null;
}

/** A percentage quorum counts against the invitation list; walk-ins attend but are not invited. */
export function quorumStatus(state: MeetingState): QuorumStatus {
  const t = tallyOverall(state);
  const q = state.conference?.quorum ?? null;
  if (!q) return { required: null, attending: t.attending, met: null };
  const required = q.kind === 'count' ? q.present : Math.ceil((q.percent / 100) * t.invited);
  return { required, attending: t.attending, met: t.attending >= required };
}
