import type { CommandOf } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, refuse, type ConfEnv, type Outcome } from './env.js';
import type { AttendanceMark } from '../protocol/index.js';
import { entryOf, hasEntry } from './buckets.js';

function sameMark(a: AttendanceMark, b: AttendanceMark): boolean {
  const f = (m: AttendanceMark) =>
    [m.status, 'reason' in m ? m.reason : '', 'substituteName' in m ? m.substituteName : '', 'substitutePosition' in m ? m.substitutePosition : ''].join('\u0000');
  return f(a) === f(b);
}

// Roll-call (điểm danh): readiness per point, the clerk's marks, walk-ins; and the presence of
// points, which is recorded apart and never touches anyone's attendance (R-ROLL-6).

/** R-AUTH-2: a point operator acts only for its own point. */
export function ownPoint(env: ConfEnv, pointId: string): Outcome | null {
  if (env.by.role === 'point' && env.by.pointId !== pointId) return refuse('NOT_YOUR_POINT');
  return null;
}

export function reportReadiness(env: ConfEnv, c: CommandOf<'reportReadiness'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  return ownPoint(env, c.pointId) ?? accept(event(env, 'readinessReported', { pointId: c.pointId, headcount: c.headcount }));
}

export function markAttendance(env: ConfEnv, c: CommandOf<'markAttendance'>): Outcome {
  const a = entryOf(env.state.attendees, c.attendeeId);
  if (!a) return refuse('UNKNOWN_ATTENDEE');
  const last = a.marks[a.marks.length - 1] ?? { status: 'unmarked' as const };
  if (sameMark(last, c.mark)) return refuse('NO_CHANGE');
  return accept(event(env, 'attendanceMarked', { attendeeId: a.id, mark: c.mark }));
}

export function addWalkIn(env: ConfEnv, c: CommandOf<'addWalkIn'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  if (!env.state.organisations[c.organisationId]) return refuse('UNKNOWN_ORGANISATION');
  const id = freshId(env, c.id, (x) => hasEntry(env.state.attendees, x));
  if (isRefusal(id)) return id;
  return accept(
    event(env, 'walkInAdded', {
      attendee: { id, name: c.name, position: c.position, organisationId: c.organisationId, pointId: c.pointId, line: null },
    }),
  );
}

export function removeWalkIn(env: ConfEnv, c: CommandOf<'removeWalkIn'>): Outcome {
  const a = entryOf(env.state.attendees, c.attendeeId);
  if (!a) return refuse('UNKNOWN_ATTENDEE');
  if (!a.walkIn) return refuse('NOT_A_WALK_IN');
  return accept(event(env, 'walkInRemoved', { attendeeId: a.id }));
}

// --- presence and link health, from the server's own edges ---
export function presence(
  env: ConfEnv,
  c: CommandOf<'pointOnline' | 'pointOffline' | 'signalLost' | 'signalRestored'>,
): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  const p = entryOf(env.state.presence, c.pointId);
  const online = p?.online ?? false;
  const lost = p?.signalLost ?? false;
  switch (c.type) {
    case 'pointOnline':
      return online ? refuse('NO_CHANGE') : accept(event(env, 'pointWentOnline', { pointId: c.pointId }));
    case 'pointOffline':
      return !online ? refuse('NO_CHANGE') : accept(event(env, 'pointWentOffline', { pointId: c.pointId }));
    case 'signalLost':
      return lost ? refuse('NO_CHANGE') : accept(event(env, 'pointSignalLost', { pointId: c.pointId }));
    case 'signalRestored':
      return !lost ? refuse('NO_CHANGE') : accept(event(env, 'pointSignalRestored', { pointId: c.pointId }));
  }
}

export function setActiveSpeaker(env: ConfEnv, c: CommandOf<'setActiveSpeaker'>): Outcome {
  if (c.pointId !== null && !env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  if (env.state.media.activeSpeakerPointId === c.pointId) return refuse('NO_CHANGE');
  return accept(event(env, 'activeSpeakerChanged', { pointId: c.pointId }));
}
