import type { EventType, Id, Principal, Role } from '../protocol/index.js';
import type { MeetingState } from './state.js';

// Who may READ what (R-READ-*), beside who may do what (permissions.ts). One table, read by the
// one projection (read-projection.ts) that every read path of the server goes through: live
// events, catch-up, the state and the log over HTTP, and the reports. A restriction kept on one
// path only (the reports) is walked around through the others (issue 14, finding 7).

/**
 * The parts of a conference a reader may be shown:
 * - `meeting`: the public meeting every point's screen shows: conference facts and status, points
 *   (names, kinds), presiding panel, organisations, agenda, readiness headcounts, presence, the
 *   speaker queue, speeches, layout and microphones, recording runs;
 * - `pointContacts`: the phone / e-mail / person in charge of each point;
 * - `attendance`: the invitation list and walk-ins (names, positions) with their roll-call marks
 *   (a substitute's name included);
 * - `notes`: the clerk's notes for the minutes, unpublished until the reports are;
 * - `lineTest`: the organiser's line test: pre-flights, calls to a point, link openings.
 */
export const READ_PARTS = ['meeting', 'pointContacts', 'attendance', 'notes', 'lineTest'] as const;
export type ReadPart = (typeof READ_PARTS)[number];

/**
 * How much of a part: `all`; `ownPoint` (what concerns the reader's own point only);
 * `whenExportAllowed` (all while the admin lets observers export the reports, R-REPORT-1;
 * nothing otherwise); `none`.
 */
export type ReadAccess = 'all' | 'ownPoint' | 'whenExportAllowed' | 'none';

const EVERYTHING: Record<ReadPart, ReadAccess> = { meeting: 'all', pointContacts: 'all', attendance: 'all', notes: 'all', lineTest: 'all' };

/** R-READ-1..3. The server admin's principal is `admin`; `system` is the server's own edges. */
export const READ_POLICY: Record<Role, Readonly<Record<ReadPart, ReadAccess>>> = {
  admin: EVERYTHING,
  chair: EVERYTHING,
  clerk: EVERYTHING,
  system: EVERYTHING,
  // A point's operator: the public meeting, and of the rest only what is its own point's.
  point: { meeting: 'all', pointContacts: 'ownPoint', attendance: 'ownPoint', notes: 'none', lineTest: 'ownPoint' },
  // The editorial board / press: the public meeting; the record only when the reports are theirs too.
  observer: { meeting: 'all', pointContacts: 'none', attendance: 'whenExportAllowed', notes: 'whenExportAllowed', lineTest: 'none' },
};

/** A reader's access resolved against the conference: only all / ownPoint / none remain. */
export type ResolvedAccess = Exclude<ReadAccess, 'whenExportAllowed'>;

export interface ReadScope {
  readonly parts: Readonly<Record<ReadPart, ResolvedAccess>>;
  /** the reader's own point (ownPoint parts); null when it has none */
  readonly pointId: Id | null;
  /** every part `all`: the projection is the identity */
  readonly full: boolean;
}

/** What `principal` may read of this conference now (the observer setting is part of the state). */
export function readScopeOf(state: MeetingState, principal: Pick<Principal, 'role' | 'pointId'>): ReadScope {
  const policy = READ_POLICY[principal.role];
  const pointId = principal.role === 'point' ? (principal.pointId ?? null) : null;
  const exportAllowed = state.conference?.observersMayExport === true;
  const parts = {} as Record<ReadPart, ResolvedAccess>;
  for (const part of READ_PARTS) {
    const access = policy[part];
    if (access === 'whenExportAllowed') parts[part] = exportAllowed ? 'all' : 'none';
    // A point principal is always bound to a point (PrincipalSchema); without one it owns nothing.
    else if (access === 'ownPoint') parts[part] = pointId === null ? 'none' : 'ownPoint';
    else parts[part] = access;
  }
  return { parts, pointId, full: READ_PARTS.every((part) => parts[part] === 'all') };
}

/**
 * Readers with the same key are shown exactly the same projection: the server projects a batch
 * once per audience, not once per socket (and an audience is a socket.io room, so the fan-out
 * also works through an adapter across nodes).
 */
export function audienceOf(scope: ReadScope): string {
  if (scope.full) return 'full';
  const parts = READ_PARTS.map((part) => scope.parts[part][0]).join('');
  return scope.pointId === null ? parts : `${parts}:${scope.pointId}`;
}

/** Events after which a reader may read more or less than before (R-READ-5): its replica is rebuilt. */
export const SCOPE_CHANGING_EVENTS: ReadonlySet<EventType> = new Set<EventType>(['observerExportSet']);
