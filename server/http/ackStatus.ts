// The HTTP status for a refusal code, so API callers can branch on the status class and the
// code alike. Meeting-rule refusals (wrong status, queue closed, …) are conflicts with the
// conference's current state: 409.

const BAD_REQUEST = new Set(['MALFORMED', 'INVALID_COMMAND', 'UNKNOWN_COMMAND', 'UNKNOWN_MESSAGE', 'TOO_DEEP', 'BAD_ENCODING', 'BINARY_NOT_ALLOWED', 'IMPORT_INVALID']);
const FORBIDDEN = new Set(['FORBIDDEN', 'NOT_YOUR_POINT', 'SYSTEM_ONLY', 'STANDBY', 'TOKEN_WRONG_CONFERENCE', 'ORIGIN_REFUSED']);

export function statusForCode(code: string): number {
  if (BAD_REQUEST.has(code)) return 400;
  if (code === 'RATE_LIMITED') return 429;
  if (code.startsWith('TOKEN_')) return FORBIDDEN.has(code) ? 403 : 401;
  if (code === 'TOO_LARGE') return 413;
  if (FORBIDDEN.has(code)) return 403;
  if (code.startsWith('UNKNOWN_') || code === 'NO_CONFERENCE') return 404;
  if (code === 'UNAVAILABLE' || code === 'LOG_UNAVAILABLE' || code === 'NO_OWNER' || code === 'OWNER_UNREACHABLE') return 503;
  if (code === 'INTERNAL' || code === 'INTERNAL_ERROR' || code === 'INVALID_CONTEXT') return 500;
  return 409;
}
