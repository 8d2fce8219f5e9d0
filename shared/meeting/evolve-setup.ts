import type { EventOf } from '../protocol/index.js';
import { emptyBucketed } from './buckets.js';
import { defined, removeFrom, type Draft, eventNotHandled } from './records.js';
import {
  DEFAULT_MAX_OPEN_FLOORS,
  DEFAULT_MICROPHONE_DISCIPLINE,
  DEFAULT_SPEAKING_LIMITS,
  DEFAULT_TIME_ZONE,
  type Attendee,
  type MeetingState,
} from './state.js';

// Reducers for conference setup events. Each writes one event into a state its Draft owns (see
// records.ts); decide has already checked every rule, so these only record.

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
  | 'observerExportSet'
>;

export function evolveSetup(w: Draft, s: MeetingState, e: SetupEvent): void {
  switch (e.type) {
    case 'conferenceCreated':
      s.conference = {
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
        microphoneDiscipline: DEFAULT_MICROPHONE_DISCIPLINE,
        clerkName: null,
        timeZone: DEFAULT_TIME_ZONE,
        kind: 'regular',
        technicalContact: '',
        observersMayExport: false,
      };
      return;
    case 'conferenceUpdated': {
      const c = w.field(s, 'conference');
      if (!c) return;
      const { type: _t, at: _a, by: _b, ...fields } = e;
      Object.assign(c, defined(fields));
      return;
    }
    case 'conferenceStatusChanged': {
      const c = w.field(s, 'conference');
      if (c) {
        c.status = e.to;
        c.statusChangedAt = e.at;
      }
      return;
    }
    case 'quorumSet': {
      const c = w.field(s, 'conference');
      if (c) c.quorum = e.quorum;
      return;
    }
    case 'speakingLimitsSet': {
      const c = w.field(s, 'conference');
      if (c) c.limits = e.limits;
      return;
    }
    case 'maxOpenFloorsSet': {
      const c = w.field(s, 'conference');
      if (c) c.maxOpenFloors = e.max;
      return;
    }
    case 'observerExportSet': {
      const c = w.field(s, 'conference');
      if (c) c.observersMayExport = e.allowed;
      return;
    }

    case 'pointAdded':
      w.put(s, 'points', e.pointId, { id: e.pointId, name: e.name, kind: e.kind, contact: e.contact, region: e.region ?? null });
      w.append(s, 'pointOrder', e.pointId);
      // A connection point joins with its microphone closed; the central point hosts and speaks.
      w.put(w.field(s, 'media'), 'audio', e.pointId, { selfMuted: e.kind !== 'central', heldBy: null });
      return;
    case 'pointUpdated': {
      const { type: _t, at: _a, by: _b, pointId, ...fields } = e;
      const p = w.entry(s, 'points', pointId);
      if (p) Object.assign(p, defined(fields));
      return;
    }
    case 'pointRemoved': {
      const id = e.pointId;
      w.remove(s, 'points', id);
      if (s.pointOrder.includes(id)) removeFrom(w.field(s, 'pointOrder'), id);
      w.bucketRemove(s, 'readiness', id);
      w.bucketRemove(s, 'presence', id);
      const lineTest = w.field(s, 'lineTest');
      w.bucketRemove(lineTest, 'preflight', id);
      w.remove(lineTest, 'calls', id);
      const media = w.field(s, 'media');
      w.remove(media, 'audio', id);
      if (media.spotlightPointId === id) media.spotlightPointId = null;
      if (media.activeSpeakerPointId === id) media.activeSpeakerPointId = null;
      if (media.microphoneGivenTo === id) media.microphoneGivenTo = null;
      return;
    }

    case 'panelMemberAdded':
      w.put(s, 'panel', e.memberId, { id: e.memberId, name: e.name, position: e.position, organisation: e.organisation });
      w.append(s, 'panelOrder', e.memberId);
      return;
    case 'panelMemberUpdated': {
      const { type: _t, at: _a, by: _b, memberId, ...fields } = e;
      const m = w.entry(s, 'panel', memberId);
      if (m) Object.assign(m, defined(fields));
      return;
    }
    case 'panelMemberRemoved':
      w.remove(s, 'panel', e.memberId);
      if (s.panelOrder.includes(e.memberId)) removeFrom(w.field(s, 'panelOrder'), e.memberId);
      return;
    case 'panelReordered':
      s.panelOrder = [...e.memberIds];
      return;

    case 'organisationAdded':
      w.put(s, 'organisations', e.organisationId, { id: e.organisationId, name: e.name, pointId: e.pointId ?? null });
      w.append(s, 'organisationOrder', e.organisationId);
      return;
    case 'organisationUpdated': {
      const o = w.entry(s, 'organisations', e.organisationId);
      if (o && e.name !== undefined) o.name = e.name;
      if (o && e.pointId !== undefined) o.pointId = e.pointId;
      return;
    }
    case 'organisationRemoved':
      w.remove(s, 'organisations', e.organisationId);
      if (s.organisationOrder.includes(e.organisationId)) removeFrom(w.field(s, 'organisationOrder'), e.organisationId);
      return;

    case 'agendaStepAdded': {
      const agenda = w.field(s, 'agenda');
      w.put(agenda, 'steps', e.stepId, {
        id: e.stepId,
        title: e.title,
        kind: e.kind,
        presenter: e.presenter,
        presidingMemberId: e.presidingMemberId,
        plannedMinutes: e.plannedMinutes,
        plannedStart: e.plannedStart ?? null,
        documents: e.documents,
        skipped: false,
        runs: [],
      });
      w.append(agenda, 'order', e.stepId);
      return;
    }
    case 'agendaStepUpdated': {
      const { type: _t, at: _a, by: _b, stepId, ...fields } = e;
      if (!s.agenda.steps[stepId]) return;
      const st = w.entry(w.field(s, 'agenda'), 'steps', stepId);
      if (st) Object.assign(st, defined(fields));
      return;
    }
    case 'agendaReordered':
      w.field(s, 'agenda').order = [...e.stepIds];
      return;
    case 'agendaStepRemoved': {
      const agenda = w.field(s, 'agenda');
      w.remove(agenda, 'steps', e.stepId);
      if (agenda.order.includes(e.stepId)) removeFrom(w.field(agenda, 'order'), e.stepId);
      return;
    }

    case 'invitationListImported': {
      if (e.mode === 'replace') {
        s.attendees = emptyBucketed();
        s.attendeeOrder = [];
      }
      const order = w.field(s, 'attendeeOrder');
      for (const a of e.attendees) {
        const attendee: Attendee = { ...a, walkIn: false, marks: [] };
        w.bucketPut(s, 'attendees', a.id, attendee);
        order.push(a.id);
      }
      return;
    }
    default:
      eventNotHandled(e);
  }
}
