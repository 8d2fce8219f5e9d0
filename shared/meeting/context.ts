import type { Principal } from '../protocol/index.js';
import type { MeetingEvent } from '../protocol/index.js';
import type { ErrorCode } from './errors.js';

/**
 * Everything decide needs from the outside world: the time, a source of fresh ids and who is
 * acting. The server fills it per command; tests fill it with fixed values.
 */
export interface DecideContext {
  now: number;
  principal: Principal;
  newId: () => string;
}

export type DecideResult =
  | { ok: true; events: MeetingEvent[] }
  | { ok: false; code: ErrorCode; message: string };
