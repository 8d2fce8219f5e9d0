// The closed list of reasons decide refuses a command. Returned, never thrown. A refusal carries
// its code and, where it helps, the facts (an id, the lines of a file): the words for a person are
// the client's (shared/terms/errors.ts, Vietnamese and English), so the core has no language.

export const ERROR_CODES = [
  'INVALID_COMMAND',
  'INVALID_CONTEXT',
  'INTERNAL_ERROR',
  'FORBIDDEN',
  'NOT_YOUR_POINT',
  'NO_CONFERENCE',
  'CONFERENCE_EXISTS',
  'CONFERENCE_CLOSED',
  'WRONG_STATUS',
  'INVALID_TRANSITION',
  'NO_CENTRAL_POINT',
  'CENTRAL_POINT_EXISTS',
  'DUPLICATE_ID',
  'DUPLICATE_NAME',
  'UNKNOWN_POINT',
  'UNKNOWN_ORGANISATION',
  'UNKNOWN_PANEL_MEMBER',
  'UNKNOWN_AGENDA_STEP',
  'UNKNOWN_ATTENDEE',
  'UNKNOWN_REQUEST',
  'UNKNOWN_SPEECH',
  'IN_USE',
  'NOT_A_PERMUTATION',
  'IMPORT_INVALID',
  'ATTENDANCE_STARTED',
  'NOT_A_WALK_IN',
  'NO_CHANGE',
  'QUEUE_CLOSED',
  'DUPLICATE_REQUEST',
  'NO_CURRENT_SPEAKER',
  'REQUEST_NOT_WAITING',
  'QUEUE_MOVE_OUT_OF_RANGE',
  'FLOOR_LIMIT_REACHED',
  'SPEECH_ENDED',
  'SPEECH_PAUSED',
  'SPEECH_NOT_PAUSED',
  'AGENDA_EMPTY',
  'AGENDA_NOT_STARTED',
  'AGENDA_ALREADY_STARTED',
  'AGENDA_AT_END',
  'AGENDA_AT_START',
  'STEP_ALREADY_RUN',
  'MICROPHONE_HELD',
  'MICROPHONE_NOT_GRANTED',
  'UNKNOWN_NOTE',
  'UNKNOWN_STILL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Refusal {
  ok: false;
  code: ErrorCode;
  /** The facts behind the code (ids, lines), for the log and the screen's detail; empty when the code says it all. */
  message: string;
}

export function refuse(code: ErrorCode, detail?: string): Refusal {
  return { ok: false, code, message: detail ?? '' };
}
