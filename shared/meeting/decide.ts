import { CommandSchema, PrincipalSchema, type Command } from '../protocol/index.js';
import type { DecideContext, DecideResult } from './context.js';
import * as conference from './decide-conference.js';
import * as agenda from './decide-agenda.js';
import { importInvitationList } from './decide-import.js';
import * as media from './decide-media.js';
import * as notes from './decide-notes.js';
import * as organiser from './decide-organiser.js';
import * as queue from './decide-queue.js';
import * as recording from './decide-recording.js';
import * as rollCall from './decide-roll-call.js';
import * as setup from './decide-setup.js';
import * as speech from './decide-speech.js';
import * as stills from './decide-stills.js';
import { BadIdSource, checkedIdSource, toNfc, type ConfEnv, type Env, type Outcome } from './env.js';
import { refuse } from './errors.js';
import { ALLOWED_ROLES, allowedStatuses } from './permissions.js';
import type { MeetingState } from './state.js';

// decide(state, command, ctx): the one place meeting rules are checked. Pure: time, ids and the
// acting principal come from ctx. Never throws; a refusal emits nothing (R-AUTH-5).

export function decide(state: MeetingState, command: unknown, ctx: DecideContext): DecideResult {
  try {
    const principal = PrincipalSchema.safeParse(ctx?.principal);
    if (!principal.success || typeof ctx.now !== 'number' || !Number.isSafeInteger(ctx.now) || ctx.now < 0 || typeof ctx.newId !== 'function') {
      return refuse('INVALID_CONTEXT');
    }
    const parsed = CommandSchema.safeParse(command);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return refuse('INVALID_COMMAND', first ? `${first.path.join('.') || '(command)'}: ${first.message}` : undefined);
    }
    const env: Env = { state, at: ctx.now, by: principal.data, newId: checkedIdSource(ctx.newId) };
    return route(env, toNfc(parsed.data));
  } catch (err) {
    if (err instanceof BadIdSource) return refuse('INVALID_CONTEXT', 'ctx.newId() returned an invalid id.');
    return refuse('INTERNAL_ERROR');
  }
}

function route(env: Env, c: Command): Outcome {
  // R-AUTH-1: the role is checked first; an observer changes nothing, only the server is system.
  if (!ALLOWED_ROLES[c.type].includes(env.by.role)) return refuse('FORBIDDEN', `(${env.by.role} → ${c.type})`);
  const conf = env.state.conference;
  if (c.type === 'createConference') return conference.createConference(env, c);
  if (!conf) return refuse('NO_CONFERENCE');
  // R-CONF-6: a closed conference accepts nothing that changes its record.
  if (conf.status === 'closed' && !allowedStatuses(c.type).includes('closed')) return refuse('CONFERENCE_CLOSED');
  if (!allowedStatuses(c.type).includes(conf.status)) return refuse('WRONG_STATUS', `(${c.type} in ${conf.status})`);
  return routeConference({ ...env, conf }, c);
}

function routeConference(env: ConfEnv, c: Exclude<Command, { type: 'createConference' }>): Outcome {
  switch (c.type) {
    case 'updateConference':
      return conference.updateConference(env, c);
    case 'setConferenceStatus':
      return conference.setConferenceStatus(env, c);
    case 'setQuorum':
      return conference.setQuorum(env, c);
    case 'setSpeakingLimits':
      return conference.setSpeakingLimits(env, c);
    case 'setMaxOpenFloors':
      return conference.setMaxOpenFloors(env, c);
    case 'setObserverExport':
      return conference.setObserverExport(env, c);
    case 'addPoint':
      return setup.addPoint(env, c);
    case 'updatePoint':
      return setup.updatePoint(env, c);
    case 'removePoint':
      return setup.removePoint(env, c);
    case 'addPanelMember':
      return setup.addPanelMember(env, c);
    case 'updatePanelMember':
      return setup.updatePanelMember(env, c);
    case 'removePanelMember':
      return setup.removePanelMember(env, c);
    case 'reorderPanel':
      return setup.reorderPanel(env, c);
    case 'addOrganisation':
      return setup.addOrganisation(env, c);
    case 'updateOrganisation':
      return setup.updateOrganisation(env, c);
    case 'removeOrganisation':
      return setup.removeOrganisation(env, c);
    case 'addAgendaStep':
      return setup.addAgendaStep(env, c);
    case 'updateAgendaStep':
      return setup.updateAgendaStep(env, c);
    case 'reorderAgenda':
      return setup.reorderAgenda(env, c);
    case 'removeAgendaStep':
      return setup.removeAgendaStep(env, c);
    case 'importInvitationList':
      return importInvitationList(env, c);
    case 'reportReadiness':
      return rollCall.reportReadiness(env, c);
    case 'markAttendance':
      return rollCall.markAttendance(env, c);
    case 'addWalkIn':
      return rollCall.addWalkIn(env, c);
    case 'removeWalkIn':
      return rollCall.removeWalkIn(env, c);
    case 'pointOnline':
    case 'pointOffline':
    case 'signalLost':
    case 'signalRestored':
      return rollCall.presence(env, c);
    case 'setActiveSpeaker':
      return rollCall.setActiveSpeaker(env, c);
    case 'requestFloor':
      return queue.requestFloor(env, c);
    case 'withdrawRequest':
      return queue.withdrawRequest(env, c);
    case 'grantFloor':
      return queue.grantFloor(env, c);
    case 'declineRequest':
      return queue.declineRequest(env, c);
    case 'deferRequest':
      return queue.deferRequest(env, c);
    case 'moveRequest':
      return queue.moveRequest(env, c);
    case 'lowerAll':
      return queue.lowerAll(env);
    case 'openQueue':
      return queue.openQueue(env);
    case 'closeQueue':
      return queue.closeQueue(env);
    case 'startDirectiveSpeech':
      return speech.startDirectiveSpeech(env, c);
    case 'pauseSpeech':
      return speech.pauseSpeech(env, c);
    case 'resumeSpeech':
      return speech.resumeSpeech(env, c);
    case 'endSpeech':
      return speech.endSpeech(env, c);
    case 'extendSpeech':
      return speech.extendSpeech(env, c);
    case 'startAgenda':
      return agenda.startAgenda(env, c);
    case 'nextAgendaStep':
      return agenda.nextAgendaStep(env);
    case 'previousAgendaStep':
      return agenda.previousAgendaStep(env);
    case 'skipAgendaStep':
      return agenda.skipAgendaStep(env, c);
    case 'setLayout':
      return media.setLayout(env, c);
    case 'spotlightPoint':
      return media.spotlightPoint(env, c);
    case 'holdMicrophone':
      return media.holdMicrophone(env, c);
    case 'releaseMicrophone':
      return media.releaseMicrophone(env, c);
    case 'setSelfMute':
      return media.setSelfMute(env, c);
    case 'muteAllButSpeaker':
      return media.muteAllButSpeaker(env);
    case 'giveMicrophone':
      return media.giveMicrophone(env, c);
    case 'closeMicrophone':
      return media.closeMicrophone(env, c);
    case 'addMinutesNote':
      return notes.addMinutesNote(env, c);
    case 'removeMinutesNote':
      return notes.removeMinutesNote(env, c);
    case 'startRecording':
      return recording.startRecording(env, c);
    case 'stopRecording':
      return recording.stopRecording(env, c);
    case 'startLiveStream':
      return recording.startLiveStream(env, c);
    case 'stopLiveStream':
      return recording.stopLiveStream(env, c);
    case 'recordStill':
      return stills.recordStill(env, c);
    case 'selectStillForMinutes':
      return stills.selectStillForMinutes(env, c);
    case 'addPoints':
      return organiser.addPoints(env, c);
    case 'reorderPoints':
      return organiser.reorderPoints(env, c);
    case 'callPoint':
      return organiser.callPoint(env, c);
    case 'acknowledgeCall':
      return organiser.acknowledgeCall(env, c);
    case 'reportPreflight':
      return organiser.reportPreflight(env, c);
    case 'recordLinkOpened':
      return organiser.recordLinkOpened(env, c);
  }
}
