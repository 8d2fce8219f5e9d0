import { z } from 'zod';
import { IdSchema, MAX_HEADCOUNT, NameSchema, ReasonSchema, TEXT_LIMITS, TitleSchema } from './common.js';
import { AttendanceMarkSchema, LayoutModeSchema, LiveStreamStopCommandReasonSchema, RecordingStopCommandReasonSchema, RequestKindSchema, SecondsSchema } from './values.js';

// Commands of a running conference: roll-call, presence, speaker queue, speeches, agenda, media.

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

// --- roll-call (điểm danh) ---
/** "Điểm cầu X đã sẵn sàng": a point reports ready with how many people are in the room. */
export const ReportReadiness = cmd('reportReadiness', {
  pointId: IdSchema,
  headcount: z.number().int().min(0).max(MAX_HEADCOUNT),
});
export const MarkAttendance = cmd('markAttendance', { attendeeId: IdSchema, mark: AttendanceMarkSchema });
/** Someone not on the invitation list turns up at a point; recorded as present. */
export const AddWalkIn = cmd('addWalkIn', {
  id: IdSchema.optional(),
  pointId: IdSchema,
  name: NameSchema,
  position: z.string().trim().max(TEXT_LIMITS.name),
  organisationId: IdSchema,
});
export const RemoveWalkIn = cmd('removeWalkIn', { attendeeId: IdSchema });

// --- presence and link health (system only: the server's socket and media edges) ---
export const PointOnline = cmd('pointOnline', { pointId: IdSchema });
export const PointOffline = cmd('pointOffline', { pointId: IdSchema });
export const SignalLost = cmd('signalLost', { pointId: IdSchema });
export const SignalRestored = cmd('signalRestored', { pointId: IdSchema });
export const SetActiveSpeaker = cmd('setActiveSpeaker', { pointId: IdSchema.nullable() });

// --- speaker queue (đăng ký phát biểu) ---
export const RequestFloor = cmd('requestFloor', {
  id: IdSchema.optional(),
  pointId: IdSchema,
  /** A named delegate at the point; absent when the point itself asks. */
  delegateName: NameSchema.optional(),
  delegatePosition: NameSchema.optional(),
  topic: TitleSchema,
  kind: RequestKindSchema,
});
export const WithdrawRequest = cmd('withdrawRequest', { requestId: IdSchema });
export const GrantFloor = cmd('grantFloor', { requestId: IdSchema, speechId: IdSchema.optional() });
export const DeclineRequest = cmd('declineRequest', { requestId: IdSchema, reason: ReasonSchema });
/** Defer: the request goes to the end of the queue and is marked deferred. */
export const DeferRequest = cmd('deferRequest', { requestId: IdSchema });
export const MoveRequest = cmd('moveRequest', { requestId: IdSchema, to: z.enum(['up', 'down', 'top']) });
/** "Lower all": every waiting request leaves the queue. */
export const LowerAll = cmd('lowerAll', {});
export const OpenQueue = cmd('openQueue', {});
export const CloseQueue = cmd('closeQueue', {});

// --- speeches ---
/** A presiding-panel member speaks outside the queue (phát biểu chỉ đạo); takes precedence. */
export const StartDirectiveSpeech = cmd('startDirectiveSpeech', {
  id: IdSchema.optional(),
  memberId: IdSchema,
  topic: TitleSchema.optional(),
});
export const PauseSpeech = cmd('pauseSpeech', { speechId: IdSchema });
export const ResumeSpeech = cmd('resumeSpeech', { speechId: IdSchema });
export const EndSpeech = cmd('endSpeech', { speechId: IdSchema });
export const ExtendSpeech = cmd('extendSpeech', { speechId: IdSchema, seconds: SecondsSchema });

// --- agenda (chương trình) ---
/** Start the agenda at its first pending step, or at a given step. */
export const StartAgenda = cmd('startAgenda', { stepId: IdSchema.optional() });
export const NextAgendaStep = cmd('nextAgendaStep', {});
export const PreviousAgendaStep = cmd('previousAgendaStep', {});
/** Skip a step that has not run yet (default: the next pending one). */
export const SkipAgendaStep = cmd('skipAgendaStep', { stepId: IdSchema.optional() });

// --- media-facing meeting state ---
export const SetLayout = cmd('setLayout', { mode: LayoutModeSchema });
export const SpotlightPoint = cmd('spotlightPoint', { pointId: IdSchema.nullable() });
/** The chair mutes a point's microphone and holds it: the point cannot unmute itself. */
export const HoldMicrophone = cmd('holdMicrophone', { pointId: IdSchema });
export const ReleaseMicrophone = cmd('releaseMicrophone', { pointId: IdSchema });
/**
 * The chair opens one point's microphone for a moment without a floor (a short remark, a sound
 * check); the point may then open and close it until the chair closes it or gives it to another.
 */
export const GiveMicrophone = cmd('giveMicrophone', { pointId: IdSchema });
/** The chair closes a point's microphone (muted, not held), taking back one it gave. */
export const CloseMicrophone = cmd('closeMicrophone', { pointId: IdSchema });
/** A point mutes or unmutes its own microphone (refused while held, or not granted: R-MEDIA-8). */
export const SetSelfMute = cmd('setSelfMute', { pointId: IdSchema, muted: z.boolean() });
/** Hold every point's microphone except the central point's and the floor holders'. */
export const MuteAllButSpeaker = cmd('muteAllButSpeaker', {});

// --- notes for the minutes (ghi chép biên bản) ---
/** The clerk's note for the minutes; decide attaches it to the agenda step running now (R-NOTES-1). */
export const AddMinutesNote = cmd('addMinutesNote', { id: IdSchema.optional(), text: z.string().trim().min(1).max(TEXT_LIMITS.note) });
/** A note written by mistake is taken back; the log keeps that it was (R-NOTES-2). */
export const RemoveMinutesNote = cmd('removeMinutesNote', { noteId: IdSchema });

// --- recording (ghi hình) ---
/** The chair or the organiser starts recording: a new run, with its own id (R-REC-1). */
export const StartRecording = cmd('startRecording', { id: IdSchema.optional() });
/** `reason` defaults to `requested`; only the server gives `storageFull` / `recorderFailed` (R-REC-2). */
export const StopRecording = cmd('stopRecording', { reason: RecordingStopCommandReasonSchema.optional() });

// --- the live program stream (phát trực tiếp) ---
/** The chair or the organiser publishes the program live (HLS, and RTMP when configured): a new run (R-LIVE-1). */
export const StartLiveStream = cmd('startLiveStream', { id: IdSchema.optional() });
/** `reason` defaults to `requested`; only the server gives `publisherFailed` (R-LIVE-2). */
export const StopLiveStream = cmd('stopLiveStream', { reason: LiveStreamStopCommandReasonSchema.optional() });

export const sessionCommands = [
  ReportReadiness,
  MarkAttendance,
  AddWalkIn,
  RemoveWalkIn,
  PointOnline,
  PointOffline,
  SignalLost,
  SignalRestored,
  SetActiveSpeaker,
  RequestFloor,
  WithdrawRequest,
  GrantFloor,
  DeclineRequest,
  DeferRequest,
  MoveRequest,
  LowerAll,
  OpenQueue,
  CloseQueue,
  StartDirectiveSpeech,
  PauseSpeech,
  ResumeSpeech,
  EndSpeech,
  ExtendSpeech,
  StartAgenda,
  NextAgendaStep,
  PreviousAgendaStep,
  SkipAgendaStep,
  SetLayout,
  SpotlightPoint,
  HoldMicrophone,
  ReleaseMicrophone,
  SetSelfMute,
  MuteAllButSpeaker,
  GiveMicrophone,
  CloseMicrophone,
  AddMinutesNote,
  RemoveMinutesNote,
  StartRecording,
  StopRecording,
  StartLiveStream,
  StopLiveStream,
] as const;
