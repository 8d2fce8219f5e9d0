import type { CommandOf, MeetingEvent } from '../protocol/index.js';
import { accept, event, refuse, type ConfEnv, type Outcome } from './env.js';
import { ownPoint } from './decide-roll-call.js';
import { centralPoint, floorHolderPointIds } from './selectors-floor.js';
import { microphoneBlock, microphoneGivenTo } from './selectors-media.js';

// Media-facing meeting state chosen by people: layout, spotlight, who may be heard.
// No mediasoup here; the media layer reads the result through selectors.

export function setLayout(env: ConfEnv, c: CommandOf<'setLayout'>): Outcome {
  if (env.state.media.layout === c.mode) return refuse('NO_CHANGE');
  return accept(event(env, 'layoutChanged', { mode: c.mode }));
}

export function spotlightPoint(env: ConfEnv, c: CommandOf<'spotlightPoint'>): Outcome {
  if (c.pointId !== null && !env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  if (env.state.media.spotlightPointId === c.pointId) return refuse('NO_CHANGE');
  return accept(event(env, 'pointSpotlighted', { pointId: c.pointId }));
}

export function holdMicrophone(env: ConfEnv, c: CommandOf<'holdMicrophone'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  if (env.state.media.audio[c.pointId]?.heldBy) return refuse('NO_CHANGE');
  return accept(event(env, 'microphoneHeld', { pointId: c.pointId }));
}

export function releaseMicrophone(env: ConfEnv, c: CommandOf<'releaseMicrophone'>): Outcome {
  if (!env.state.points[c.pointId]) return refuse('UNKNOWN_POINT');
  if (!env.state.media.audio[c.pointId]?.heldBy) return refuse('NO_CHANGE');
  return accept(event(env, 'microphoneReleased', { pointId: c.pointId }));
}

export function setSelfMute(env: ConfEnv, c: CommandOf<'setSelfMute'>): Outcome {
  const p = env.state.points[c.pointId];
  if (!p) return refuse('UNKNOWN_POINT');
  // The chair's console is the central point's: it mutes that microphone, and holds the others.
  if (env.by.role === 'chair' && p.kind !== 'central') return refuse('NOT_YOUR_POINT');
  const own = ownPoint(env, c.pointId);
  if (own) return own;
  const audio = env.state.media.audio[c.pointId] ?? { selfMuted: true, heldBy: null };
  if (!c.muted) {
    const block = microphoneBlock(env.state, c.pointId);
    if (block === 'held') return refuse('MICROPHONE_HELD');
    if (block === 'notGranted') return refuse('MICROPHONE_NOT_GRANTED');
  }
  if (audio.selfMuted === c.muted) return refuse('NO_CHANGE');
  return accept(event(env, 'selfMuteChanged', { pointId: c.pointId, muted: c.muted }));
}

export function muteAllButSpeaker(env: ConfEnv): Outcome {
  const s = env.state;
  const keep = new Set(floorHolderPointIds(s));
  const central = centralPoint(s);
  if (central) keep.add(central.id);
  const events: MeetingEvent[] = [];
  for (const id of s.pointOrder) {
    if (!keep.has(id) && !s.media.audio[id]?.heldBy) events.push(event(env, 'microphoneHeld', { pointId: id }));
  }
  return events.length === 0 ? refuse('NO_CHANGE') : accept(...events);
}

/**
 * R-MEDIA-9: the chair opens one point's microphone for a moment, without a floor. Only one at a
 * time: giving it to another point closes the last one's (unless that point holds a floor).
 */
export function giveMicrophone(env: ConfEnv, c: CommandOf<'giveMicrophone'>): Outcome {
  const p = env.state.points[c.pointId];
  if (!p) return refuse('UNKNOWN_POINT');
  // The central point's microphone is the chair's own (R-AUTH-7): nothing to give.
  if (p.kind === 'central') return refuse('NO_CHANGE');
  const previous = microphoneGivenTo(env.state);
  if (previous === c.pointId) return refuse('NO_CHANGE');
  const events: MeetingEvent[] = [];
  if (previous !== null) events.push(...closeGiven(env, previous));
  events.push(event(env, 'microphoneGiven', { pointId: c.pointId }));
  return accept(...events);
}

/** The chair closes a point's microphone (muted, not held); it takes back one it gave. */
export function closeMicrophone(env: ConfEnv, c: CommandOf<'closeMicrophone'>): Outcome {
  const p = env.state.points[c.pointId];
  if (!p) return refuse('UNKNOWN_POINT');
  if (p.kind === 'central') return refuse('NOT_YOUR_POINT', 'The central point’s microphone is the chair’s own: mute it there.');
  const open = env.state.media.audio[c.pointId]?.selfMuted === false;
  if (!open && microphoneGivenTo(env.state) !== c.pointId) return refuse('NO_CHANGE');
  return accept(event(env, 'microphoneClosed', { pointId: c.pointId }));
}

/** The last point's moment ends: its open microphone closes, unless a floor keeps it open. */
function closeGiven(env: ConfEnv, pointId: string): MeetingEvent[] {
  const open = env.state.media.audio[pointId]?.selfMuted === false;
  if (!open || floorHolderPointIds(env.state).includes(pointId)) return [];
  return [event(env, 'microphoneClosed', { pointId })];
}
