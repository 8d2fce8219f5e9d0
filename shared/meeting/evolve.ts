import type { MeetingEvent } from '../protocol/index.js';
import { evolveRecording, RECORDING_EVENT_TYPES, type RecordingEvent } from './evolve-recording.js';
import { evolveOrganiser, ORGANISER_EVENT_TYPES, type OrganiserEvent } from './evolve-organiser.js';
import { evolveSession } from './evolve-session.js';
import { evolveSetup } from './evolve-setup.js';
import { Draft } from './records.js';
import { emptyState, type MeetingState } from './state.js';

// The reducer server and client share. Pure: the input state is never mutated, and an event
// that names something no longer there (a damaged log) is recorded as a no-op, not a crash.
// The reducers write into a Draft (records.ts): evolve copies only the path one event touches,
// replay copies each object at most once for the whole log.

const SETUP_TYPES = new Set<string>([
  'conferenceCreated',
  'conferenceUpdated',
  'conferenceStatusChanged',
  'pointAdded',
  'pointUpdated',
  'pointRemoved',
  'panelMemberAdded',
  'panelMemberUpdated',
  'panelMemberRemoved',
  'panelReordered',
  'organisationAdded',
  'organisationUpdated',
  'organisationRemoved',
  'agendaStepAdded',
  'agendaStepUpdated',
  'agendaReordered',
  'agendaStepRemoved',
  'invitationListImported',
  'quorumSet',
  'speakingLimitsSet',
  'maxOpenFloorsSet',
  'observerExportSet',
]);

const ORGANISER_TYPES = new Set<string>(ORGANISER_EVENT_TYPES);

type SetupEvent = Parameters<typeof evolveSetup>[2];
type SessionEvent = Parameters<typeof evolveSession>[2];

/** Apply one event to a state the draft owns, in place. */
function apply(draft: Draft, s: MeetingState, event: MeetingEvent): void {
  if (SETUP_TYPES.has(event.type)) evolveSetup(draft, s, event as SetupEvent);
  else if (RECORDING_EVENT_TYPES.has(event.type)) evolveRecording(draft, s, event as RecordingEvent);
  else if (ORGANISER_TYPES.has(event.type)) evolveOrganiser(draft, s, event as OrganiserEvent);
  else evolveSession(draft, s, event as SessionEvent);
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

// Compile-time guard: every event type is handled by one of the reducers.
type Unhandled = Exclude<MeetingEvent['type'], SetupEvent['type'] | SessionEvent['type'] | RecordingEvent['type'] | OrganiserEvent['type']>;
const everyEventHandled: [Unhandled] extends [never] ? true : false = true;
void everyEventHandled;
