// The meeting core: one pure, replayable domain shared by server and client.
export type { DecideContext, DecideResult } from './context.js';
export { decide } from './decide.js';
export { evolve, replay } from './evolve.js';
export { ERROR_CODES, type ErrorCode } from './errors.js';
export { ALLOWED_ROLES, REPORT_EXPORTERS, SYSTEM_COMMANDS, mayExportReports, TRANSITIONS, CHAIR_TRANSITIONS, allowedStatuses } from './permissions.js';
export * from './selectors.js';
export { pointsFromPastedText, type PastedPoints } from './organiser-input.js';
export {
  emptyState,
  DEFAULT_MAX_OPEN_FLOORS,
  DEFAULT_SPEAKING_LIMITS,
  type AgendaStep,
  type Attendee,
  type Conference,
  type FloorRequest,
  type MarkRecord,
  type MeetingState,
  type MinutesNote,
  type LineTestState,
  type LinkOpenRecord,
  type Organisation,
  type PanelMember,
  type Point,
  type PointAudio,
  type PointCall,
  type PreflightRecord,
  type PointPresence,
  type PresenceSpan,
  type Readiness,
  type LiveStreamRun,
  type RecordingRun,
  type Run,
  type RequestStatus,
  type Speech,
  type SpeechPause,
  type StepRun,
} from './state.js';
export { READ_PARTS, READ_POLICY, audienceOf, readScopeOf, type ReadAccess, type ReadPart, type ReadScope } from './read-policy.js';
export { EVENT_PART, attendeePointsOf, projectEvent, projectState, type AttendeePointLookup } from './read-projection.js';
export { copyConferenceCommands, type CopyOptions, type CopyTarget } from './copy-conference.js';
