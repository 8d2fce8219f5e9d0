import { z } from 'zod';
import { ContactSchema, IdSchema, NameSchema, ReasonSchema, RoleSchema, TitleSchema, UrlSchema } from './common.js';

// Value objects of the meeting: the vocabulary commands and events are written in.

export const CONFERENCE_STATUSES = ['draft', 'scheduled', 'rollCall', 'inSession', 'adjourned', 'closed'] as const;
/** draft → scheduled → open for roll-call → in session → adjourned → closed (see SPEC R-CONF-3). */
export const ConferenceStatusSchema = z.enum(CONFERENCE_STATUSES);
export type ConferenceStatus = z.infer<typeof ConferenceStatusSchema>;

/** The central point is a kind of its own; connection points are district/city/commune/department. */
export const POINT_KINDS = ['central', 'district', 'city', 'commune', 'department'] as const;
export const PointKindSchema = z.enum(POINT_KINDS);
export type PointKind = z.infer<typeof PointKindSchema>;

export const ATTENDANCE_STATUSES = ['unmarked', 'present', 'excused', 'absent', 'substitute'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** A clerk's mark on one attendee (có mặt / vắng có lý do / vắng không lý do / cử người dự thay). */
export const AttendanceMarkSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('unmarked') }),
  z.strictObject({ status: z.literal('present') }),
  z.strictObject({ status: z.literal('excused'), reason: ReasonSchema }),
  z.strictObject({ status: z.literal('absent') }),
  z.strictObject({ status: z.literal('substitute'), substituteName: NameSchema, substitutePosition: NameSchema }),
]);
export type AttendanceMark = z.infer<typeof AttendanceMarkSchema>;

export const REQUEST_KINDS = ['contribution', 'reply', 'pointOfOrder'] as const;
/** Kinds of a request for the floor: a contribution, a reply to the current speaker, a point of order. */
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

export const SPEECH_KINDS = ['contribution', 'reply', 'pointOfOrder', 'directive'] as const;
/** A directive speech is a presiding-panel member's, outside the queue. */
export const SpeechKindSchema = z.enum(SPEECH_KINDS);
export type SpeechKind = z.infer<typeof SpeechKindSchema>;

export const AGENDA_STEP_KINDS = ['opening', 'report', 'discussion', 'directive', 'conclusion', 'other'] as const;
export const AgendaStepKindSchema = z.enum(AGENDA_STEP_KINDS);
export type AgendaStepKind = z.infer<typeof AgendaStepKindSchema>;

export const LAYOUT_MODES = ['presiding', 'discussion', 'gallery'] as const;
export const LayoutModeSchema = z.enum(LAYOUT_MODES);
export type LayoutMode = z.infer<typeof LayoutModeSchema>;

export const MICROPHONE_DISCIPLINES = ['chairGrants', 'free'] as const;
/**
 * Who opens a connection point's microphone (R-MEDIA-8): `chairGrants` — only the chair, by the
 * floor or for a moment (the seed's "delegates keep microphones off until given the floor", a
 * conference system's "request" mode); `free` — a point opens its own unless the chair holds it.
 */
export const MicrophoneDisciplineSchema = z.enum(MICROPHONE_DISCIPLINES);
export type MicrophoneDiscipline = z.infer<typeof MicrophoneDisciplineSchema>;

/** A document attached to an agenda step, by name and optional URL. */
export const AgendaDocumentSchema = z.strictObject({ name: TitleSchema, url: UrlSchema.optional() });
export type AgendaDocument = z.infer<typeof AgendaDocumentSchema>;

/** Seconds; 0 would be meaningless, a day is a generous upper bound. */
export const SecondsSchema = z.number().int().min(1).max(86_400);

/**
 * Speaking-time limits per kind of speech, in seconds; null means no limit.
 * warningSeconds: how long before the end the speaker is warned (default 30).
 */
export const SpeakingLimitsSchema = z.strictObject({
  contribution: SecondsSchema.nullable(),
  reply: SecondsSchema.nullable(),
  pointOfOrder: SecondsSchema.nullable(),
  directive: SecondsSchema.nullable(),
  warningSeconds: z.number().int().min(0).max(3600),
});
export type SpeakingLimits = z.infer<typeof SpeakingLimitsSchema>;

/** Quorum: a fixed number present, or a percentage of those invited; null = no quorum set. */
export const QuorumSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('count'), present: z.number().int().min(1).max(100_000) }),
    z.strictObject({ kind: z.literal('percent'), percent: z.number().min(1).max(100) }),
  ])
  .nullable();
export type Quorum = z.infer<typeof QuorumSchema>;

/** One row of an invitation list, as the import parser (shared/import) produces it. */
export const InvitationRowSchema = z.strictObject({
  line: z.number().int().min(1).max(1_000_000),
  name: NameSchema,
  position: z.string().trim().max(300),
  /** May arrive empty from a sloppy sheet; decide then refuses the import naming the line. */
  organisation: z.string().trim().max(300),
  point: NameSchema,
  note: z.string().max(300).optional(),
  email: z.string().max(300).optional(),
  phone: z.string().max(300).optional(),
});
export type InvitationRow = z.infer<typeof InvitationRowSchema>;

/** An attendee as recorded by an event (ids already resolved by decide). */
export const AttendeeRecordSchema = z.strictObject({
  id: IdSchema,
  name: NameSchema,
  position: z.string().max(300),
  organisationId: IdSchema,
  pointId: IdSchema,
  line: z.number().int().min(1).nullable(),
});
export type AttendeeRecord = z.infer<typeof AttendeeRecordSchema>;

/** Kinds of conference an office runs (thường kỳ, chuyên đề, sơ kết/tổng kết, đột xuất, khác). */
export const CONFERENCE_KINDS = ['regular', 'thematic', 'review', 'extraordinary', 'other'] as const;
export const ConferenceKindSchema = z.enum(CONFERENCE_KINDS);
export type ConferenceKind = z.infer<typeof ConferenceKindSchema>;

/** A camera's or microphone's pre-flight result: the browser's getUserMedia outcome, by meaning. */
export const DEVICE_CHECKS = ['ok', 'blocked', 'notFound', 'inUse', 'other'] as const;
export const DeviceCheckSchema = z.enum(DEVICE_CHECKS);
export type DeviceCheck = z.infer<typeof DeviceCheckSchema>;

/** The pre-flight's network check: median round trip to the server and its verdict; null = unreachable. */
export const NetworkCheckSchema = z
  .strictObject({ verdict: z.enum(['good', 'fair', 'poor']), rttMs: z.number().int().min(0).max(600_000) })
  .nullable();
export type NetworkCheck = z.infer<typeof NetworkCheckSchema>;

/** The roles a join link may carry (every role but the server's own `system`). */
export const JoinRoleValueSchema = RoleSchema.exclude(['system']);

export { ContactSchema };

/**
 * Why a recording run stopped: the chair or the organiser asked; the server stopped it because its
 * storage is full or its recorder failed; or the conference was closed while it ran.
 */
export const RECORDING_STOP_REASONS = ['requested', 'storageFull', 'recorderFailed', 'conferenceClosed'] as const;
export const RecordingStopReasonSchema = z.enum(RECORDING_STOP_REASONS);
export type RecordingStopReason = z.infer<typeof RecordingStopReasonSchema>;
/** The reasons a command may give; `conferenceClosed` is decide's own (R-REC-3). */
export const RecordingStopCommandReasonSchema = z.enum(['requested', 'storageFull', 'recorderFailed']);

/**
 * Why a live program stream stopped: the chair or the organiser asked; the server's publisher
 * failed (its compositor kept dying); or the conference was closed while it ran.
 */
export const LIVE_STREAM_STOP_REASONS = ['requested', 'publisherFailed', 'conferenceClosed'] as const;
export const LiveStreamStopReasonSchema = z.enum(LIVE_STREAM_STOP_REASONS);
export type LiveStreamStopReason = z.infer<typeof LiveStreamStopReasonSchema>;
/** The reasons a command may give; `conferenceClosed` is decide's own (R-LIVE-3). */
export const LiveStreamStopCommandReasonSchema = z.enum(['requested', 'publisherFailed']);
