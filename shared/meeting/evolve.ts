import type { EventOf, EventType, MeetingEvent } from '../protocol/index.js';
import { evolveRecording } from './evolve-recording.js';
import { evolveOrganiser } from './evolve-organiser.js';
import { evolveSession } from './evolve-session.js';
import { evolveSetup } from './evolve-setup.js';
import { evolveStills } from './evolve-stills.js';
import { Draft } from './records.js';
import { emptyState, type MeetingState } from './state.js';

// The reducer server and client share. Pure: the input state is never mutated, and an event
// that names something no longer there (a damaged log) is recorded as a no-op, not a crash.
// The reducers write into a Draft (records.ts): evolve copies only the path one event touches,
// replay copies each object at most once for the whole log.

/**
 * Which reducer records each event. Keyed by every event type: an event added to the protocol
 * without a reducer here does not compile (and each reducer's switch is exhaustive too).
 */
const REDUCERS: { [T in EventType]: (draft: Draft, s: MeetingState, event: EventOf<T>) => void } = {
  conferenceCreated: evolveSetup,
  conferenceUpdated: evolveSetup,
  conferenceStatusChanged: evolveSetup,
  pointAdded: evolveSetup,
  pointUpdated: evolveSetup,
  pointRemoved: evolveSetup,
  panelMemberAdded: evolveSetup,
  panelMemberUpdated: evolveSetup,
  panelMemberRemoved: evolveSetup,
  panelReordered: evolveSetup,
  organisationAdded: evolveSetup,
  organisationUpdated: evolveSetup,
  organisationRemoved: evolveSetup,
  agendaStepAdded: evolveSetup,
  agendaStepUpdated: evolveSetup,
  agendaReordered: evolveSetup,
  agendaStepRemoved: evolveSetup,
  invitationListImported: evolveSetup,
  quorumSet: evolveSetup,
  speakingLimitsSet: evolveSetup,
  maxOpenFloorsSet: evolveSetup,
  observerExportSet: evolveSetup,
  readinessReported: evolveSession,
  attendanceMarked: evolveSession,
  walkInAdded: evolveSession,
  walkInRemoved: evolveSession,
  pointWentOnline: evolveSession,
  pointWentOffline: evolveSession,
  pointSignalLost: evolveSession,
  pointSignalRestored: evolveSession,
  activeSpeakerChanged: evolveSession,
  floorRequested: evolveSession,
  requestWithdrawn: evolveSession,
  requestDeclined: evolveSession,
  requestDeferred: evolveSession,
  requestMoved: evolveSession,
  queueLowered: evolveSession,
  queueOpened: evolveSession,
  queueClosed: evolveSession,
  floorGranted: evolveSession,
  directiveSpeechStarted: evolveSession,
  speechPaused: evolveSession,
  speechResumed: evolveSession,
  speechEnded: evolveSession,
  speechExtended: evolveSession,
  agendaStepStarted: evolveSession,
  agendaStepEnded: evolveSession,
  agendaStepSkipped: evolveSession,
  layoutChanged: evolveSession,
  pointSpotlighted: evolveSession,
  microphoneHeld: evolveSession,
  microphoneReleased: evolveSession,
  selfMuteChanged: evolveSession,
  microphoneOpened: evolveSession,
  microphoneClosed: evolveSession,
  microphoneGiven: evolveSession,
  minutesNoteAdded: evolveSession,
  minutesNoteRemoved: evolveSession,
  recordingStarted: evolveRecording,
  recordingStopped: evolveRecording,
  liveStreamStarted: evolveRecording,
  liveStreamStopped: evolveRecording,
  pointsReordered: evolveOrganiser,
  pointCalled: evolveOrganiser,
  pointCallAcknowledged: evolveOrganiser,
  preflightReported: evolveOrganiser,
  linkOpened: evolveOrganiser,
  stillTaken: evolveStills,
  stillSelected: evolveStills,
};

function reduce<T extends EventType>(draft: Draft, s: MeetingState, type: T, event: EventOf<T>): void {
  REDUCERS[type](draft, s, event);
}

/** Apply one event to a state the draft owns, in place. */
function apply(draft: Draft, s: MeetingState, event: MeetingEvent): void {
  reduce(draft, s, event.type, event);
  s.eventCount += 1;
  s.lastEventAt = event.at;
}

export function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  const draft = new Draft();
  const next = draft.state(state);
  apply(draft, next, event);
  return next;
}

/**
 * Fold a log from `from` (default: the empty state): equal to evolving event by event, in time
 * linear in the log. `from` is not changed; with no events it is returned as it is.
 */
export function replay(events: readonly MeetingEvent[], from: MeetingState = emptyState()): MeetingState {
  if (events.length === 0) return from;
  const draft = new Draft();
  const state = draft.state(from);
  for (const e of events) apply(draft, state, e);
  settleRecords(draft, state);
  return state;
}

/** The records a replay grows in place, re-copied as fast objects (see Draft.settle). */
function settleRecords(draft: Draft, s: MeetingState): void {
  draft.settle(s, 'attendees');
  draft.settle(s, 'speeches');
  draft.settle(s, 'points');
  draft.settle(s, 'organisations');
  draft.settle(s, 'readiness');
  draft.settle(s, 'presence');
  draft.settle(s, 'notes');
  draft.settle(s, 'panel');
  if (draft.owns(s.queue)) draft.settle(s.queue, 'requests');
  if (draft.owns(s.media)) draft.settle(s.media, 'audio');
  if (draft.owns(s.agenda)) draft.settle(s.agenda, 'steps');
  if (draft.owns(s.lineTest)) {
    draft.settle(s.lineTest, 'preflight');
    draft.settle(s.lineTest, 'calls');
    draft.settle(s.lineTest, 'linkOpens');
  }
}

/**
 * A fold that keeps one draft across calls and changes its state in place: `state` after `add`
 * is the same object as before, now holding the new events. Only for a caller that owns the state
 * and never keeps an old one nor lets anyone else read it while folding (a generator of test or
 * benchmark logs). Everyone else uses evolve or replay.
 */
export class InPlaceFold {
  readonly #draft = new Draft();
  readonly state: MeetingState;

  constructor(from: MeetingState = emptyState()) {
    this.state = this.#draft.state(from);
  }

  add(events: readonly MeetingEvent[]): void {
    for (const e of events) apply(this.#draft, this.state, e);
  }
}
