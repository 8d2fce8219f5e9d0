import { z } from 'zod';
import { ContactSchema, DateSchema, IdSchema, NameSchema, RegionSchema, TimeOfDaySchema, TimeZoneSchema, TitleSchema } from './common.js';
import {
  AgendaDocumentSchema,
  AgendaStepKindSchema,
  ConferenceKindSchema,
  ConferenceStatusSchema,
  InvitationRowSchema,
  MicrophoneDisciplineSchema,
  PointKindSchema,
  QuorumSchema,
  SecondsSchema,
  SpeakingLimitsSchema,
} from './values.js';

// Commands the admin uses to set a conference up (and the chair for some status moves).
// Creating commands take an optional `id`: the demo and imports choose stable ids; otherwise
// decide asks ctx.newId().

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

export const CreateConference = cmd('createConference', {
  id: IdSchema.optional(),
  title: TitleSchema,
  date: DateSchema,
  startTime: TimeOfDaySchema.optional(),
  organiser: NameSchema,
  venue: TitleSchema,
});
export const UpdateConference = cmd('updateConference', {
  title: TitleSchema.optional(),
  date: DateSchema.optional(),
  startTime: TimeOfDaySchema.nullable().optional(),
  organiser: NameSchema.optional(),
  venue: TitleSchema.optional(),
  /** The conference clerk (thư ký hội nghị) who signs the minutes; null clears it. */
  clerkName: NameSchema.nullable().optional(),
  /** The zone the minutes print times in (default Asia/Ho_Chi_Minh). */
  timeZone: TimeZoneSchema.optional(),
  microphoneDiscipline: MicrophoneDisciplineSchema.optional(),
  kind: ConferenceKindSchema.optional(),
  /** who the points call about the line test (name, phone); printed on the connection sheets */
  technicalContact: ContactSchema.optional(),
});
export const SetConferenceStatus = cmd('setConferenceStatus', { status: ConferenceStatusSchema });

export const AddPoint = cmd('addPoint', {
  id: IdSchema.optional(),
  name: NameSchema,
  kind: PointKindSchema,
  contact: ContactSchema.optional(),
  /** the region whose cluster node the point is placed on (R-SETUP-10); absent: any node */
  region: RegionSchema.optional(),
});
export const UpdatePoint = cmd('updatePoint', {
  pointId: IdSchema,
  name: NameSchema.optional(),
  kind: PointKindSchema.optional(),
  contact: ContactSchema.optional(),
  /** null takes the point's region off (placed by load alone) */
  region: RegionSchema.nullable().optional(),
});
export const RemovePoint = cmd('removePoint', { pointId: IdSchema });

export const AddPanelMember = cmd('addPanelMember', {
  id: IdSchema.optional(),
  name: NameSchema,
  position: NameSchema,
  organisation: NameSchema,
});
export const UpdatePanelMember = cmd('updatePanelMember', {
  memberId: IdSchema,
  name: NameSchema.optional(),
  position: NameSchema.optional(),
  organisation: NameSchema.optional(),
});
export const RemovePanelMember = cmd('removePanelMember', { memberId: IdSchema });
/** The full new order of the presiding panel: a permutation of the current member ids. */
export const ReorderPanel = cmd('reorderPanel', { memberIds: z.array(IdSchema).max(100) });

/** `pointId`: the point the organisation sits at (UBND huyện Thới Bình at Thới Bình); none when it is at several. */
export const AddOrganisation = cmd('addOrganisation', { id: IdSchema.optional(), name: NameSchema, pointId: IdSchema.optional() });
/** Only the fields given change; `pointId: null` takes the organisation off its point. */
export const UpdateOrganisation = cmd('updateOrganisation', { organisationId: IdSchema, name: NameSchema.optional(), pointId: IdSchema.nullable().optional() });
export const RemoveOrganisation = cmd('removeOrganisation', { organisationId: IdSchema });

const agendaStepFields = {
  title: TitleSchema,
  kind: AgendaStepKindSchema,
  presenter: NameSchema.optional(),
  presidingMemberId: IdSchema.optional(),
  plannedMinutes: z.number().int().min(1).max(24 * 60),
  documents: z.array(AgendaDocumentSchema).max(50).optional(),
  /** the clock time the step is planned to start (the programme's "7 giờ 30") */
  plannedStart: TimeOfDaySchema.optional(),
};
export const AddAgendaStep = cmd('addAgendaStep', { id: IdSchema.optional(), ...agendaStepFields });
export const UpdateAgendaStep = cmd('updateAgendaStep', {
  stepId: IdSchema,
  title: TitleSchema.optional(),
  kind: AgendaStepKindSchema.optional(),
  presenter: NameSchema.nullable().optional(),
  presidingMemberId: IdSchema.nullable().optional(),
  plannedMinutes: z.number().int().min(1).max(24 * 60).optional(),
  documents: z.array(AgendaDocumentSchema).max(50).optional(),
  plannedStart: TimeOfDaySchema.nullable().optional(),
});
export const ReorderAgenda = cmd('reorderAgenda', { stepIds: z.array(IdSchema).max(200) });
export const RemoveAgendaStep = cmd('removeAgendaStep', { stepId: IdSchema });

/**
 * Already-parsed rows from shared/import (validated again here: they came over the wire).
 * `replace` swaps the whole list (only before anyone is marked); `append` adds to it.
 */
export const ImportInvitationList = cmd('importInvitationList', {
  mode: z.enum(['replace', 'append']),
  rows: z.array(InvitationRowSchema).min(1).max(5000),
});

export const SetQuorum = cmd('setQuorum', { quorum: QuorumSchema });
export const SetSpeakingLimits = cmd('setSpeakingLimits', { limits: SpeakingLimitsSchema });
export const SetMaxOpenFloors = cmd('setMaxOpenFloors', { max: z.number().int().min(1).max(20) });
/** Whether observers may export this conference's reports (R-REPORT-1). */
export const SetObserverExport = cmd('setObserverExport', { allowed: z.boolean() });

export const setupCommands = [
  CreateConference,
  UpdateConference,
  SetConferenceStatus,
  AddPoint,
  UpdatePoint,
  RemovePoint,
  AddPanelMember,
  UpdatePanelMember,
  RemovePanelMember,
  ReorderPanel,
  AddOrganisation,
  UpdateOrganisation,
  RemoveOrganisation,
  AddAgendaStep,
  UpdateAgendaStep,
  ReorderAgenda,
  RemoveAgendaStep,
  ImportInvitationList,
  SetQuorum,
  SetSpeakingLimits,
  SetMaxOpenFloors,
  SetObserverExport,
] as const;

export { SecondsSchema };
