import { mayExportReports } from '../../shared/meeting/permissions.js';
import { audienceOf, readScopeOf, type ReadScope } from '../../shared/meeting/read-policy.js';
import { attendeePointsOf, projectEvent, projectState } from '../../shared/meeting/read-projection.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import type { Principal } from '../../shared/protocol/index.js';
import type { StoredMeetingEvent } from '../../shared/protocol/socket.js';

// The one place the server applies the core's read policy (SPEC.md R-READ, issue 14 finding 7).
// Every read path goes through here: live events (gateway fan-out), catch-up (join, catchUp
// requests, resync), GET …/state, GET …/events, the log download and the reports' gate. The
// projection is always made against the room's head state, inside its serial queue.

/** Events as one reader may see them: those shown (possibly trimmed) and the seqs withheld. */
export interface ProjectedEvents {
  readonly events: StoredMeetingEvent[];
  readonly withheld: number[];
}

/** What a reader may read of the conference now, and the audience (shared projection) it is in. */
export interface Reader {
  readonly scope: ReadScope;
  readonly audience: string;
}

export function readerOf(state: MeetingState, principal: Pick<Principal, 'role' | 'pointId'>): Reader {
  const scope = readScopeOf(state, principal);
  return { scope, audience: audienceOf(scope) };
}

/** Stored events as `scope` may read them, projected against the head `state`. */
export function projectStored(state: MeetingState, scope: ReadScope, stored: readonly { seq: number; event: StoredMeetingEvent['event'] }[]): ProjectedEvents {
  if (scope.full) return { events: stored.map(({ seq, event }) => ({ seq, event })), withheld: [] };
  const lookup = attendeePointsOf(state);
  const events: StoredMeetingEvent[] = [];
  const withheld: number[] = [];
  for (const { seq, event } of stored) {
    const shown = projectEvent(event, scope, lookup);
    if (shown) events.push({ seq, event: shown });
    else withheld.push(seq);
  }
  return { events, withheld };
}

/** The head state as `principal` may read it. */
export function stateFor(state: MeetingState, principal: Pick<Principal, 'role' | 'pointId'>): MeetingState {
  return projectState(state, readScopeOf(state, principal));
}

/** The reports are the whole record (R-READ-6): only for those who may read all of it. */
export function readsWholeRecord(state: MeetingState, principal: Pick<Principal, 'role'>): boolean {
  return mayExportReports(state, principal.role);
}
