import type { Command, InvitationRow } from '../protocol/index.js';
import { MAX_POINTS_AT_ONCE } from '../protocol/commands-organiser.js';
import { entryOf } from './buckets.js';
import { DEFAULT_MAX_OPEN_FLOORS, DEFAULT_MICROPHONE_DISCIPLINE, DEFAULT_SPEAKING_LIMITS, DEFAULT_TIME_ZONE, type MeetingState } from './state.js';

// A new conference as a copy of an earlier one (R-ORG-9): offices run the same monthly and
// quarterly conferences with the same points. The copy is the list of setup commands that build
// it, so the server submits them through decide like any edit and the new log says how it was
// made. Attendance, requests, speeches, notes and the line test belong to the old day: not copied.

export interface CopyTarget {
  id: string;
  title: string;
  date: string;
  startTime?: string | undefined;
}

export interface CopyOptions {
  /** carry the invitation list (people invited, without marks); walk-ins never */
  invitationList: boolean;
}

const INVITATION_CHUNK = 5000;

export function copyConferenceCommands(source: MeetingState, target: CopyTarget, options: CopyOptions): Command[] {
  const conf = source.conference;
  if (!conf) return [];
  const out: Command[] = [
    {
      type: 'createConference',
      id: target.id,
      title: target.title,
      date: target.date,
      ...(target.startTime !== undefined ? { startTime: target.startTime } : {}),
      organiser: conf.organiser,
      venue: conf.venue,
    },
  ];
  const details: Extract<Command, { type: 'updateConference' }> = { type: 'updateConference' };
  if (conf.kind !== 'regular') details.kind = conf.kind;
  if (conf.technicalContact !== '') details.technicalContact = conf.technicalContact;
  if (conf.clerkName !== null) details.clerkName = conf.clerkName;
  if (conf.timeZone !== DEFAULT_TIME_ZONE) details.timeZone = conf.timeZone;
  if (conf.microphoneDiscipline !== DEFAULT_MICROPHONE_DISCIPLINE) details.microphoneDiscipline = conf.microphoneDiscipline;
  if (Object.keys(details).length > 1) out.push(details);
  if (conf.quorum !== null) out.push({ type: 'setQuorum', quorum: conf.quorum });
  if (JSON.stringify(conf.limits) !== JSON.stringify(DEFAULT_SPEAKING_LIMITS)) out.push({ type: 'setSpeakingLimits', limits: conf.limits });
  if (conf.maxOpenFloors !== DEFAULT_MAX_OPEN_FLOORS) out.push({ type: 'setMaxOpenFloors', max: conf.maxOpenFloors });

  const points = source.pointOrder.flatMap((id) => {
    const p = source.points[id];
    return p ? [{ id: p.id, name: p.name, kind: p.kind, ...(p.contact !== '' ? { contact: p.contact } : {}), ...(p.region !== null ? { region: p.region } : {}) }] : [];
  });
  for (let i = 0; i < points.length; i += MAX_POINTS_AT_ONCE) out.push({ type: 'addPoints', points: points.slice(i, i + MAX_POINTS_AT_ONCE) });

  for (const id of source.organisationOrder) {
    const o = source.organisations[id];
    if (o) out.push({ type: 'addOrganisation', id: o.id, name: o.name, ...(o.pointId !== null ? { pointId: o.pointId } : {}) });
  }
  for (const id of source.panelOrder) {
    const m = source.panel[id];
    if (m) out.push({ type: 'addPanelMember', id: m.id, name: m.name, position: m.position, organisation: m.organisation });
  }
  for (const id of source.agenda.order) {
    const st = source.agenda.steps[id];
    if (!st) continue;
    out.push({
      type: 'addAgendaStep',
      id: st.id,
      title: st.title,
      kind: st.kind,
      plannedMinutes: st.plannedMinutes,
      ...(st.presenter !== null ? { presenter: st.presenter } : {}),
      ...(st.presidingMemberId !== null ? { presidingMemberId: st.presidingMemberId } : {}),
      ...(st.plannedStart !== null ? { plannedStart: st.plannedStart } : {}),
      ...(st.documents.length > 0 ? { documents: st.documents } : {}),
    });
  }

  if (options.invitationList) {
    const rows: InvitationRow[] = [];
    for (const id of source.attendeeOrder) {
      const a = entryOf(source.attendees, id);
      const org = a ? source.organisations[a.organisationId] : undefined;
      if (!a || a.walkIn || a.line === null || !org) continue;
      rows.push({ line: a.line, name: a.name, position: a.position, organisation: org.name, point: a.pointId });
    }
    for (let i = 0; i < rows.length; i += INVITATION_CHUNK) {
      out.push({ type: 'importInvitationList', mode: i === 0 ? 'replace' : 'append', rows: rows.slice(i, i + INVITATION_CHUNK) });
    }
  }
  return out;
}
