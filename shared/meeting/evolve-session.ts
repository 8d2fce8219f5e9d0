import type { EventOf } from '../protocol/index.js';
import { insertInto, removeFrom, type Draft, eventNotHandled } from './records.js';
import { hasEntry } from './buckets.js';
import type { FloorRequest, MeetingState, PointPresence, Speech } from './state.js';

// Reducers for the running conference: roll-call, presence, queue, speeches, agenda, audio.
// Each writes one event into a state its Draft owns (see records.ts): ask the draft for what you
// change (draft.field / draft.entry), never write an object you did not get from it.

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
  | 'microphoneGiven'
  | 'minutesNoteAdded'
  | 'minutesNoteRemoved'
>;

const offline = (at: number): PointPresence => ({ online: false, since: at, spans: [], signalLost: false, signalLostSince: null });

/** A point's presence, writable, created offline the first time the point is seen. */
function presenceOf(w: Draft, s: MeetingState, pointId: string, at: number): PointPresence {
  const p = w.bucketEntry(s, 'presence', pointId);
  if (p) return p;
  const created = offline(at);
  w.bucketPut(s, 'presence', pointId, created);
  return created;
}

interface Stretch {
  to: number | null;
}

/** Close every open stretch (`to` null) of holder[key] at `at`; the list is copied only if one is open. */
function closeOpen<K extends string>(w: Draft, holder: Record<K, Stretch[]>, key: K, at: number): void {
  if (!holder[key].some((x) => x.to === null)) return;
  const list = w.field(holder, key);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x && x.to === null) list[i] = { ...x, to: at };
  }
}

/** Take `id` out of the waiting list, copying the list only when it is there. */
function leaveQueue(w: Draft, s: MeetingState, id: string): void {
  if (s.queue.waiting.includes(id)) removeFrom(w.field(w.field(s, 'queue'), 'waiting'), id);
}

export function evolveSession(w: Draft, s: MeetingState, e: SessionEvent): void {
  switch (e.type) {
    // --- roll-call ---
    case 'readinessReported':
      w.bucketPut(s, 'readiness', e.pointId, { headcount: e.headcount, at: e.at, by: e.by });
      return;
    case 'attendanceMarked': {
      const a = w.bucketEntry(s, 'attendees', e.attendeeId);
      if (a) w.field(a, 'marks').push({ ...e.mark, at: e.at, by: e.by });
      return;
    }
    case 'walkInAdded':
      w.bucketPut(s, 'attendees', e.attendee.id, { ...e.attendee, walkIn: true, marks: [{ status: 'present', at: e.at, by: e.by }] });
      w.append(s, 'attendeeOrder', e.attendee.id);
      return;
    case 'walkInRemoved':
      w.bucketRemove(s, 'attendees', e.attendeeId);
      if (s.attendeeOrder.includes(e.attendeeId)) removeFrom(w.field(s, 'attendeeOrder'), e.attendeeId);
      return;

    // --- presence: kept apart from attendance, so a point that drops never loses its roll-call ---
    case 'pointWentOnline': {
      const p = presenceOf(w, s, e.pointId, e.at);
      p.online = true;
      p.since = e.at;
      w.field(p, 'spans').push({ from: e.at, to: null });
      return;
    }
    case 'pointWentOffline': {
      const p = presenceOf(w, s, e.pointId, e.at);
      closeOpen(w, p, 'spans', e.at);
      p.online = false;
      p.since = e.at;
      return;
    }
    case 'pointSignalLost': {
      const p = presenceOf(w, s, e.pointId, e.at);
      p.signalLost = true;
      p.signalLostSince = e.at;
      return;
    }
    case 'pointSignalRestored': {
      const p = presenceOf(w, s, e.pointId, e.at);
      p.signalLost = false;
      p.signalLostSince = null;
      return;
    }
    case 'activeSpeakerChanged':
      w.field(s, 'media').activeSpeakerPointId = e.pointId;
      return;

    // --- speaker queue ---
    case 'floorRequested': {
      const queue = w.field(s, 'queue');
      w.bucketPut(queue, 'requests', e.requestId, {
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
      });
      insertInto(w.field(queue, 'waiting'), e.index, e.requestId);
      return;
    }
    case 'requestWithdrawn':
    case 'requestDeclined': {
      const r = requestOf(w, s, e.requestId);
      if (r) {
        r.status = e.type === 'requestWithdrawn' ? 'withdrawn' : 'declined';
        r.decidedAt = e.at;
        r.declineReason = e.type === 'requestDeclined' ? e.reason : null;
      }
      leaveQueue(w, s, e.requestId);
      return;
    }
    case 'requestDeferred':
    case 'requestMoved': {
      if (e.type === 'requestDeferred') {
        const r = requestOf(w, s, e.requestId);
        if (r) r.deferrals += 1;
      }
      if (!s.queue.waiting.includes(e.requestId)) return;
      const waiting = w.field(w.field(s, 'queue'), 'waiting');
      removeFrom(waiting, e.requestId);
      insertInto(waiting, e.toIndex, e.requestId);
      return;
    }
    case 'queueLowered': {
      const queue = w.field(s, 'queue');
      for (const id of e.requestIds) {
        const r = w.bucketEntry(queue, 'requests', id);
        if (r) {
          r.status = 'lowered';
          r.decidedAt = e.at;
        }
      }
      const lowered = new Set(e.requestIds);
      queue.waiting = queue.waiting.filter((id) => !lowered.has(id));
      return;
    }
    case 'queueOpened':
      w.field(s, 'queue').open = true;
      return;
    case 'queueClosed':
      w.field(s, 'queue').open = false;
      return;

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
      if (e.type === 'floorGranted') {
        const r = requestOf(w, s, e.requestId);
        if (r) {
          r.status = 'granted';
          r.decidedAt = e.at;
          r.speechId = e.speechId;
        }
        leaveQueue(w, s, e.requestId);
      }
      w.bucketPut(s, 'speeches', e.speechId, speech);
      w.append(s, 'speechOrder', e.speechId);
      // A damaged log may start an id twice: it runs once, as it is once in the record.
      if (s.runningSpeechIds.includes(e.speechId)) removeFrom(w.field(s, 'runningSpeechIds'), e.speechId);
      w.append(s, 'runningSpeechIds', e.speechId);
      return;
    }
    case 'speechPaused': {
      const sp = speechOf(w, s, e.speechId);
      if (sp) w.field(sp, 'pauses').push({ from: e.at, to: null });
      return;
    }
    case 'speechResumed':
    case 'speechEnded': {
      const sp = speechOf(w, s, e.speechId);
      if (!sp) return;
      closeOpen(w, sp, 'pauses', e.at);
      if (e.type === 'speechEnded') {
        sp.end = e.at;
        if (s.runningSpeechIds.includes(e.speechId)) removeFrom(w.field(s, 'runningSpeechIds'), e.speechId);
      }
      return;
    }
    case 'speechExtended': {
      const sp = speechOf(w, s, e.speechId);
      if (sp) sp.extendedSeconds += e.seconds;
      return;
    }

    // --- agenda ---
    case 'agendaStepStarted': {
      const agenda = w.field(s, 'agenda');
      agenda.currentStepId = e.stepId;
      const st = s.agenda.steps[e.stepId] ? w.entry(agenda, 'steps', e.stepId) : undefined;
      if (st) {
        st.skipped = false;
        w.field(st, 'runs').push({ from: e.at, to: null });
      }
      return;
    }
    case 'agendaStepEnded': {
      const agenda = w.field(s, 'agenda');
      if (agenda.currentStepId === e.stepId) agenda.currentStepId = null;
      const st = s.agenda.steps[e.stepId] ? w.entry(agenda, 'steps', e.stepId) : undefined;
      if (st) closeOpen(w, st, 'runs', e.at);
      return;
    }
    case 'agendaStepSkipped': {
      if (!s.agenda.steps[e.stepId]) return;
      const st = w.entry(w.field(s, 'agenda'), 'steps', e.stepId);
      if (st) st.skipped = true;
      return;
    }

    // --- media-facing state ---
    case 'layoutChanged':
      w.field(s, 'media').layout = e.mode;
      return;
    case 'pointSpotlighted':
      w.field(s, 'media').spotlightPointId = e.pointId;
      return;
    case 'microphoneHeld': {
      // Holding a microphone also takes back one the chair gave (R-MEDIA-9).
      const media = w.field(s, 'media');
      w.put(media, 'audio', e.pointId, { selfMuted: true, heldBy: e.by });
      if (media.microphoneGivenTo === e.pointId) media.microphoneGivenTo = null;
      return;
    }
    case 'microphoneGiven': {
      const media = w.field(s, 'media');
      w.put(media, 'audio', e.pointId, { selfMuted: false, heldBy: null });
      media.microphoneGivenTo = e.pointId;
      return;
    }
    case 'microphoneOpened':
      w.put(w.field(s, 'media'), 'audio', e.pointId, { selfMuted: false, heldBy: null });
      return;
    case 'microphoneReleased':
    case 'selfMuteChanged':
    case 'microphoneClosed': {
      if (e.type === 'microphoneClosed' && s.media.microphoneGivenTo === e.pointId) w.field(s, 'media').microphoneGivenTo = null;
      if (!s.media.audio[e.pointId]) return;
      const a = w.entry(w.field(s, 'media'), 'audio', e.pointId);
      if (!a) return;
      if (e.type === 'microphoneReleased') a.heldBy = null;
      else a.selfMuted = e.type === 'selfMuteChanged' ? e.muted : true;
      return;
    }

    // --- notes for the minutes ---
    case 'minutesNoteAdded':
      w.put(s, 'notes', e.noteId, { id: e.noteId, stepId: e.stepId, text: e.text, at: e.at, by: e.by });
      w.append(s, 'noteOrder', e.noteId);
      return;
    case 'minutesNoteRemoved':
      w.remove(s, 'notes', e.noteId);
      if (s.noteOrder.includes(e.noteId)) removeFrom(w.field(s, 'noteOrder'), e.noteId);
      return;
    default:
      eventNotHandled(e);
  }
}

/** A speech, writable; undefined when the log names one that is not there. */
function speechOf(w: Draft, s: MeetingState, speechId: string): Speech | undefined {
  return w.bucketEntry(s, 'speeches', speechId);
}

/** A floor request, writable; undefined when the log names one that is not there. */
function requestOf(w: Draft, s: MeetingState, requestId: string): FloorRequest | undefined {
  return hasEntry(s.queue.requests, requestId) ? w.bucketEntry(w.field(s, 'queue'), 'requests', requestId) : undefined;
}
