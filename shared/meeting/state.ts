import type {
  Actor,
  AgendaDocument,
  AgendaStepKind,
  AttendanceMark,
  ConferenceKind,
  ConferenceStatus,
  DeviceCheck,
  NetworkCheck,
  Id,
  LayoutMode,
  MicrophoneDiscipline,
  PointKind,
  Quorum,
  LiveStreamStopReason,
  RecordingStopReason,
  RequestKind,
  SpeakingLimits,
  Role,
  SpeechKind,
  StillSource,
} from '../protocol/index.js';
import { emptyBucketed, type Bucketed } from './buckets.js';

// The state of one conference: what evolve folds events into, and what selectors read.
// Plain JSON-able objects (records + explicit order arrays), so the server can snapshot it and
// a replay can be compared with toEqual. The three records that grow with the meeting (attendees,
// floor requests, speeches) are bucketed (buckets.ts) so a live event copies a small part of
// them; read them with entryOf / entriesOf.

export interface Conference {
  id: Id;
  title: string;
  date: string;
  startTime: string | null;
  organiser: string;
  venue: string;
  status: ConferenceStatus;
  createdAt: number;
  statusChangedAt: number;
  quorum: Quorum;
  limits: SpeakingLimits;
  maxOpenFloors: number;
  /** Who opens a point's microphone (R-MEDIA-8); chairGrants unless the admin sets free. */
  microphoneDiscipline: MicrophoneDiscipline;
  /** The conference clerk named in the minutes; null until the admin sets one. */
  clerkName: string | null;
  /** IANA zone the minutes print times in. */
  timeZone: string;
  kind: ConferenceKind;
  /** who the points call about the line test; printed on the connection sheets */
  technicalContact: string;
  /** the admin let observers export the reports (R-REPORT-1) */
  observersMayExport: boolean;
}

export interface Point {
  id: Id;
  name: string;
  kind: PointKind;
  contact: string;
  /** the region whose cluster node it is placed on (R-SETUP-10); null: any node, by load */
  region: string | null;
}

export interface PanelMember {
  id: Id;
  name: string;
  position: string;
  organisation: string;
}

export interface Organisation {
  id: Id;
  name: string;
  /** the point it sits at (R-SETUP-9); null for one at several points or not yet placed */
  pointId: Id | null;
}

/** One mark in an attendee's history; who made it and when are always kept. */
export type MarkRecord = AttendanceMark & { at: number; by: Actor };

export interface Attendee {
  id: Id;
  name: string;
  position: string;
  organisationId: Id;
  pointId: Id;
  /** Line of the invitation file it came from; null for a walk-in. */
  line: number | null;
  walkIn: boolean;
  /** Oldest first; the last one is the current mark. Empty = not yet marked. */
  marks: MarkRecord[];
}

export interface Readiness {
  headcount: number;
  at: number;
  by: Actor;
}

/** A stretch of time a point was connected; `to` null while it still is. */
export interface PresenceSpan {
  from: number;
  to: number | null;
}

export interface PointPresence {
  online: boolean;
  since: number;
  spans: PresenceSpan[];
  signalLost: boolean;
  signalLostSince: number | null;
}

export type RequestStatus = 'waiting' | 'granted' | 'withdrawn' | 'declined' | 'lowered';

export interface FloorRequest {
  id: Id;
  pointId: Id;
  delegateName: string | null;
  delegatePosition: string | null;
  topic: string;
  kind: RequestKind;
  status: RequestStatus;
  requestedAt: number;
  requestedBy: Actor;
  /** How many times the chair deferred it. */
  deferrals: number;
  decidedAt: number | null;
  declineReason: string | null;
  speechId: Id | null;
}

export interface SpeechPause {
  from: number;
  to: number | null;
}

export interface Speech {
  id: Id;
  kind: SpeechKind;
  pointId: Id;
  requestId: Id | null;
  memberId: Id | null;
  speakerName: string | null;
  speakerPosition: string | null;
  topic: string | null;
  limitSeconds: number | null;
  extendedSeconds: number;
  begin: number;
  pauses: SpeechPause[];
  end: number | null;
}

/** One time an agenda step was run (a step re-entered with "back" runs again). */
export interface StepRun {
  from: number;
  to: number | null;
}

export interface AgendaStep {
  id: Id;
  title: string;
  kind: AgendaStepKind;
  presenter: string | null;
  presidingMemberId: Id | null;
  plannedMinutes: number;
  /** planned clock time (HH:MM), null when the programme gives none */
  plannedStart: string | null;
  documents: AgendaDocument[];
  skipped: boolean;
  runs: StepRun[];
}

/** A note for the minutes, attached to the agenda step that ran when it was written. */
export interface MinutesNote {
  id: Id;
  stepId: Id | null;
  text: string;
  at: number;
  by: Actor;
}

/** A run of something the chair switches on and off (recording, the live stream): from its start to its stop, with who and why. */
export interface Run<StopReason extends string> {
  id: Id;
  startedAt: number;
  startedBy: Actor;
  /** null while it runs. */
  stoppedAt: number | null;
  stoppedBy: Actor | null;
  stopReason: StopReason | null;
}

/** One recording run (ghi hình). */
export type RecordingRun = Run<RecordingStopReason>;

/** One run of the live program stream (phát trực tiếp). */
export type LiveStreamRun = Run<LiveStreamStopReason>;

/** A still (ảnh) of a point's room or of the program: when, of what, who spoke, and for the minutes. */
export interface Still {
  id: Id;
  at: number;
  by: Actor;
  source: StillSource;
  trigger: 'request' | 'speechStart';
  pointId: Id;
  speechId: Id | null;
  speakerName: string | null;
  speakerPosition: string | null;
  stepId: Id | null;
  topic: string | null;
  width: number;
  height: number;
  bytes: number;
  /** chosen for the minutes (R-STILL-4) */
  inMinutes: boolean;
  /** the caption chosen for it; null = the minutes' default (R-STILL-5) */
  caption: string | null;
}

export interface PointAudio {
  selfMuted: boolean;
  /** Who holds the microphone muted (the chair); null when not held. */
  heldBy: Actor | null;
}

/** A point's last pre-flight: camera, microphone, network, and when it ran. */
export interface PreflightRecord {
  camera: DeviceCheck;
  microphone: DeviceCheck;
  network: NetworkCheck;
  at: number;
}

/** The organiser's call to a point ("xin mời kết nối"), shown on its console until acknowledged. */
export interface PointCall {
  message: string | null;
  at: number;
  by: Actor;
  acknowledgedAt: number | null;
}

/** The first time a join link was opened (a session accepted with it). */
export interface LinkOpenRecord {
  role: Exclude<Role, 'system'>;
  pointId: Id | null;
  at: number;
}

/** What the line test before the conference (kiểm tra đường truyền) records. */
export interface LineTestState {
  /** Bucketed, as presence: one entry per point (or link) written as each joins. */
  preflight: Bucketed<PreflightRecord>;
  calls: Record<Id, PointCall>;
  linkOpens: Bucketed<LinkOpenRecord>;
}

export interface MeetingState {
  conference: Conference | null;
  points: Record<Id, Point>;
  pointOrder: Id[];
  panel: Record<Id, PanelMember>;
  panelOrder: Id[];
  organisations: Record<Id, Organisation>;
  organisationOrder: Id[];
  attendees: Bucketed<Attendee>;
  attendeeOrder: Id[];
  readiness: Bucketed<Readiness>;
  /** Bucketed (buckets.ts): every point's arrival and departure changes one entry; a plain record of 1,000 points cost 0.75 ms to copy per event. */
  presence: Bucketed<PointPresence>;
  queue: {
    open: boolean;
    /** Every request ever made, by id. */
    requests: Bucketed<FloorRequest>;
    /** Waiting requests in speaking order; index 0 speaks next. */
    waiting: Id[];
  };
  speeches: Bucketed<Speech>;
  speechOrder: Id[];
  /** Speeches not yet ended, oldest first: the floor rules read these, not every speech. */
  runningSpeechIds: Id[];
  agenda: {
    steps: Record<Id, AgendaStep>;
    order: Id[];
    currentStepId: Id | null;
  };
  media: {
    layout: LayoutMode;
    spotlightPointId: Id | null;
    audio: Record<Id, PointAudio>;
    activeSpeakerPointId: Id | null;
    /** The point the chair opened the microphone of for a moment, without a floor (R-MEDIA-9). */
    microphoneGivenTo: Id | null;
  };
  /** The clerk's notes for the minutes, by id, and in the order written. */
  notes: Record<Id, MinutesNote>;
  noteOrder: Id[];
  /** Every recording run, oldest first; at most the last one runs (R-REC-1). */
  recordings: RecordingRun[];
  /** Every live stream run, oldest first; at most the last one runs (R-LIVE-1). */
  liveStreams: LiveStreamRun[];
  /** Stills by id, and in the order taken (R-STILL-3). */
  stills: Record<Id, Still>;
  stillOrder: Id[];
  lineTest: LineTestState;
  /** Number of events folded in; a cheap check that a replica is in step. */
  eventCount: number;
  lastEventAt: number | null;
}

export const DEFAULT_SPEAKING_LIMITS: SpeakingLimits = {
  contribution: 300,
  reply: 120,
  pointOfOrder: 60,
  directive: null,
  warningSeconds: 30,
};

export const DEFAULT_MAX_OPEN_FLOORS = 1;

/** These conferences keep delegates' microphones off until the chair gives the floor (R-MEDIA-8). */
export const DEFAULT_MICROPHONE_DISCIPLINE: MicrophoneDiscipline = 'chairGrants';

/** Vietnamese provincial conferences run on Indochina Time (UTC+7, no daylight saving). */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A state with no conference yet; the first accepted command is createConference. */
export function emptyState(): MeetingState {
  return {
    conference: null,
    points: {},
    pointOrder: [],
    panel: {},
    panelOrder: [],
    organisations: {},
    organisationOrder: [],
    attendees: emptyBucketed(),
    attendeeOrder: [],
    readiness: emptyBucketed(),
    presence: emptyBucketed(),
    queue: { open: false, requests: emptyBucketed(), waiting: [] },
    speeches: emptyBucketed(),
    speechOrder: [],
    runningSpeechIds: [],
    agenda: { steps: {}, order: [], currentStepId: null },
    media: { layout: 'presiding', spotlightPointId: null, audio: {}, activeSpeakerPointId: null, microphoneGivenTo: null },
    notes: {},
    noteOrder: [],
    recordings: [],
    liveStreams: [],
    stills: {},
    stillOrder: [],
    lineTest: { preflight: emptyBucketed(), calls: {}, linkOpens: emptyBucketed() },
    eventCount: 0,
    lastEventAt: null,
  };
}
