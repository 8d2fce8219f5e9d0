import { z } from 'zod';
import {
  RemoveAgendaStep,
  RemoveOrganisation,
  RemovePanelMember,
  RemovePoint,
  ReorderAgenda,
  ReorderPanel,
  SetMaxOpenFloors,
  SetObserverExport,
  SetQuorum,
  SetSpeakingLimits,
  UpdateAgendaStep,
  UpdateConference,
  UpdateOrganisation,
  UpdatePanelMember,
  UpdatePoint,
} from './commands-setup.js';
import { ContactSchema, DateSchema, evt, fieldsOf, IdSchema, NameSchema, RegionSchema, TimeOfDaySchema, TitleSchema } from './common.js';
import { AgendaDocumentSchema, AgendaStepKindSchema, AttendeeRecordSchema, ConferenceStatusSchema, PointKindSchema } from './values.js';

// Events of conference setup. Each carries `at` and `by`, and every id already resolved, so
// evolve applies it without looking anything up in a clock, a database or an envelope.


export const ConferenceCreated = evt('conferenceCreated', {
  conferenceId: IdSchema,
  title: TitleSchema,
  date: DateSchema,
  startTime: TimeOfDaySchema.nullable(),
  organiser: NameSchema,
  venue: TitleSchema,
});
export const ConferenceUpdated = evt('conferenceUpdated', fieldsOf(UpdateConference));
export const ConferenceStatusChanged = evt('conferenceStatusChanged', {
  from: ConferenceStatusSchema,
  to: ConferenceStatusSchema,
});

export const PointAdded = evt('pointAdded', {
  pointId: IdSchema,
  name: NameSchema,
  kind: PointKindSchema,
  contact: ContactSchema,
  /** absent in logs written before points had a region (read as none) */
  region: RegionSchema.nullable().optional(),
});
export const PointUpdated = evt('pointUpdated', fieldsOf(UpdatePoint));
export const PointRemoved = evt('pointRemoved', fieldsOf(RemovePoint));

export const PanelMemberAdded = evt('panelMemberAdded', {
  memberId: IdSchema,
  name: NameSchema,
  position: NameSchema,
  organisation: NameSchema,
});
export const PanelMemberUpdated = evt('panelMemberUpdated', fieldsOf(UpdatePanelMember));
export const PanelMemberRemoved = evt('panelMemberRemoved', fieldsOf(RemovePanelMember));
export const PanelReordered = evt('panelReordered', fieldsOf(ReorderPanel));

/** `pointId` absent in logs written before organisations had a point (read as none). */
export const OrganisationAdded = evt('organisationAdded', { organisationId: IdSchema, name: NameSchema, pointId: IdSchema.nullable().optional() });
export const OrganisationUpdated = evt('organisationUpdated', fieldsOf(UpdateOrganisation));
export const OrganisationRemoved = evt('organisationRemoved', fieldsOf(RemoveOrganisation));

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
export const AgendaStepUpdated = evt('agendaStepUpdated', fieldsOf(UpdateAgendaStep));
export const AgendaReordered = evt('agendaReordered', fieldsOf(ReorderAgenda));
export const AgendaStepRemoved = evt('agendaStepRemoved', fieldsOf(RemoveAgendaStep));

/** Organisations named by the rows but not yet known arrive first, as organisationAdded events. */
export const InvitationListImported = evt('invitationListImported', {
  mode: z.enum(['replace', 'append']),
  attendees: z.array(AttendeeRecordSchema).max(5000),
});

export const QuorumSet = evt('quorumSet', fieldsOf(SetQuorum));
export const SpeakingLimitsSet = evt('speakingLimitsSet', fieldsOf(SetSpeakingLimits));
export const MaxOpenFloorsSet = evt('maxOpenFloorsSet', fieldsOf(SetMaxOpenFloors));
export const ObserverExportSet = evt('observerExportSet', fieldsOf(SetObserverExport));

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
