import type { ConferenceStatus, Id, PointKind } from '../protocol/index.js';
import { entriesOf, entryOf } from './buckets.js';
import { pointPresence } from './selectors-media.js';
import type { MeetingState, PointCall, PreflightRecord } from './state.js';

// What the organiser's console reads: the phase of a conference for the list, and the line-test
// board (kiểm tra đường truyền) — one row per point, the points not yet connected standing out.

export type ConferencePhase = 'upcoming' | 'inProgress' | 'ended';

/** R-ORG-6: draft and scheduled are upcoming; roll-call and session in progress; adjourned and closed ended. */
export function phaseOfStatus(status: ConferenceStatus): ConferencePhase {
  switch (status) {
    case 'draft':
    case 'scheduled':
      return 'upcoming';
    case 'rollCall':
    case 'inSession':
      return 'inProgress';
    case 'adjourned':
    case 'closed':
      return 'ended';
  }
}

export function conferencePhase(state: MeetingState): ConferencePhase | null {
  return state.conference ? phaseOfStatus(state.conference.status) : null;
}

/** A pre-flight passes when camera and microphone work and the server answers, not poorly. */
export function preflightPassed(p: PreflightRecord): boolean {
  return p.camera === 'ok' && p.microphone === 'ok' && p.network !== null && p.network.verdict !== 'poor';
}

export interface LineTestRow {
  pointId: Id;
  name: string;
  kind: PointKind;
  /** some link of this point has been opened */
  linkOpened: boolean;
  linkOpenedAt: number | null;
  preflight: PreflightRecord | null;
  /** null until the point ran its pre-flight */
  preflightPassed: boolean | null;
  online: boolean;
  signalLost: boolean;
  ready: boolean;
  headcount: number | null;
  /** the organiser's call while the point has not acknowledged it */
  pendingCall: PointCall | null;
  /** not online, signal lost, or a failed pre-flight: the board makes it stand out */
  attention: boolean;
}

/** The pending call on a point's console, or null (R-ORG-3). */
export function pendingCall(state: MeetingState, pointId: Id): PointCall | null {
  const call = state.lineTest.calls[pointId];
  return call && call.acknowledgedAt === null ? call : null;
}

/** R-ORG-7: the line-test board, one row per point in the points' order. */
export function lineTestBoard(state: MeetingState, now = state.lastEventAt ?? 0): LineTestRow[] {
  const firstOpen = new Map<Id, number>();
  for (const open of entriesOf(state.lineTest.linkOpens)) {
    if (open.pointId === null) continue;
    const known = firstOpen.get(open.pointId);
    if (known === undefined || open.at < known) firstOpen.set(open.pointId, open.at);
  }
  const rows: LineTestRow[] = [];
  for (const id of state.pointOrder) {
    const point = state.points[id];
    if (!point) continue;
    const presence = pointPresence(state, id, now);
    const preflight = entryOf(state.lineTest.preflight, id) ?? null;
    const passed = preflight ? preflightPassed(preflight) : null;
    const readiness = entryOf(state.readiness, id);
    rows.push({
      pointId: id,
      name: point.name,
      kind: point.kind,
      linkOpened: firstOpen.has(id),
      linkOpenedAt: firstOpen.get(id) ?? null,
      preflight,
      preflightPassed: passed,
      online: presence.online,
      signalLost: presence.signalLost,
      ready: readiness !== undefined,
      headcount: readiness?.headcount ?? null,
      pendingCall: pendingCall(state, id),
      attention: !presence.online || presence.signalLost || passed === false,
    });
  }
  return rows;
}

/**
 * R-SETUP-10: the region a principal is placed by in a cluster: the region of the point it acts
 * for, from the point's record; null for a point without one and for principals of no point.
 */
export function placementRegion(state: MeetingState, principal: { readonly pointId?: Id | undefined }): string | null {
  return principal.pointId !== undefined ? (state.points[principal.pointId]?.region ?? null) : null;
}
