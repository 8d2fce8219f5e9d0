import type { Id } from '../protocol/index.js';
import type { MeetingState, MinutesNote } from './state.js';

// The clerk's notes for the minutes, in the order written.

/** Notes of one agenda step (null: the notes written between steps), oldest first. */
export function notesOfStep(state: MeetingState, stepId: Id | null): MinutesNote[] {
  const out: MinutesNote[] = [];
  for (const id of state.noteOrder) {
    const n = state.notes[id];
    if (n && n.stepId === stepId) out.push(n);
  }
  return out;
}
