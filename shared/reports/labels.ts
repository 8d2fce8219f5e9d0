import type { Actor } from '../protocol/index.js';
import { ATTENDANCE_STATUS_TERMS, POINT_KIND_TERMS, PRESENCE_CHANGE_TERMS, ROLE_TERMS, SPEECH_KIND_TERMS, STEP_KIND_TERMS, termsIn } from '../terms/index.js';

// The words a report prints. Vietnamese is the document's language (the office files it as it
// is); column headers also carry English so a non-Vietnamese reader of the archive can follow.
// The meeting's own terms come from shared/terms, the catalogue the consoles show too.

export const STATUS_LABELS = termsIn(ATTENDANCE_STATUS_TERMS, 'vi');
export const POINT_KIND_LABELS = termsIn(POINT_KIND_TERMS, 'vi');
export const SPEECH_KIND_LABELS = termsIn(SPEECH_KIND_TERMS, 'vi');
export const STEP_KIND_LABELS = termsIn(STEP_KIND_TERMS, 'vi');
export const PRESENCE_LABELS = termsIn(PRESENCE_CHANGE_TERMS, 'vi');
const ROLE_LABELS = termsIn(ROLE_TERMS, 'vi');

/** Who did something, as the archive should name them: the person if known, else the role. */
export function actorLabel(by: Actor, pointName?: (id: string) => string | undefined): string {
  if (by.name) return by.name;
  if (by.role === 'point' && by.pointId) return `${ROLE_LABELS.point} ${pointName?.(by.pointId) ?? by.pointId}`;
  return ROLE_LABELS[by.role];
}

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';
