import type { EventType, Id, MeetingEvent } from '../protocol/index.js';
import { bucketedFrom, bucketedWhere, emptyBucketed, entriesOf, entryOf, type Bucketed } from './buckets.js';
import { READ_PARTS, READ_POLICY, type ReadPart, type ReadScope } from './read-policy.js';
import type { MeetingState } from './state.js';

// The one projection of a conference for a reader (R-READ-4): what the READ_POLICY of its scope
// lets it see, of an event and of a state. Pure; the server applies it on every read path.
// An event is either shown as it is, shown trimmed (the parts the reader may not read taken out,
// still a valid event of the same type), or withheld (null): the server then sends its seq
// alone, so the reader's replica stays in step without folding it. Folding the projected events
// gives the projected state (read-projection.test.ts checks it over whole meetings).

/** The part of the meeting each event belongs to; a table keyed by every event type (R-CORE-8's way). */
export const EVENT_PART: Record<EventType, ReadPart> = {
  conferenceCreated: 'meeting',
  conferenceUpdated: 'meeting',
  conferenceStatusChanged: 'meeting',
  // A point's name and kind are public; its contact is trimmed (projectEvent).
  pointAdded: 'meeting',
  pointUpdated: 'meeting',
  pointRemoved: 'meeting',
  panelMemberAdded: 'meeting',
  panelMemberUpdated: 'meeting',
  panelMemberRemoved: 'meeting',
  panelReordered: 'meeting',
  organisationAdded: 'meeting',
  organisationUpdated: 'meeting',
  organisationRemoved: 'meeting',
  agendaStepAdded: 'meeting',
  agendaStepUpdated: 'meeting',
  agendaReordered: 'meeting',
  agendaStepRemoved: 'meeting',
  invitationListImported: 'attendance',
  quorumSet: 'meeting',
  speakingLimitsSet: 'meeting',
  maxOpenFloorsSet: 'meeting',
  observerExportSet: 'meeting',
  // A point's headcount is what it reports to everyone; the names behind it are attendance.
  readinessReported: 'meeting',
  attendanceMarked: 'attendance',
  walkInAdded: 'attendance',
  walkInRemoved: 'attendance',
  pointWentOnline: 'meeting',
  pointWentOffline: 'meeting',
  pointSignalLost: 'meeting',
  pointSignalRestored: 'meeting',
  activeSpeakerChanged: 'meeting',
  // The queue and the floor are on every screen, the delegate's name and topic included.
  floorRequested: 'meeting',
  requestWithdrawn: 'meeting',
  requestDeclined: 'meeting',
  requestDeferred: 'meeting',
  requestMoved: 'meeting',
  queueLowered: 'meeting',
  queueOpened: 'meeting',
  queueClosed: 'meeting',
  floorGranted: 'meeting',
  directiveSpeechStarted: 'meeting',
  speechPaused: 'meeting',
  speechResumed: 'meeting',
  speechEnded: 'meeting',
  speechExtended: 'meeting',
  agendaStepStarted: 'meeting',
  agendaStepEnded: 'meeting',
  agendaStepSkipped: 'meeting',
  layoutChanged: 'meeting',
  pointSpotlighted: 'meeting',
  microphoneHeld: 'meeting',
  microphoneReleased: 'meeting',
  selfMuteChanged: 'meeting',
  microphoneOpened: 'meeting',
  microphoneClosed: 'meeting',
  microphoneGiven: 'meeting',
  minutesNoteAdded: 'notes',
  minutesNoteRemoved: 'notes',
  recordingStarted: 'meeting',
  recordingStopped: 'meeting',
  liveStreamStarted: 'meeting',
  liveStreamStopped: 'meeting',
  // Stills are material for the minutes: read like the notes, by those the reports are for (R-READ-7).
  stillTaken: 'notes',
  stillSelected: 'notes',
  pointsReordered: 'meeting',
  pointCalled: 'lineTest',
  pointCallAcknowledged: 'lineTest',
  preflightReported: 'lineTest',
  linkOpened: 'lineTest',
};

/**
 * The trims of events that stay in a part the reader reads: what the event carries that not every
 * reader may see, and the same event without it. One table, read by projectEvent and by
 * shownAlikeToAll alike, so a trim added here is one shownAlikeToAll knows of.
 */
type Trim<E extends MeetingEvent> = {
  /** the event carries something some readers may not see */
  hides(event: E): boolean;
  mayRead(event: E, scope: ReadScope): boolean;
  trimmed(event: E): MeetingEvent;
};
type EventOf<T extends EventType> = Extract<MeetingEvent, { type: T }>;

/** A point's name and kind are public; its contact only for those who read contacts (all, or their own point's). */
const readsContactOf = (pointId: Id, scope: ReadScope): boolean => scope.parts.pointContacts === 'all' || (scope.parts.pointContacts === 'ownPoint' && pointId === scope.pointId);

const TRIMS: { [T in EventType]?: Trim<EventOf<T>> } = {
  pointAdded: { hides: (e) => e.contact !== '', mayRead: (e, scope) => readsContactOf(e.pointId, scope), trimmed: (e) => ({ ...e, contact: '' }) },
  pointUpdated: {
    hides: (e) => e.contact !== undefined,
    mayRead: (e, scope) => readsContactOf(e.pointId, scope),
    trimmed: ({ contact: _hidden, ...rest }) => rest,
  },
};

const trimOf = (event: MeetingEvent): Trim<MeetingEvent> | undefined => TRIMS[event.type] as Trim<MeetingEvent> | undefined;

/** The point an attendee belongs to, from the state the events are projected against. */
export type AttendeePointLookup = (attendeeId: Id) => Id | undefined;

export function attendeePointsOf(state: MeetingState): AttendeePointLookup {
  return (attendeeId) => entryOf(state.attendees, attendeeId)?.pointId;
}

/**
 * One event as `scope` may see it; null = withheld. `attendeePoint` tells whose an attendee is
 * (attendance marks name only the attendee): an attendee it does not know (removed since) is
 * treated as not the reader's, so the default is to withhold.
 */
export function projectEvent(event: MeetingEvent, scope: ReadScope, attendeePoint: AttendeePointLookup): MeetingEvent | null {
  if (scope.full) return event;
  const access = scope.parts[EVENT_PART[event.type]];
  if (access === 'none') return null;
  const own = scope.pointId;
  const trim = trimOf(event);
  if (trim) return !trim.hides(event) || trim.mayRead(event, scope) ? event : trim.trimmed(event);
  if (access === 'all') return event;
  // ownPoint: only what concerns the reader's own point.
  switch (event.type) {
    case 'invitationListImported':
      // Kept even when none of the rows are ours: a `replace` still clears what the reader held.
      return { ...event, attendees: event.attendees.filter((a) => a.pointId === own) };
    case 'walkInAdded':
      return event.attendee.pointId === own ? event : null;
    case 'attendanceMarked':
      return attendeePoint(event.attendeeId) === own ? event : null;
    case 'walkInRemoved':
      // It names only an id; folding it where the attendee is unknown changes nothing. Its owner
      // is no longer in the state to ask, and the reader's own walk-in must leave its list.
      return event;
    case 'pointCalled':
    case 'pointCallAcknowledged':
    case 'preflightReported':
    case 'linkOpened':
      return event.pointId === own ? event : null;
    default:
      // No other event has an ownPoint part; withhold rather than guess.
      return null;
  }
}

/** Parts every role reads in full (READ_POLICY): no scope trims or withholds an event of these. */
const PARTS_READ_BY_ALL: ReadonlySet<ReadPart> = new Set(READ_PARTS.filter((part) => Object.values(READ_POLICY).every((policy) => policy[part] === 'all')));

/**
 * Whether projectEvent shows `event` as it is to every reader, whatever its scope: the server then
 * sends one message to all of a conference's audiences without projecting it for each (a meeting
 * event, the bulk of the traffic). An event of a part every role reads in full is trimmed only by
 * the TRIMS table, which projectEvent reads too.
 */
export function shownAlikeToAll(event: MeetingEvent): boolean {
  if (!PARTS_READ_BY_ALL.has(EVENT_PART[event.type])) return false;
  return !trimOf(event)?.hides(event);
}

/** The state as `scope` may see it: the state a replica of the projected events folds to. */
export function projectState(state: MeetingState, scope: ReadScope): MeetingState {
  if (scope.full) return state;
  const own = scope.pointId;
  const mine = (pointId: Id | null, access: string): boolean => access === 'all' || (access === 'ownPoint' && pointId === own);

  const contacts = scope.parts.pointContacts;
  const points = contacts === 'all' ? state.points : Object.fromEntries(Object.entries(state.points).map(([id, p]) => [id, mine(id, contacts) || p.contact === '' ? p : { ...p, contact: '' }]));

  const attendance = scope.parts.attendance;
  let { attendees, attendeeOrder } = state;
  if (attendance === 'none') {
    attendees = emptyBucketed();
    attendeeOrder = [];
  } else if (attendance === 'ownPoint') {
    attendees = bucketedFrom(entriesOf(attendees).filter((a) => a.pointId === own));
    attendeeOrder = attendeeOrder.filter((id) => entryOf(attendees, id) !== undefined);
  }

  const notesVisible = scope.parts.notes === 'all';
  const line = scope.parts.lineTest;
  const ownEntries = <T>(record: Record<Id, T>, pointOf: (id: Id, value: T) => Id | null): Record<Id, T> =>
    line === 'all' ? record : Object.fromEntries(Object.entries(record).filter(([id, value]) => line === 'ownPoint' && pointOf(id, value) === own));
  const ownBucketed = <T>(record: Bucketed<T>, pointOf: (id: Id, value: T) => Id | null): Bucketed<T> =>
    line === 'all' ? record : line === 'ownPoint' ? bucketedWhere(record, (id, value) => pointOf(id, value) === own) : emptyBucketed();

  return {
    ...state,
    points,
    attendees,
    attendeeOrder,
    notes: notesVisible ? state.notes : {},
    noteOrder: notesVisible ? state.noteOrder : [],
    stills: notesVisible ? state.stills : {},
    stillOrder: notesVisible ? state.stillOrder : [],
    lineTest: {
      preflight: ownBucketed(state.lineTest.preflight, (pointId) => pointId),
      calls: ownEntries(state.lineTest.calls, (pointId) => pointId),
      linkOpens: ownBucketed(state.lineTest.linkOpens, (_linkId, open) => open.pointId),
    },
  };
}
