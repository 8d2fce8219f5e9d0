import type { AttendanceStatus } from '../protocol/index.js';
import type { Attendee } from '../meeting/state.js';

// Tallies of any group of attendees (a point, an organisation, an organisation at one point).
// The same counting rules as the core's roll-call selectors (R-ROLL-8): a walk-in is counted apart
// from the invited, "attending" is present or a substitute. The report needs tallies for groups the
// core does not slice by (organisation within a point), so it counts from a list.

export interface ReportTally {
  invited: number;
  walkIns: number;
  present: number;
  excused: number;
  absent: number;
  substitutes: number;
  unmarked: number;
  attending: number;
}

export const zeroTally = (): ReportTally => ({
  invited: 0,
  walkIns: 0,
  present: 0,
  excused: 0,
  absent: 0,
  substitutes: 0,
  unmarked: 0,
  attending: 0,
});

export function statusOf(a: Attendee): AttendanceStatus {
  return a.marks[a.marks.length - 1]?.status ?? 'unmarked';
}

export function addToTally(t: ReportTally, a: Attendee): void {
  if (a.walkIn) t.walkIns++;
  else t.invited++;
  const s = statusOf(a);
  if (s === 'present') t.present++;
  else if (s === 'excused') t.excused++;
  else if (s === 'absent') t.absent++;
  else if (s === 'substitute') t.substitutes++;
  else t.unmarked++;
  if (s === 'present' || s === 'substitute') t.attending++;
}

export function tallyOf(attendees: Iterable<Attendee>): ReportTally {
  const t = zeroTally();
  for (const a of attendees) addToTally(t, a);
  return t;
}
