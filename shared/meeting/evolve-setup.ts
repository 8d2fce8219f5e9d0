import type { EventOf } from '../protocol/index.js';
import { defined, patch, put, removeItem, without } from './records.js';
import { DEFAULT_MAX_OPEN_FLOORS, DEFAULT_SPEAKING_LIMITS, type Attendee, type MeetingState } from './state.js';

// Reducers for conference setup events. Each takes the state and one event and returns a new
// state; decide has already checked every rule, so these only record.

type SetupEvent = EventOf<
  | 'conferenceCreated'
  | 'conferenceUpdated'
  | 'conferenceStatusChanged'
  | 'pointAdded'
  | 'pointUpdated'
  | 'pointRemoved'
  | 'panelMemberAdded'
  | 'panelMemberUpdated'
  | 'panelMemberRemoved'
  | 'panelReordered'
  | 'organisationAdded'
  | 'organisationUpdated'
  | 'organisationRemoved'
  | 'agendaStepAdded'
  | 'agendaStepUpdated'
  | 'agendaReordered'
  | 'agendaStepRemoved'
  | 'invitationListImported'
  | 'quorumSet'
  | 'speakingLimitsSet'
  | 'maxOpenFloorsSet'
>;

export function evolveSetup(s: MeetingState, e: SetupEvent): MeetingState {
  const c = s.conference;
  switch (e.type) {
    case 'conferenceCreated':
      return {
        ...s,
        conference: {
          id: e.conferenceId,
          title: e.title,
          date: e.date,
          startTime: e.startTime,
          organiser: e.organiser,
          venue: e.venue,
          status: 'draft',
          createdAt: e.at,
          statusChangedAt: e.at,
          quorum: null,
          limits: DEFAULT_SPEAKING_LIMITS,
          maxOpenFloors: DEFAULT_MAX_OPEN_FLOORS,
        },
      };
    case 'conferenceUpdated': {
      if (!c) return s;
      const { type: _t, at: _a, by: _b, ...fields } = e;
      return { ...s, conference: { ...c, ...defined(fields) } };
    }
    case 'conferenceStatusChanged':
      return c ? { ...s, conference: { ...c, status: e.to, statusChangedAt: e.at } } : s;
    case 'quorumSet':
      return c ? { ...s, conference: { ...c, quorum: e.quorum } } : s;
    case 'speakingLimitsSet':
      return c ? { ...s, conference: { ...c, limits: e.limits } } : s;
    case 'maxOpenFloorsSet':
      return c ? { ...s, conference: { ...c, maxOpenFloors: e.max } } : s;

    case 'pointAdded':
      return {
        ...s,
        points: put(s.points, e.pointId, { id: e.pointId, name: e.name, kind: e.kind, contact: e.contact }),
        pointOrder: [...s.pointOrder, e.pointId],
        // A connection point joins with its microphone closed; the central point hosts and speaks.
        media: {
          ...s.media,
          audio: put(s.media.audio, e.pointId, { selfMuted: e.kind !== 'central', heldBy: null }),
        },
      };
    case 'pointUpdated': {
      const { type: _t, at: _a, by: _b, pointId, ...fields } = e;
      return { ...s, points: patch(s.points, pointId, (p) => ({ ...p, ...defined(fields) })) };
    }
    case 'pointRemoved':
      return {
        ...s,
        points: without(s.points, e.pointId),
        pointOrder: removeItem(s.pointOrder, e.pointId),
        readiness: without(s.readiness, e.pointId),
        presence: without(s.presence, e.pointId),
        media: {
          ...s.media,
          audio: without(s.media.audio, e.pointId),
          spotlightPointId: s.media.spotlightPointId === e.pointId ? null : s.media.spotlightPointId,
          activeSpeakerPointId: s.media.activeSpeakerPointId === e.pointId ? null : s.media.activeSpeakerPointId,
        },
      };

    case 'panelMemberAdded':
      return {
        ...s,
        panel: put(s.panel, e.memberId, { id: e.memberId, name: e.name, position: e.position, organisation: e.organisation }),
        panelOrder: [...s.panelOrder, e.memberId],
      };
    case 'panelMemberUpdated': {
      const { type: _t, at: _a, by: _b, memberId, ...fields } = e;
      return { ...s, panel: patch(s.panel, memberId, (m) => ({ ...m, ...defined(fields) })) };
    }
    case 'panelMemberRemoved':
      return { ...s, panel: without(s.panel, e.memberId), panelOrder: removeItem(s.panelOrder, e.memberId) };
    case 'panelReordered':
      return { ...s, panelOrder: [...e.memberIds] };

    case 'organisationAdded':
      return {
        ...s,
        organisations: put(s.organisations, e.organisationId, { id: e.organisationId, name: e.name }),
        organisationOrder: [...s.organisationOrder, e.organisationId],
      };
    case 'organisationUpdated':
      return { ...s, organisations: patch(s.organisations, e.organisationId, (o) => ({ ...o, name: e.name })) };
    case 'organisationRemoved':
      return {
        ...s,
        organisations: without(s.organisations, e.organisationId),
        organisationOrder: removeItem(s.organisationOrder, e.organisationId),
      };

    case 'agendaStepAdded':
      return {
        ...s,
        agenda: {
          ...s.agenda,
          steps: put(s.agenda.steps, e.stepId, {
            id: e.stepId,
            title: e.title,
            kind: e.kind,
            presenter: e.presenter,
            presidingMemberId: e.presidingMemberId,
            plannedMinutes: e.plannedMinutes,
            documents: e.documents,
            skipped: false,
            runs: [],
          }),
          order: [...s.agenda.order, e.stepId],
        },
      };
    case 'agendaStepUpdated': {
      const { type: _t, at: _a, by: _b, stepId, ...fields } = e;
      return { ...s, agenda: { ...s.agenda, steps: patch(s.agenda.steps, stepId, (st) => ({ ...st, ...defined(fields) })) } };
    }
    case 'agendaReordered':
      return { ...s, agenda: { ...s.agenda, order: [...e.stepIds] } };
    case 'agendaStepRemoved':
      return {
        ...s,
        agenda: { ...s.agenda, steps: without(s.agenda.steps, e.stepId), order: removeItem(s.agenda.order, e.stepId) },
      };

    case 'invitationListImported': {
      const base = e.mode === 'replace' ? {} : s.attendees;
      const order = e.mode === 'replace' ? [] : s.attendeeOrder;
      const attendees: Record<string, Attendee> = { ...base };
      for (const a of e.attendees) attendees[a.id] = { ...a, walkIn: false, marks: [] };
      return { ...s, attendees, attendeeOrder: [...order, ...e.attendees.map((a) => a.id)] };
    }
  }
}
