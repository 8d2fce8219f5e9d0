import type { CommandOf } from '../protocol/index.js';
import { entryOf } from './buckets.js';
import { accept, event, refuse, type ConfEnv, type Outcome } from './env.js';
import { runningSpeeches } from './selectors-floor.js';
import { stillOfSpeech } from './selectors-stills.js';
import type { Speech } from './state.js';

// Stills (ảnh hội nghị). The server grabs the picture; the core decides whether it enters the
// record and what it records with it: the point, the agenda step running and who spoke there, so
// the minutes can caption it without asking anyone (R-STILL-1…3). Choosing stills for the minutes
// is the clerk's, the chair's or the organiser's decision, logged like every other (R-STILL-4).

export function recordStill(env: ConfEnv, c: CommandOf<'recordStill'>): Outcome {
  const s = env.state;
  if (c.id in s.stills) return refuse('DUPLICATE_ID', `(${c.id})`);
  if (!s.points[c.pointId]) return refuse('UNKNOWN_POINT', `(${c.pointId})`);
  const bySystem = env.by.role === 'system';
  // R-STILL-2: the server takes stills only of a speech's start, naming the speech; people take
  // them when they ask, and the speaker is whoever holds the floor at that point then.
  if (bySystem !== (c.speechId !== undefined)) return refuse('FORBIDDEN', bySystem ? '(the server names the speech it takes a still of)' : '(a speech is named only by the server)');
  let speech: Speech | null = null;
  if (c.speechId !== undefined) {
    speech = entryOf(s.speeches, c.speechId) ?? null;
    if (!speech || speech.pointId !== c.pointId) return refuse('UNKNOWN_SPEECH', `(${c.speechId} at ${c.pointId})`);
    if (stillOfSpeech(s, c.speechId)) return refuse('NO_CHANGE', '(the speech already has its still)');
  } else {
    speech = runningSpeeches(s).find((sp) => sp.pointId === c.pointId) ?? null;
  }
  const member = speech?.memberId ? s.panel[speech.memberId] : undefined;
  return accept(
    event(env, 'stillTaken', {
      stillId: c.id,
      source: c.source,
      trigger: bySystem ? 'speechStart' : 'request',
      pointId: c.pointId,
      speechId: speech?.id ?? null,
      speakerName: speech?.speakerName ?? member?.name ?? null,
      speakerPosition: speech?.speakerPosition ?? member?.position ?? null,
      stepId: s.agenda.currentStepId,
      topic: speech?.topic ?? null,
      width: c.width,
      height: c.height,
      bytes: c.bytes,
    }),
  );
}

export function selectStillForMinutes(env: ConfEnv, c: CommandOf<'selectStillForMinutes'>): Outcome {
  const still = env.state.stills[c.stillId];
  if (!still) return refuse('UNKNOWN_STILL', `(${c.stillId})`);
  const caption = c.caption ?? still.caption;
  if (still.inMinutes === c.inMinutes && caption === still.caption) return refuse('NO_CHANGE');
  return accept(event(env, 'stillSelected', { stillId: still.id, inMinutes: c.inMinutes, caption }));
}

