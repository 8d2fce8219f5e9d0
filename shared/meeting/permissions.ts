import { READ_POLICY, readScopeOf } from './read-policy.js';
import type { MeetingState } from './state.js';
import { COMMAND_TYPES, ROLES, type CommandType, type ConferenceStatus, type Role } from '../protocol/index.js';

// Who may issue which command (R-AUTH-*), and in which conference status (R-CONF-*).
// Checked by decide before anything else, so a refused command never reaches a rule.

const SETUP: readonly Role[] = ['admin'];
const CHAIR: readonly Role[] = ['chair'];
const CLERKS: readonly Role[] = ['clerk', 'chair'];
const SYSTEM: readonly Role[] = ['system'];

export const ALLOWED_ROLES: Record<CommandType, readonly Role[]> = {
  createConference: SETUP,
  updateConference: SETUP,
  setConferenceStatus: ['admin', 'chair'],
  addPoint: SETUP,
  updatePoint: SETUP,
  removePoint: SETUP,
  addPanelMember: SETUP,
  updatePanelMember: SETUP,
  removePanelMember: SETUP,
  reorderPanel: SETUP,
  addOrganisation: SETUP,
  updateOrganisation: SETUP,
  removeOrganisation: SETUP,
  addAgendaStep: SETUP,
  updateAgendaStep: SETUP,
  reorderAgenda: SETUP,
  removeAgendaStep: SETUP,
  // The clerk keeps the invitation list (issue 6: the clerk console imports it with a preview).
  importInvitationList: ['admin', 'clerk'],
  setQuorum: SETUP,
  setSpeakingLimits: SETUP,
  setMaxOpenFloors: SETUP,
  setObserverExport: SETUP,

  // A point reports its own readiness; the clerk or chair may record it for a point on the phone.
  reportReadiness: ['point', 'clerk', 'chair'],
  markAttendance: CLERKS,
  addWalkIn: CLERKS,
  removeWalkIn: CLERKS,

  pointOnline: SYSTEM,
  pointOffline: SYSTEM,
  signalLost: SYSTEM,
  signalRestored: SYSTEM,
  setActiveSpeaker: SYSTEM,

  // The chair may register a request on a point's behalf (e.g. a point without a working console).
  requestFloor: ['point', 'chair'],
  withdrawRequest: ['point', 'chair'],
  grantFloor: CHAIR,
  declineRequest: CHAIR,
  deferRequest: CHAIR,
  moveRequest: CHAIR,
  lowerAll: CHAIR,
  openQueue: CHAIR,
  closeQueue: CHAIR,

  startDirectiveSpeech: CHAIR,
  pauseSpeech: CHAIR,
  resumeSpeech: CHAIR,
  // A point may end its own floor ("I have finished"); only the chair ends anyone's.
  endSpeech: ['chair', 'point'],
  extendSpeech: CHAIR,

  startAgenda: CHAIR,
  nextAgendaStep: CHAIR,
  previousAgendaStep: CHAIR,
  skipAgendaStep: CHAIR,

  setLayout: CHAIR,
  spotlightPoint: CHAIR,
  holdMicrophone: CHAIR,
  releaseMicrophone: CHAIR,
  // A point mutes itself; the chair operates the central point's own microphone.
  setSelfMute: ['point', 'chair'],
  muteAllButSpeaker: CHAIR,
  giveMicrophone: CHAIR,
  closeMicrophone: CHAIR,

  // Notes for the minutes: the clerk writes them; the chair may too (a small conference has no clerk).
  addMinutesNote: CLERKS,
  removeMinutesNote: CLERKS,

  // Recording: the chair or the organiser decides (R-REC-1); the server stops it only when its
  // storage is full or its recorder fails (R-REC-2).
  startRecording: ['chair', 'admin'],
  stopRecording: ['chair', 'admin', 'system'],
  // The live program stream: the same (R-LIVE-1); the server stops it only when its publisher fails (R-LIVE-2).
  startLiveStream: ['chair', 'admin'],
  stopLiveStream: ['chair', 'admin', 'system'],
  // The organiser's console (issue #13): the admin prepares; the chair may also call a point.
  addPoints: SETUP,
  reorderPoints: SETUP,
  callPoint: ['admin', 'chair'],
  acknowledgeCall: ['point'],
  reportPreflight: ['point'],
  recordLinkOpened: SYSTEM,
  // Stills: the chair or the clerk asks from their console, the organiser from the program view;
  // the server records one at each speech's start (R-STILL-1/2). The minutes' figures are chosen
  // by those who write and export the minutes (R-STILL-4).
  recordStill: ['chair', 'clerk', 'admin', 'system'],
  selectStillForMinutes: ['chair', 'clerk', 'admin'],
};

/** Commands only the server's own edges issue (presence from sockets, link health and speaker from media). */
export const SYSTEM_COMMANDS: ReadonlySet<CommandType> = new Set(COMMAND_TYPES.filter((type) => ALLOWED_ROLES[type].every((role) => role === 'system')));

const NOT_CLOSED: readonly ConferenceStatus[] = ['draft', 'scheduled', 'rollCall', 'inSession', 'adjourned'];
const IN_SESSION: readonly ConferenceStatus[] = ['inSession'];
const ANY_STATUS: readonly ConferenceStatus[] = [...NOT_CLOSED, 'closed'];

/** Statuses in which a command is accepted; setup works until the record is closed. */
export function allowedStatuses(type: CommandType): readonly ConferenceStatus[] {
  switch (type) {
    case 'reportReadiness':
      return ['rollCall', 'inSession'];
    case 'markAttendance':
    case 'addWalkIn':
    case 'removeWalkIn':
    case 'addMinutesNote':
    case 'removeMinutesNote':
    case 'startRecording':
    case 'startLiveStream':
    case 'recordStill':
    case 'selectStillForMinutes':
      // Corrections stay possible after the session is adjourned, until the record is closed;
      // recording and the live stream too, from the roll-call on (the rooms are on camera then, R-REC-1, R-LIVE-1).
      return ['rollCall', 'inSession', 'adjourned'];
    case 'requestFloor':
    case 'withdrawRequest':
    case 'grantFloor':
    case 'declineRequest':
    case 'deferRequest':
    case 'moveRequest':
    case 'lowerAll':
    case 'openQueue':
    case 'closeQueue':
    case 'startDirectiveSpeech':
    case 'pauseSpeech':
    case 'resumeSpeech':
    case 'endSpeech':
    case 'extendSpeech':
    case 'startAgenda':
    case 'nextAgendaStep':
    case 'previousAgendaStep':
    case 'skipAgendaStep':
      return IN_SESSION;
    case 'setObserverExport':
      // R-REPORT-1: who may read the record is no part of it; reports are wanted most once closed.
      return ANY_STATUS;
    default:
      return NOT_CLOSED;
  }
}

/** The status machine (R-CONF-3): forward one step, or back where a mistake is cheap to undo. */
export const TRANSITIONS: Record<ConferenceStatus, readonly ConferenceStatus[]> = {
  draft: ['scheduled'],
  scheduled: ['draft', 'rollCall'],
  rollCall: ['scheduled', 'inSession'],
  inSession: ['adjourned'],
  adjourned: ['inSession', 'closed'],
  closed: [],
};

/** The chair runs the day (R-CONF-4); preparing and closing the record is the admin's. */
export const CHAIR_TRANSITIONS: readonly `${ConferenceStatus}>${ConferenceStatus}`[] = [
  'scheduled>rollCall',
  'rollCall>inSession',
  'inSession>adjourned',
  'adjourned>inSession',
];

/**
 * Who may check one point privately, seeing and hearing it outside the program (issue #13's line
 * test): the organiser only. Not a command (nothing is recorded), but the same table of roles.
 */
export const PRIVATE_CHECK_ROLES: readonly Role[] = SETUP;

/**
 * Who sees the recordings' storage and renders the program cut (HTTP, not commands: nothing in the
 * meeting changes): those who may start a recording, the same people who decide there is one.
 */
export const RECORDING_KEEPERS: readonly Role[] = ALLOWED_ROLES.startRecording;

/** Who exports the attendance report and the minutes (R-REPORT-2): those who keep the record. */
export const REPORT_EXPORTERS: readonly Role[] = ROLES.filter((role) => role !== 'system' && READ_POLICY[role].attendance === 'all' && READ_POLICY[role].notes === 'all');

/**
 * R-REPORT-2 R-READ-6: the reports are the whole record (every attendee and mark, the notes), so
 * they go to whoever READ_POLICY lets read all of the attendance and the notes: exporters always,
 * an observer when the admin allowed it (R-REPORT-1), a point never.
 */
export function mayExportReports(state: MeetingState, role: Role): boolean {
  const { parts } = readScopeOf(state, { role });
  return parts.attendance === 'all' && parts.notes === 'all';
}
