import type { CommandOf } from '../protocol/index.js';
import { accept, event, freshId, isRefusal, refuse, type ConfEnv, type Outcome } from './env.js';

// Notes for the minutes (ghi chép biên bản): the clerk writes what the minutes must say as the
// conference runs; each note belongs to the agenda step running when it was written (R-NOTES-1),
// so the minutes place it under that step. A mistaken note is removed, never edited (R-NOTES-2).

export function addMinutesNote(env: ConfEnv, c: CommandOf<'addMinutesNote'>): Outcome {
  const id = freshId(env, c.id, (x) => x in env.state.notes);
  if (isRefusal(id)) return id;
  return accept(event(env, 'minutesNoteAdded', { noteId: id, stepId: env.state.agenda.currentStepId, text: c.text }));
}

export function removeMinutesNote(env: ConfEnv, c: CommandOf<'removeMinutesNote'>): Outcome {
  if (!env.state.notes[c.noteId]) return refuse('UNKNOWN_NOTE');
  return accept(event(env, 'minutesNoteRemoved', { noteId: c.noteId }));
}
