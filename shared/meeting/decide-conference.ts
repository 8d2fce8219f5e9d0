import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, refuse, type ConfEnv, type Env, type Outcome } from './env.js';
import { stopRunsOnClose } from './decide-recording.js';
import { CHAIR_TRANSITIONS, TRANSITIONS } from './permissions.js';
import { centralPoint, floorHolders, runningSpeeches } from './selectors-floor.js';
import { microphoneBlock, microphoneGivenTo } from './selectors-media.js';
import { evolve } from './evolve.js';

// The conference record itself: creation, details, status machine and settings.

export function createConference(env: Env, c: CommandOf<'createConference'>): Outcome {
  if (env.state.conference) return refuse('CONFERENCE_EXISTS');
  return accept(
    event(env, 'conferenceCreated', {
      conferenceId: c.id ?? env.newId(),
      title: c.title,
      date: c.date,
      startTime: c.startTime ?? null,
      organiser: c.organiser,
      venue: c.venue,
    }),
  );
}

export function updateConference(env: ConfEnv, c: CommandOf<'updateConference'>): Outcome {
  const { type: _t, ...fields } = c;
  const changed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined && env.conf[k as keyof typeof env.conf] !== v) changed[k] = v;
  }
  if (Object.keys(changed).length === 0) return refuse('NO_CHANGE');
  const updated = event(env, 'conferenceUpdated', changed);
  if (changed['microphoneDiscipline'] !== 'chairGrants') return accept(updated);
  // R-MEDIA-8: from now on only the chair opens microphones; those open without a grant close.
  const after = evolve(env.state, updated);
  const closing = after.pointOrder.filter((id) => after.media.audio[id]?.selfMuted === false && microphoneBlock(after, id) === 'notGranted');
  return accept(updated, ...closing.map((pointId) => event(env, 'microphoneClosed', { pointId })));
}

export function setConferenceStatus(env: ConfEnv, c: CommandOf<'setConferenceStatus'>): Outcome {
  const from = env.conf.status;
  const to = c.status;
  if (from === to) return refuse('NO_CHANGE');
  if (!TRANSITIONS[from].includes(to)) return refuse('INVALID_TRANSITION', `(${from} → ${to})`);
  if (env.by.role === 'chair' && !CHAIR_TRANSITIONS.includes(`${from}>${to}`)) {
    return refuse('FORBIDDEN', `The chair may not move the conference from ${from} to ${to}.`);
  }
  // R-CONF-2: a conference leaves draft only with its central point.
  if (to !== 'draft' && !centralPoint(env.state)) return refuse('NO_CENTRAL_POINT');
  const events: MeetingEvent[] = [];
  if (to === 'adjourned') events.push(...windDownSession(env));
  if (to === 'closed') events.push(...stopRunsOnClose(env));
  events.push(event(env, 'conferenceStatusChanged', { from, to }));
  return accept(...events);
}

/** R-CONF-5: adjourning ends every speech and the running step and closes the queue. */
function windDownSession(env: ConfEnv): MeetingEvent[] {
  const events: MeetingEvent[] = [];
  const closing = new Set<string>();
  for (const sp of runningSpeeches(env.state)) {
    events.push(event(env, 'speechEnded', { speechId: sp.id }));
    if (sp.kind !== 'directive' && env.state.media.audio[sp.pointId]?.selfMuted === false) closing.add(sp.pointId);
  }
  // The microphone the chair gave for a moment closes too (R-MEDIA-9).
  const given = microphoneGivenTo(env.state);
  if (given !== null) closing.add(given);
  for (const pointId of closing) events.push(event(env, 'microphoneClosed', { pointId }));
  const step = env.state.agenda.currentStepId;
  if (step !== null) events.push(event(env, 'agendaStepEnded', { stepId: step }));
  if (env.state.queue.open) events.push(event(env, 'queueClosed', {}));
  return events;
}

export function setQuorum(env: ConfEnv, c: CommandOf<'setQuorum'>): Outcome {
  if (JSON.stringify(env.conf.quorum) === JSON.stringify(c.quorum)) return refuse('NO_CHANGE');
  return accept(event(env, 'quorumSet', { quorum: c.quorum }));
}

export function setSpeakingLimits(env: ConfEnv, c: CommandOf<'setSpeakingLimits'>): Outcome {
  const a = env.conf.limits;
  const b = c.limits;
  const same =
    a.contribution === b.contribution &&
    a.reply === b.reply &&
    a.pointOfOrder === b.pointOfOrder &&
    a.directive === b.directive &&
    a.warningSeconds === b.warningSeconds;
  if (same) return refuse('NO_CHANGE');
  return accept(event(env, 'speakingLimitsSet', { limits: b }));
}

/** R-REPORT-1: an access setting beside the record, kept in the log with who changed it and when. */
export function setObserverExport(env: ConfEnv, c: CommandOf<'setObserverExport'>): Outcome {
  if (env.conf.observersMayExport === c.allowed) return refuse('NO_CHANGE');
  return accept(event(env, 'observerExportSet', { allowed: c.allowed }));
}

export function setMaxOpenFloors(env: ConfEnv, c: CommandOf<'setMaxOpenFloors'>): Outcome {
  if (env.conf.maxOpenFloors === c.max) return refuse('NO_CHANGE');
  // R-QUEUE-9 holds at every moment, so the limit cannot drop below the floors open now.
  const open = floorHolders(env.state).length;
  if (open > c.max) return refuse('FLOOR_LIMIT_REACHED', `${open} floors are open; end some first.`);
  return accept(event(env, 'maxOpenFloorsSet', { max: c.max }));
}
