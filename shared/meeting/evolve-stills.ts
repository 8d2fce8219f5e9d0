import type { EventOf } from '../protocol/index.js';
import { eventNotHandled, type Draft } from './records.js';
import type { MeetingState } from './state.js';

// Stills: a taken still joins the record in the order taken; a selection changes whether the
// minutes show it and with which caption. A selection naming no still (a damaged log) is a no-op.

export type StillEvent = EventOf<'stillTaken' | 'stillSelected'>;

export function evolveStills(w: Draft, s: MeetingState, e: StillEvent): void {
  switch (e.type) {
    case 'stillTaken': {
      if (e.stillId in s.stills) return;
      const { type: _type, stillId, ...facts } = e;
      w.put(s, 'stills', stillId, { id: stillId, ...facts, inMinutes: false, caption: null });
      w.append(s, 'stillOrder', stillId);
      return;
    }
    case 'stillSelected': {
      const still = s.stills[e.stillId];
      if (!still) return;
      w.put(s, 'stills', e.stillId, { ...still, inMinutes: e.inMinutes, caption: e.caption });
      return;
    }
    default:
      eventNotHandled(e);
  }
}
