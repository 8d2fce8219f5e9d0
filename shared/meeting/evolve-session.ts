import type { EventOf } from '../protocol/index.js';
import { insertAt, patch, put, removeItem, without } from './records.js';
import type { MeetingState, PointPresence, Speech } from './state.js';

// Reducers for the running conference: roll-call, presence, queue, speeches, agenda, audio.

type SessionEvent = EventOf<
  | 'readinessReported'
  | 'attendanceMarked'
  | 'walkInAdded'
  | 'walkInRemoved'
  | 'pointWentOnline'
  | 'pointWentOffline'
  | 'pointSignalLost'
  | 'pointSignalRestored'
  | 'activeSpeakerChanged'
  | 'floorRequested'
  | 'requestWithdrawn'
  | 'requestDeclined'
  | 'requestDeferred'
  | 'requestMoved'
  | 'queueLowered'
  | 'queueOpened'
  | 'queueClosed'
  | 'floorGranted'
  | 'directiveSpeechStarted'
  | 'speechPaused'
  | 'speechResumed'
  | 'speechEnded'
  | 'speechExtended'
  | 'agendaStepStarted'
  | 'agendaStepEnded'
  | 'agendaStepSkipped'
  | 'layoutChanged'
  | 'pointSpotlighted'
  | 'microphoneHeld'
  | 'microphoneReleased'
  | 'selfMuteChanged'
  | 'microphoneOpened'
  | 'microphoneClosed'
>;

const offline = (at: number): PointPresence => ({ online: false, since: at, spans: [], signalLost: false, signalLostSince: null });

export function evolveSession(s: MeetingState, e: SessionEvent): MeetingState {
  switch (e.type) {
    // --- roll-call ---
    case 'readinessReported':
      return { ...s, readiness: put(s.readiness, e.pointId, { headcount: e.headcount, at: e.at, by: e.by }) };
    case 'attendanceMarked':
      return {
        ...s,
        attendees: patch(s.attendees, e.attendeeId, (a) => ({ ...a, marks: [...a.marks, { ...e.mark, at: e.at, by: e.by }] })),
      };
    case 'walkInAdded':
      return {
        ...s,
        attendees: put(s.attendees, e.attendee.id, {
          ...e.attendee,
          walkIn: true,
          marks: [{ status: 'present', at: e.at, by: e.by }],
        }),
        attendeeOrder: [...s.attendeeOrder, e.attendee.id],
      };
    case 'walkInRemoved':
      return { ...s, attendees: without(s.attendees, e.attendeeId), attendeeOrder: removeItem(s.attendeeOrder, e.attendeeId) };

    // --- presence: kept apart from attendance, so a point that drops never loses its roll-call ---
    case 'pointWentOnline': {
      const p = s.presence[e.pointId] ?? offline(e.at);
      return {
        ...s,
        presence: put(s.presence, e.pointId, { ...p, online: true, since: e.at, spans: [...p.spans, { from: e.at, to: null }] }),
      };
    }
    case 'pointWentOffline': {
      const p = s.presence[e.pointId] ?? offline(e.at);
      const spans = p.spans.map((sp) => (sp.to === null ? { ...sp, to: e.at } : sp));
      return { ...s, presence: put(s.presence, e.pointId, { ...p, online: false, since: e.at, spans }) };
    }
    case 'pointSignalLost': {
      const p = s.presence[e.pointId] ?? offline(e.at);
      return { ...s, presence: put(s.presence, e.pointId, { ...p, signalLost: true, signalLostSince: e.at }) };
    }
    case 'pointSignalRestored': {
      const p = s.presence[e.pointId] ?? offline(e.at);
      return { ...s, presence: put(s.presence, e.pointId, { ...p, signalLost: false, signalLostSince: null }) };
    }
    case 'activeSpeakerChanged':
      return { ...s, media: { ...s.media, activeSpeakerPointId: e.pointId } };

    // --- speaker queue ---
    case 'floorRequested':
      return {
        ...s,
        queue: {
          ...s.queue,
          requests: put(s.queue.requests, e.requestId, {
            id: e.requestId,
            pointId: e.pointId,
            delegateName: e.delegateName,
            delegatePosition: e.delegatePosition,
            topic: e.topic,
            kind: e.kind,
            status: 'waiting',
            requestedAt: e.at,
            requestedBy: e.by,
            deferrals: 0,
            decidedAt: null,
            declineReason: null,
            speechId: null,
          }),
          waiting: insertAt(s.queue.waiting, e.index, e.requestId),
        },
      };
    case 'requestWithdrawn':
    case 'requestDeclined':
      return {
        ...s,
        queue: {
          ...s.queue,
          requests: patch(s.queue.requests, e.requestId, (r) => ({
            ...r,
            status: e.type === 'requestWithdrawn' ? 'withdrawn' : 'declined',
            decidedAt: e.at,
            declineReason: e.type === 'requestDeclined' ? e.reason : null,
          })),
          waiting: removeItem(s.queue.waiting, e.requestId),
        },
      };
    case 'requestDeferred':
    case 'requestMoved': {
      const requests =
        e.type === 'requestDeferred'
          ? patch(s.queue.requests, e.requestId, (r) => ({ ...r, deferrals: r.deferrals + 1 }))
          : s.queue.requests;
      if (!s.queue.waiting.includes(e.requestId)) return { ...s, queue: { ...s.queue, requests } };
      return {
        ...s,
        queue: { ...s.queue, requests, waiting: insertAt(removeItem(s.queue.waiting, e.requestId), e.toIndex, e.requestId) },
      };
    }
    case 'queueLowered': {
      let requests = s.queue.requests;
      for (const id of e.requestIds) requests = patch(requests, id, (r) => ({ ...r, status: 'lowered', decidedAt: e.at }));
      const lowered = new Set(e.requestIds);
      return { ...s, queue: { ...s.queue, requests, waiting: s.queue.waiting.filter((id) => !lowered.has(id)) } };
    }
    case 'queueOpened':
      return { ...s, queue: { ...s.queue, open: true } };
    case 'queueClosed':
      return { ...s, queue: { ...s.queue, open: false } };

    // --- speeches: only timestamps are stored; selectors derive speaking/paused/ended ---
    case 'floorGranted':
    case 'directiveSpeechStarted': {
      const speech: Speech = {
        id: e.speechId,
        kind: e.kind,
        pointId: e.pointId,
        requestId: e.type === 'floorGranted' ? e.requestId : null,
        memberId: e.type === 'directiveSpeechStarted' ? e.memberId : null,
        speakerName: e.speakerName,
        speakerPosition: e.speakerPosition,
        topic: e.topic,
        limitSeconds: e.limitSeconds,
        extendedSeconds: 0,
        begin: e.at,
        pauses: [],
        end: null,
      };
      let queue = s.queue;
      if (e.type === 'floorGranted') {
        queue = {
          ...queue,
          requests: patch(queue.requests, e.requestId, (r) => ({ ...r, status: 'granted', decidedAt: e.at, speechId: e.speechId })),
          waiting: removeItem(queue.waiting, e.requestId),
        };
      }
      return { ...s, queue, speeches: put(s.speeches, e.speechId, speech), speechOrder: [...s.speechOrder, e.speechId] };
    }
    case 'speechPaused':
      return { ...s, speeches: patch(s.speeches, e.speechId, (sp) => ({ ...sp, pauses: [...sp.pauses, { from: e.at, to: null }] })) };
    case 'speechResumed':
    case 'speechEnded':
      return {
        ...s,
        speeches: patch(s.speeches, e.speechId, (sp) => ({
          ...sp,
          pauses: sp.pauses.map((p) => (p.to === null ? { ...p, to: e.at } : p)),
          end: e.type === 'speechEnded' ? e.at : sp.end,
        })),
      };
    case 'speechExtended':
      return { ...s, speeches: patch(s.speeches, e.speechId, (sp) => ({ ...sp, extendedSeconds: sp.extendedSeconds + e.seconds })) };

    // --- agenda ---
    case 'agendaStepStarted':
      return {
        ...s,
        agenda: {
          ...s.agenda,
          currentStepId: e.stepId,
          steps: patch(s.agenda.steps, e.stepId, (st) => ({ ...st, skipped: false, runs: [...st.runs, { from: e.at, to: null }] })),
        },
      };
    case 'agendaStepEnded':
      return {
        ...s,
        agenda: {
          ...s.agenda,
          currentStepId: s.agenda.currentStepId === e.stepId ? null : s.agenda.currentStepId,
          steps: patch(s.agenda.steps, e.stepId, (st) => ({ ...st, runs: st.runs.map((r) => (r.to === null ? { ...r, to: e.at } : r)) })),
        },
      };
    case 'agendaStepSkipped':
      return { ...s, agenda: { ...s.agenda, steps: patch(s.agenda.steps, e.stepId, (st) => ({ ...st, skipped: true })) } };

    // --- media-facing state ---
    case 'layoutChanged':
      return { ...s, media: { ...s.media, layout: e.mode } };
    case 'pointSpotlighted':
      return { ...s, media: { ...s.media, spotlightPointId: e.pointId } };
    case 'microphoneHeld':
      return { ...s, media: { ...s.media, audio: put(s.media.audio, e.pointId, { selfMuted: true, heldBy: e.by }) } };
    case 'microphoneReleased':
      return { ...s, media: { ...s.media, audio: patch(s.media.audio, e.pointId, (a) => ({ ...a, heldBy: null })) } };
    case 'selfMuteChanged':
      return { ...s, media: { ...s.media, audio: patch(s.media.audio, e.pointId, (a) => ({ ...a, selfMuted: e.muted })) } };
    case 'microphoneOpened':
      return { ...s, media: { ...s.media, audio: put(s.media.audio, e.pointId, { selfMuted: false, heldBy: null }) } };
    case 'microphoneClosed':
      return { ...s, media: { ...s.media, audio: patch(s.media.audio, e.pointId, (a) => ({ ...a, selfMuted: true })) } };
  }
}
