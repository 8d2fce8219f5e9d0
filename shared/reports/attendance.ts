import type { AttendanceStatus, Id } from '../protocol/index.js';
import { replay } from '../meeting/evolve.js';
import type { Attendee, MeetingState } from '../meeting/state.js';
import { asOf, conferenceFacts, type AsOf, type ConferenceFacts } from './facts.js';
import { POINT_KIND_LABELS, STATUS_LABELS, actorLabel } from './labels.js';
import type { ReportLog } from './log.js';
import { emptyPresence, presenceHistories, type PresenceMoment } from './presence.js';
import { quorumLine, type QuorumLine } from './quorum.js';
import { addToTally, statusOf, tallyOf, zeroTally, type ReportTally } from './tally.js';
import { formatDateTime, formatDuration } from './time.js';
import { entryOf } from '../meeting/buckets.js';

// The attendance report (báo cáo điểm danh): the roll-call per point and organisation, every
// mark with who made it and when, walk-ins, totals, the quorum and the points' connection history.
// Pure: the same log prefix always gives the same report.

export interface AttendeeRow {
  /** Running number through the whole report (STT). */
  no: number;
  id: Id;
  name: string;
  position: string;
  organisation: string;
  point: string;
  status: AttendanceStatus;
  statusLabel: string;
  /** The reason for an excused absence, or the substitute "name, position"; else empty. */
  detail: string;
  reason: string;
  substituteName: string;
  substitutePosition: string;
  walkIn: boolean;
  markedBy: string;
  markedAt: string;
  markedAtMs: number | null;
}

export interface OrganisationGroup {
  organisationId: Id;
  name: string;
  rows: AttendeeRow[];
  tally: ReportTally;
}

export interface PointSection {
  pointId: Id;
  name: string;
  kindLabel: string;
  organisations: OrganisationGroup[];
  tally: ReportTally;
  /** "Điểm cầu đã sẵn sàng" with the headcount reported; null when the point never reported. */
  readiness: { headcount: number; at: string; by: string } | null;
}

export interface TallyLine {
  id: Id;
  name: string;
  tally: ReportTally;
}

export interface PresenceLine {
  pointId: Id;
  name: string;
  moments: PresenceMoment[];
  connectedMs: number;
  connected: string;
  signalLostMs: number;
  signalLost: string;
  onlineAtEnd: boolean;
}

export interface AttendanceReport {
  conference: ConferenceFacts;
  asOf: AsOf;
  points: PointSection[];
  byPoint: TallyLine[];
  byOrganisation: TallyLine[];
  overall: ReportTally;
  quorum: QuorumLine;
  walkIns: AttendeeRow[];
  presence: PresenceLine[];
}

const UNKNOWN = '—';

function attendeeRow(state: MeetingState, a: Attendee, no: number): AttendeeRow {
  const mark = a.marks[a.marks.length - 1];
  const status = statusOf(a);
  const reason = mark?.status === 'excused' ? mark.reason : '';
  const substituteName = mark?.status === 'substitute' ? mark.substituteName : '';
  const substitutePosition = mark?.status === 'substitute' ? mark.substitutePosition : '';
  const pointName = (id: string): string | undefined => state.points[id]?.name;
  return {
    no,
    id: a.id,
    name: a.name,
    position: a.position,
    organisation: state.organisations[a.organisationId]?.name ?? UNKNOWN,
    point: pointName(a.pointId) ?? UNKNOWN,
    status,
    statusLabel: STATUS_LABELS[status],
    detail: reason || (substituteName ? [substituteName, substitutePosition].filter(Boolean).join(', ') : ''),
    reason,
    substituteName,
    substitutePosition,
    walkIn: a.walkIn,
    markedBy: mark ? actorLabel(mark.by, pointName) : '',
    markedAt: mark ? formatDateTime(mark.at) : '',
    markedAtMs: mark?.at ?? null,
  };
}

/** Attendees grouped by point, then organisation, each group in invitation-list order. */
function sections(state: MeetingState): PointSection[] {
  const byPoint = new Map<Id, Map<Id, Attendee[]>>();
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (!a) continue;
    let orgs = byPoint.get(a.pointId);
    if (!orgs) byPoint.set(a.pointId, (orgs = new Map()));
    const list = orgs.get(a.organisationId);
    if (list) list.push(a);
    else orgs.set(a.organisationId, [a]);
  }
  // Known points first in the conference's order, then any point an attendee names that is gone.
  const pointIds = [...state.pointOrder, ...[...byPoint.keys()].filter((id) => !state.points[id])];
  const orgRank = new Map(state.organisationOrder.map((id, i) => [id, i]));
  const pointName = (id: string): string | undefined => state.points[id]?.name;
  let no = 0;
  const out: PointSection[] = [];
  for (const pointId of pointIds) {
    const orgs = byPoint.get(pointId) ?? new Map<Id, Attendee[]>();
    const orgIds = [...orgs.keys()].sort((x, y) => (orgRank.get(x) ?? Infinity) - (orgRank.get(y) ?? Infinity) || (x < y ? -1 : 1));
    const tally = zeroTally();
    const organisations: OrganisationGroup[] = orgIds.map((orgId) => {
      const list = orgs.get(orgId) ?? [];
      for (const a of list) addToTally(tally, a);
      return {
        organisationId: orgId,
        name: state.organisations[orgId]?.name ?? UNKNOWN,
        rows: list.map((a) => attendeeRow(state, a, ++no)),
        tally: tallyOf(list),
      };
    });
    const p = state.points[pointId];
    const ready = entryOf(state.readiness, pointId);
    out.push({
      pointId,
      name: p?.name ?? UNKNOWN,
      kindLabel: p ? POINT_KIND_LABELS[p.kind] : '',
      organisations,
      tally,
      readiness: ready ? { headcount: ready.headcount, at: formatDateTime(ready.at), by: actorLabel(ready.by, pointName) } : null,
    });
  }
  return out;
}

function organisationTallies(state: MeetingState): TallyLine[] {
  const groups = new Map<Id, Attendee[]>(state.organisationOrder.map((id) => [id, []]));
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (!a) continue;
    const list = groups.get(a.organisationId);
    if (list) list.push(a);
    else groups.set(a.organisationId, [a]);
  }
  return [...groups].map(([id, list]) => ({ id, name: state.organisations[id]?.name ?? UNKNOWN, tally: tallyOf(list) }));
}

export function attendanceReport(log: ReportLog): AttendanceReport {
  const state = replay(log.events);
  return attendanceReportFromState(state, log);
}

/** For a caller that already holds the state folded from the same log (the server's room). */
export function attendanceReportFromState(state: MeetingState, log: ReportLog): AttendanceReport {
  const points = sections(state);
  const overall = zeroTally();
  for (const id of state.attendeeOrder) {
    const a = entryOf(state.attendees, id);
    if (a) addToTally(overall, a);
  }
  const histories = presenceHistories(log.events, log.at);
  return {
    conference: conferenceFacts(state),
    asOf: asOf(log),
    points,
    byPoint: points.map((p) => ({ id: p.pointId, name: p.name, tally: p.tally })),
    byOrganisation: organisationTallies(state),
    overall,
    quorum: quorumLine(state.conference?.quorum ?? null, overall),
    walkIns: points.flatMap((p) => p.organisations.flatMap((o) => o.rows.filter((r) => r.walkIn))),
    presence: state.pointOrder.map((pointId) => {
      const h = histories.get(pointId) ?? emptyPresence();
      return {
        pointId,
        name: state.points[pointId]?.name ?? UNKNOWN,
        moments: h.moments,
        connectedMs: h.connectedMs,
        connected: formatDuration(h.connectedMs),
        signalLostMs: h.signalLostMs,
        signalLost: formatDuration(h.signalLostMs),
        onlineAtEnd: h.onlineAtEnd,
      };
    }),
  };
}
