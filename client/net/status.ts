// What the console shows about its link to the server, always visible in the header.

export type ConnectionStatus =
  /** first connection under way */
  | { kind: 'connecting' }
  /** connected; `caughtUp` false while the missed events are still arriving */
  | { kind: 'connected'; since: number; caughtUp: boolean }
  /** the link dropped; the next attempt is at `nextAttemptAt` (local ms) */
  | { kind: 'reconnecting'; attempt: number; nextAttemptAt: number; lastError: string | null }
  /** the browser reports no network at all; we retry as soon as it comes back */
  | { kind: 'offline' }
  /** the server refused the link itself (expired, revoked, unknown): retrying cannot help */
  | { kind: 'refused'; code: string; message: string }
  /** the server ended this session (another device took over, the link was revoked) */
  | { kind: 'ended'; code: string; message: string };

export type StatusTone = 'ok' | 'warn' | 'bad';

/** The colour of the status badge. */
export function statusTone(s: ConnectionStatus): StatusTone {
  switch (s.kind) {
    case 'connected':
      return s.caughtUp ? 'ok' : 'warn';
    case 'connecting':
    case 'reconnecting':
      return 'warn';
    default:
      return 'bad';
  }
}

/** Handshake refusals that no retry can cure: the link itself is bad. */
const FINAL_REFUSALS = new Set([
  'TOKEN_MISSING',
  'TOKEN_MALFORMED',
  'TOKEN_SIGNATURE',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_UNKNOWN',
  'TOKEN_WRONG_CONFERENCE',
  'UNKNOWN_CONFERENCE',
  'ORIGIN_REFUSED',
  'MALFORMED',
]);

export function isFinalRefusal(code: string): boolean {
  return FINAL_REFUSALS.has(code);
}

/** Commands are refused at once while not connected: a "grant" that fires minutes later would surprise. */
export function canSend(s: ConnectionStatus): boolean {
  return s.kind === 'connected';
}
