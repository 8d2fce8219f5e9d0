// The closed list of reasons decide refuses a command. Returned, never thrown; each has an
// English message here, the client's catalogue carries the Vietnamese.

export const ERROR_MESSAGES = {
  INVALID_COMMAND: 'The command does not match the protocol schema.',
  INVALID_CONTEXT: 'The context (principal, clock or id source) is invalid.',
  INTERNAL_ERROR: 'The core failed unexpectedly; nothing was changed.',
  FORBIDDEN: 'This role may not issue this command.',
  NOT_YOUR_POINT: 'A point operator may act only for its own point.',
  NO_CONFERENCE: 'No conference has been created yet.',
  CONFERENCE_EXISTS: 'This state already holds a conference.',
  CONFERENCE_CLOSED: 'The conference is closed; its record no longer changes.',
  WRONG_STATUS: 'The command is not allowed in the conference’s current status.',
  INVALID_TRANSITION: 'The conference cannot move to that status from its current one.',
  NO_CENTRAL_POINT: 'The conference needs exactly one central point first.',
  CENTRAL_POINT_EXISTS: 'The conference already has a central point.',
  DUPLICATE_ID: 'That id is already in use.',
  DUPLICATE_NAME: 'That name is already in use.',
  UNKNOWN_POINT: 'No such point.',
  UNKNOWN_ORGANISATION: 'No such organisation.',
  UNKNOWN_PANEL_MEMBER: 'No such presiding-panel member.',
  UNKNOWN_AGENDA_STEP: 'No such agenda step.',
  UNKNOWN_ATTENDEE: 'No such attendee.',
  UNKNOWN_REQUEST: 'No such request for the floor.',
  UNKNOWN_SPEECH: 'No such speech.',
  IN_USE: 'It is still referred to (by attendees, speeches, requests or agenda steps).',
  NOT_A_PERMUTATION: 'A reorder must list every current id exactly once.',
  IMPORT_INVALID: 'Some rows of the invitation list are invalid; nothing was imported.',
  ATTENDANCE_STARTED: 'Attendance has been marked; the list can only be appended to.',
  NOT_A_WALK_IN: 'Only a walk-in attendee can be removed.',
  NO_CHANGE: 'The command would change nothing.',
  QUEUE_CLOSED: 'The speaker queue is closed.',
  DUPLICATE_REQUEST: 'This point (or delegate) is already waiting for the floor.',
  NO_CURRENT_SPEAKER: 'A reply needs someone holding the floor.',
  REQUEST_NOT_WAITING: 'That request is no longer waiting.',
  QUEUE_MOVE_OUT_OF_RANGE: 'The request cannot move further in that direction.',
  FLOOR_LIMIT_REACHED: 'The maximum number of open floors is reached.',
  SPEECH_ENDED: 'That speech has ended.',
  SPEECH_PAUSED: 'That speech is paused.',
  SPEECH_NOT_PAUSED: 'That speech is not paused.',
  AGENDA_EMPTY: 'The agenda has no step to run.',
  AGENDA_NOT_STARTED: 'No agenda step is running.',
  AGENDA_ALREADY_STARTED: 'An agenda step is already running.',
  AGENDA_AT_END: 'There is no further step.',
  AGENDA_AT_START: 'There is no earlier step.',
  STEP_ALREADY_RUN: 'That agenda step has already run or is running.',
  MICROPHONE_HELD: 'The chair holds this microphone muted.',
  MICROPHONE_NOT_GRANTED: 'In this conference a point’s microphone opens when the chair gives it the floor (or the microphone).',
  UNKNOWN_NOTE: 'No such note for the minutes.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
/** The closed list of error codes (usable with z.enum). */
export const ERROR_CODES = Object.keys(ERROR_MESSAGES) as [ErrorCode, ...ErrorCode[]];

export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
}

export function refuse(code: ErrorCode, detail?: string): Refusal {
  return { ok: false, code, message: detail ? `${ERROR_MESSAGES[code]} ${detail}` : ERROR_MESSAGES[code] };
}
