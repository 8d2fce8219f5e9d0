import type { MeetingEvent } from '../protocol/index.js';
import { event, type Env } from './env.js';
import type { Speech } from './state.js';

// Ending a speech has consequences shared by several commands (end, adjourn, a new directive
// speech): the floor closes, and so does the point's microphone unless it holds another floor.

export function endSpeechEvents(env: Env, speech: Speech, openFloors: readonly Speech[]): MeetingEvent[] {
  const events: MeetingEvent[] = [event(env, 'speechEnded', { speechId: speech.id })];
  if (speech.kind === 'directive') return events; // the central point's microphone is the chair's own
  const stillHolds = openFloors.some((sp) => sp.id !== speech.id && sp.pointId === speech.pointId);
  const audio = env.state.media.audio[speech.pointId];
  if (!stillHolds && audio && !audio.selfMuted) events.push(event(env, 'microphoneClosed', { pointId: speech.pointId }));
  return events;
}
