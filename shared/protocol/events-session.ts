import { z } from 'zod';
import { PointOffline, PointOnline, SetActiveSpeaker, SignalLost, SignalRestored } from './commands-session.js';
import { evt, fieldsOf, IdSchema, MAX_HEADCOUNT, NameSchema, ReasonSchema, TEXT_LIMITS, TitleSchema } from './common.js';
import { AttendanceMarkSchema, AttendeeRecordSchema, LayoutModeSchema, LiveStreamStopReasonSchema, RecordingStopReasonSchema, RequestKindSchema, SecondsSchema, SpeechKindSchema } from './values.js';

// Events of a running conference. Queue positions arrive as indexes decided by `decide`, so the
// reducer never re-derives a rule (e.g. "points of order go to the head").


const QueueIndex = z.number().int().min(0).max(10_000);

// --- roll-call ---
export const ReadinessReported = evt('readinessReported', {
  pointId: IdSchema,
  headcount: z.number().int().min(0).max(MAX_HEADCOUNT),
});
export const AttendanceMarked = evt('attendanceMarked', { attendeeId: IdSchema, mark: AttendanceMarkSchema });
export const WalkInAdded = evt('walkInAdded', { attendee: AttendeeRecordSchema });
export const WalkInRemoved = evt('walkInRemoved', { attendeeId: IdSchema });

// --- presence and link health ---
export const PointWentOnline = evt('pointWentOnline', fieldsOf(PointOnline));
export const PointWentOffline = evt('pointWentOffline', fieldsOf(PointOffline));
export const PointSignalLost = evt('pointSignalLost', fieldsOf(SignalLost));
export const PointSignalRestored = evt('pointSignalRestored', fieldsOf(SignalRestored));
export const ActiveSpeakerChanged = evt('activeSpeakerChanged', fieldsOf(SetActiveSpeaker));

// --- speaker queue ---
export const FloorRequested = evt('floorRequested', {
  requestId: IdSchema,
  pointId: IdSchema,
  delegateName: NameSchema.nullable(),
  delegatePosition: NameSchema.nullable(),
  topic: TitleSchema,
  kind: RequestKindSchema,
  /** Where the request enters the waiting queue (0 = head). */
  index: QueueIndex,
});
export const RequestWithdrawn = evt('requestWithdrawn', { requestId: IdSchema });
export const RequestDeclined = evt('requestDeclined', { requestId: IdSchema, reason: ReasonSchema });
export const RequestDeferred = evt('requestDeferred', { requestId: IdSchema, toIndex: QueueIndex });
export const RequestMoved = evt('requestMoved', { requestId: IdSchema, toIndex: QueueIndex });
export const QueueLowered = evt('queueLowered', { requestIds: z.array(IdSchema).max(10_000) });
export const QueueOpened = evt('queueOpened', {});
export const QueueClosed = evt('queueClosed', {});

// --- speeches ---
const speechFields = {
  speechId: IdSchema,
  pointId: IdSchema,
  kind: SpeechKindSchema,
  topic: TitleSchema.nullable(),
  speakerName: NameSchema.nullable(),
  speakerPosition: NameSchema.nullable(),
  /** The limit for this kind when it began, in seconds; null = unlimited. */
  limitSeconds: SecondsSchema.nullable(),
};
/** The chair grants a waiting request: the request leaves the queue and its speech begins. */
export const FloorGranted = evt('floorGranted', { requestId: IdSchema, ...speechFields });
export const DirectiveSpeechStarted = evt('directiveSpeechStarted', { memberId: IdSchema, ...speechFields });
export const SpeechPaused = evt('speechPaused', { speechId: IdSchema });
export const SpeechResumed = evt('speechResumed', { speechId: IdSchema });
export const SpeechEnded = evt('speechEnded', { speechId: IdSchema });
export const SpeechExtended = evt('speechExtended', { speechId: IdSchema, seconds: SecondsSchema });

// --- agenda ---
export const AgendaStepStarted = evt('agendaStepStarted', { stepId: IdSchema });
export const AgendaStepEnded = evt('agendaStepEnded', { stepId: IdSchema });
export const AgendaStepSkipped = evt('agendaStepSkipped', { stepId: IdSchema });

// --- media-facing state ---
export const LayoutChanged = evt('layoutChanged', { mode: LayoutModeSchema });
export const PointSpotlighted = evt('pointSpotlighted', { pointId: IdSchema.nullable() });
export const MicrophoneHeld = evt('microphoneHeld', { pointId: IdSchema });
export const MicrophoneReleased = evt('microphoneReleased', { pointId: IdSchema });
export const SelfMuteChanged = evt('selfMuteChanged', { pointId: IdSchema, muted: z.boolean() });
/** The floor opens a point's microphone: released from any hold and unmuted. */
export const MicrophoneOpened = evt('microphoneOpened', { pointId: IdSchema });
/** The chair opens a point's microphone for a moment, without a floor (R-MEDIA-9). */
export const MicrophoneGiven = evt('microphoneGiven', { pointId: IdSchema });
/** The floor ends, or the chair closes it: the point's microphone closes (muted, not held). */
export const MicrophoneClosed = evt('microphoneClosed', { pointId: IdSchema });

// --- notes for the minutes ---
/** `stepId`: the agenda step running when the note was written; null between steps. */
export const MinutesNoteAdded = evt('minutesNoteAdded', { noteId: IdSchema, stepId: IdSchema.nullable(), text: z.string().min(1).max(TEXT_LIMITS.note) });
export const MinutesNoteRemoved = evt('minutesNoteRemoved', { noteId: IdSchema });

// --- recording ---
/** A recording run begins: from here every point's audio and video is recorded under this id. */
export const RecordingStarted = evt('recordingStarted', { recordingId: IdSchema });
export const RecordingStopped = evt('recordingStopped', { recordingId: IdSchema, reason: RecordingStopReasonSchema });

// --- the live program stream ---
/** The program is published live from here (HLS for observers and the press, RTMP when configured). */
export const LiveStreamStarted = evt('liveStreamStarted', { streamId: IdSchema });
export const LiveStreamStopped = evt('liveStreamStopped', { streamId: IdSchema, reason: LiveStreamStopReasonSchema });

export const sessionEvents = [
  ReadinessReported,
  AttendanceMarked,
  WalkInAdded,
  WalkInRemoved,
  PointWentOnline,
  PointWentOffline,
  PointSignalLost,
  PointSignalRestored,
  ActiveSpeakerChanged,
  FloorRequested,
  RequestWithdrawn,
  RequestDeclined,
  RequestDeferred,
  RequestMoved,
  QueueLowered,
  QueueOpened,
  QueueClosed,
  FloorGranted,
  DirectiveSpeechStarted,
  SpeechPaused,
  SpeechResumed,
  SpeechEnded,
  SpeechExtended,
  AgendaStepStarted,
  AgendaStepEnded,
  AgendaStepSkipped,
  LayoutChanged,
  PointSpotlighted,
  MicrophoneHeld,
  MicrophoneReleased,
  SelfMuteChanged,
  MicrophoneOpened,
  MicrophoneClosed,
  MicrophoneGiven,
  MinutesNoteAdded,
  MinutesNoteRemoved,
  RecordingStarted,
  RecordingStopped,
  LiveStreamStarted,
  LiveStreamStopped,
] as const;
