import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, refuse, type ConfEnv, type Outcome } from './env.js';
import { ownPoint } from './decide-roll-call.js';
import { centralPoint, floorHolders, runningSpeeches, speechState } from './selectors-floor.js';
import { endSpeechEvents } from './speech-effects.js';
import type { Speech } from './state.js';
import { entryOf, hasEntry } from './buckets.js';

// Speeches: the presiding panel's directive speeches, and pausing, resuming, ending and
// extending any speech. Their state is derived from timestamps (R-SPEECH-1).

export function startDirectiveSpeech(env: ConfEnv, c: CommandOf<'startDirectiveSpeech'>): Outcome {
  const s = env.state;
  const member = s.panel[c.memberId];
  if (!member) return refuse('UNKNOWN_PANEL_MEMBER');
  const central = centralPoint(s);
  if (!central) return refuse('NO_CENTRAL_POINT');
  const speechId = freshId(env, c.id, (x) => hasEntry(s.speeches, x));
  if (isRefusal(speechId)) return speechId;
  const events: MeetingEvent[] = [];
  // R-QUEUE-10: the panel takes precedence. One panel voice at a time; floor speeches pause.
  for (const sp of runningSpeeches(s)) {
    if (sp.kind === 'directive') events.push(event(env, 'speechEnded', { speechId: sp.id }));
    else if (speechState(sp, env.at).phase === 'speaking') events.push(event(env, 'speechPaused', { speechId: sp.id }));
  }
  events.push(
    event(env, 'directiveSpeechStarted', {
      speechId,
      memberId: member.id,
      pointId: central.id,
      kind: 'directive',
      topic: c.topic ?? null,
      speakerName: member.name,
      speakerPosition: member.position,
      limitSeconds: env.conf.limits.directive,
    }),
  );
  return accept(...events);
}

function liveSpeech(env: ConfEnv, speechId: string): Speech | Outcome {
  const sp = entryOf(env.state.speeches, speechId);
  if (!sp) return refuse('UNKNOWN_SPEECH');
  if (sp.end !== null) return refuse('SPEECH_ENDED');
  return sp;
}
const isOutcome = (x: Speech | Outcome): x is Outcome => 'ok' in x;

export function pauseSpeech(env: ConfEnv, c: CommandOf<'pauseSpeech'>): Outcome {
  const sp = liveSpeech(env, c.speechId);
  if (isOutcome(sp)) return sp;
  if (speechState(sp, env.at).phase === 'paused') return refuse('SPEECH_PAUSED');
  return accept(event(env, 'speechPaused', { speechId: sp.id }));
}

export function resumeSpeech(env: ConfEnv, c: CommandOf<'resumeSpeech'>): Outcome {
  const sp = liveSpeech(env, c.speechId);
  if (isOutcome(sp)) return sp;
  if (speechState(sp, env.at).phase !== 'paused') return refuse('SPEECH_NOT_PAUSED');
  return accept(event(env, 'speechResumed', { speechId: sp.id }));
}

export function endSpeech(env: ConfEnv, c: CommandOf<'endSpeech'>): Outcome {
  const sp = liveSpeech(env, c.speechId);
  if (isOutcome(sp)) return sp;
  if (env.by.role === 'point') {
    // R-SPEECH-5: a point may end its own floor, never a presiding member's speech.
    if (sp.kind === 'directive') return refuse('FORBIDDEN');
    const own = ownPoint(env, sp.pointId);
    if (own) return own;
  }
  return accept(...endSpeechEvents(env, sp, floorHolders(env.state)));
}

export function extendSpeech(env: ConfEnv, c: CommandOf<'extendSpeech'>): Outcome {
  const sp = liveSpeech(env, c.speechId);
  if (isOutcome(sp)) return sp;
  if (sp.limitSeconds === null) return refuse('NO_CHANGE', 'The speech has no time limit.');
  return accept(event(env, 'speechExtended', { speechId: sp.id, seconds: c.seconds }));
}
