import { z } from 'zod';
import { ActorSchema, ContactSchema, DateSchema, EpochMsSchema, IdSchema, NameSchema, TimeOfDaySchema, TimeZoneSchema, TitleSchema } from './common.js';
import {
  AgendaDocumentSchema,
  AgendaStepKindSchema,
  AttendeeRecordSchema,
  ConferenceKindSchema,
  ConferenceStatusSchema,
  MicrophoneDisciplineSchema,
  PointKindSchema,
  QuorumSchema,
  SpeakingLimitsSchema,
} from './values.js';

// Events of conference setup. Each carries `at` and `by`, and every id already resolved, so
// evolve applies it without looking anything up in a clock, a database or an envelope.

const evt = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), at: EpochMsSchema, by: ActorSchema, ...shape });

export const ConferenceCreated = evt('conferenceCreated', {
  conferenceId: IdSchema,
  title: TitleSchema,
  date: DateSchema,
  startTime: TimeOfDaySchema.nullable(),
  organiser: NameSchema,
  venue: TitleSchema,
});
export const ConferenceUpdated = evt('conferenceUpdated', {
  title: TitleSchema.optional(),
  date: DateSchema.optional(),
  startTime: TimeOfDaySchema.nullable().optional(),
  organiser: NameSchema.optional(),
  venue: TitleSchema.optional(),
  clerkName: NameSchema.nullable().optional(),
  timeZone: TimeZoneSchema.optional(),
  microphoneDiscipline: MicrophoneDisciplineSchema.optional(),
  kind: ConferenceKindSchema.optional(),
  technicalContact: ContactSchema.optional(),
});
export const ConferenceStatusChanged = evt('conferenceStatusChanged', {
  from: ConferenceStatusSchema,
  to: ConferenceStatusSchema,
});

export const PointAdded = evt('pointAdded', {
  pointId: IdSchema,
  name: NameSchema,
  kind: PointKindSchema,
  contact: ContactSchema,
});
export const PointUpdated = evt('pointUpdated', {
  pointId: IdSchema,
  name: NameSchema.optional(),
  kind: PointKindSchema.optional(),
  contact: ContactSchema.optional(),
});
export const PointRemoved = evt('pointRemoved', { pointId: IdSchema });

export const PanelMemberAdded = evt('panelMemberAdded', {
  memberId: IdSchema,
  name: NameSchema,
  position: NameSchema,
  organisation: NameSchema,
});
export const PanelMemberUpdated = evt('panelMemberUpdated', {
  memberId: IdSchema,
  name: NameSchema.optional(),
  position: NameSchema.optional(),
  organisation: NameSchema.optional(),
});
export const PanelMemberRemoved = evt('panelMemberRemoved', { memberId: IdSchema });
export const PanelReordered = evt('panelReordered', { memberIds: z.array(IdSchema).max(100) });

export const OrganisationAdded = evt('organisationAdded', { organisationId: IdSchema, name: NameSchema });
export const OrganisationUpdated = evt('organisationUpdated', { organisationId: IdSchema, name: NameSchema });
export const OrganisationRemoved = evt('organisationRemoved', { organisationId: IdSchema });

export const AgendaStepAdded = evt('agendaStepAdded', {
  stepId: IdSchema,
  title: TitleSchema,
  kind: AgendaStepKindSchema,
  presenter: NameSchema.nullable(),
  presidingMemberId: IdSchema.nullable(),
  plannedMinutes: z.number().int().min(1).max(24 * 60),
  documents: z.array(AgendaDocumentSchema).max(50),
  /** absent in logs written before planned start times existed */
  plannedStart: TimeOfDaySchema.nullable().optional(),
});
export const AgendaStepUpdated = evt('agendaStepUpdated', {
  stepId: IdSchema,
  title: TitleSchema.optional(),
  kind: AgendaStepKindSchema.optional(),
  presenter: NameSchema.nullable().optional(),
  presidingMemberId: IdSchema.nullable().optional(),
  plannedMinutes: z.number().int().min(1).max(24 * 60).optional(),
  documents: z.array(AgendaDocumentSchema).max(50).optional(),
  plannedStart: TimeOfDaySchema.nullable().optional(),
});
export const AgendaReordered = evt('agendaReordered', { stepIds: z.array(IdSchema).max(200) });
export const AgendaStepRemoved = evt('agendaStepRemoved', { stepId: IdSchema });

/** Organisations named by the rows but not yet known arrive first, as organisationAdded events. */
export const InvitationListImported = evt('invitationListImported', {
  mode: z.enum(['replace', 'append']),
  attendees: z.array(AttendeeRecordSchema).max(5000),
});

export const QuorumSet = evt('quorumSet', { quorum: QuorumSchema });
export const SpeakingLimitsSet = evt('speakingLimitsSet', { limits: SpeakingLimitsSchema });
export const MaxOpenFloorsSet = evt('maxOpenFloorsSet', { max: z.number().int().min(1).max(20) });
export const ObserverExportSet = evt('observerExportSet', { allowed: z.boolean() });

export const setupEvents = [
  ConferenceCreated,
  ConferenceUpdated,
  ConferenceStatusChanged,
  PointAdded,
  PointUpdated,
  PointRemoved,
  PanelMemberAdded,
  PanelMemberUpdated,
  PanelMemberRemoved,
  PanelReordered,
  OrganisationAdded,
  OrganisationUpdated,
  OrganisationRemoved,
  AgendaStepAdded,
  AgendaStepUpdated,
  AgendaReordered,
  AgendaStepRemoved,
  InvitationListImported,
  QuorumSet,
  SpeakingLimitsSet,
  MaxOpenFloorsSet,
  ObserverExportSet,
] as const;
