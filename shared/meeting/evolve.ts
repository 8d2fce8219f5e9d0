import type { MeetingEvent } from '../protocol/index.js';
import { evolveSession } from './evolve-session.js';
import { evolveSetup } from './evolve-setup.js';
import { emptyState, type MeetingState } from './state.js';

// The reducer server and client share. Pure: the input state is never mutated, and an event
// that names something no longer there (a damaged log) is recorded as a no-op, not a crash.

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
]);

type SetupEvent = Parameters<typeof evolveSetup>[1];
type SessionEvent = Parameters<typeof evolveSession>[1];

export function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  const next = SETUP_TYPES.has(event.type)
    ? evolveSetup(state, event as SetupEvent)
    : evolveSession(state, event as SessionEvent);
  return { ...next, eventCount: state.eventCount + 1, lastEventAt: event.at };
}

/** Fold a log from the beginning: the live state and the replayed state must be equal. */
export function replay(events: readonly MeetingEvent[], from: MeetingState = emptyState()): MeetingState {
  let state = from;
  for (const e of events) state = evolve(state, e);
  return state;
}

// Compile-time guard: every event type is handled by one of the two reducers.
type Unhandled = Exclude<MeetingEvent['type'], SetupEvent['type'] | SessionEvent['type']>;
const everyEventHandled: [Unhandled] extends [never] ? true : false = true;
void everyEventHandled;
