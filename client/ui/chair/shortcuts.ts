import { currentDirectiveSpeech, floorHolders, queueInOrder, speechState } from '../../../shared/meeting/selectors.js';
import type { MeetingState } from '../../../shared/meeting/state.js';
import type { Command } from '../../../shared/protocol/index.js';

// The chair's keys: one key each, for the two things done most under pressure (R: "keyboard
// shortcuts for grant-next and end-speech"). Ignored while typing in a field or with a modifier,
// so a chair writing a decline reason never grants the floor by accident.

export type ChairAction = 'grantNext' | 'endSpeech' | 'togglePause';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** tag name of the focused element, upper case */
  targetTag: string;
  targetEditable: boolean;
}

export const CHAIR_KEYS: Record<string, ChairAction> = { g: 'grantNext', e: 'endSpeech', ' ': 'togglePause' };

export function chairAction(k: KeyLike): ChairAction | null {
  if (k.ctrlKey || k.altKey || k.metaKey) return null;
  if (k.targetEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(k.targetTag)) return null;
  // Space on a focused button presses that button; it must not also pause the speech.
  if (k.key === ' ' && k.targetTag === 'BUTTON') return null;
  return CHAIR_KEYS[k.key.toLowerCase()] ?? null;
}

/** The speech "end" and "pause" act on: a directive speech first, else the first floor granted. */
export function focusSpeech(state: MeetingState) {
  return currentDirectiveSpeech(state) ?? floorHolders(state)[0] ?? null;
}

/** The command an action stands for now, or null when there is nothing to act on. */
export function chairCommand(action: ChairAction, state: MeetingState, now: number): Command | null {
  switch (action) {
    case 'grantNext': {
      const next = queueInOrder(state)[0];
      return next ? { type: 'grantFloor', requestId: next.id } : null;
    }
    case 'endSpeech': {
      const sp = focusSpeech(state);
      return sp ? { type: 'endSpeech', speechId: sp.id } : null;
    }
    case 'togglePause': {
      const sp = focusSpeech(state);
      if (!sp) return null;
      return speechState(sp, now).phase === 'paused' ? { type: 'resumeSpeech', speechId: sp.id } : { type: 'pauseSpeech', speechId: sp.id };
    }
  }
}
