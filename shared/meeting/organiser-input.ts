import { MAX_POINTS_AT_ONCE, type NewPoint } from '../protocol/commands-organiser.js';
import type { PointKind } from '../protocol/index.js';

// From what an organiser pastes to an addPoints command: one point a line, as offices keep the
// list in Word or Excel ("1. Xã Tân Thành", "- Xã An Xuyên", "•  Phường 5").

const NUMBERING = /^\s*(?:\d{1,4}\s*[.):-]|[-–—•*+·])\s*/u;

export interface PastedPoints {
  points: NewPoint[];
  /** lines past MAX_POINTS_AT_ONCE, not taken */
  overflow: number;
}

/** R-ORG-1: blank lines are dropped, leading numbering and bullets removed, spaces collapsed. */
export function pointsFromPastedText(text: string, kind: PointKind): PastedPoints {
  const names: string[] = [];
  for (const line of text.normalize('NFC').split(/\r\n|\r|\n/)) {
    const name = line.replace(NUMBERING, '').replace(/[\s\u00a0]+/g, ' ').trim().slice(0, 300);
    if (name !== '') names.push(name);
  }
  return {
    points: names.slice(0, MAX_POINTS_AT_ONCE).map((name) => ({ name, kind })),
    overflow: Math.max(0, names.length - MAX_POINTS_AT_ONCE),
  };
}
