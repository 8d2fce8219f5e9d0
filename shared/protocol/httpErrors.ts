/**
 * Refusals only the HTTP API sends, beside the core's ERROR_CODES, the gateway's, the SFU's (the
 * API sends those too) and the program cut's (shared/protocol/recording-http.ts). The body is
 * `{ code, message, details? }`: the code says what went wrong, the message only the facts (an
 * id, a limit); the words for each code, in Vietnamese and English, are in shared/terms/errors.ts.
 */
export const HTTP_ERROR_CODES = [
  'NOT_FOUND',
  'UNKNOWN_LINK',
  'OWN_LINK',
  'POINTS_WITHOUT_LINK',
  'COPY_FAILED',
  'LIVE_STREAM_OFF',
  'LIVE_NOT_READY',
  'REPORT_NO_CONFERENCE',
  'REPORT_SEQ_OUT_OF_RANGE',
  'REPORT_FAILED',
  'REPORT_TIMEOUT',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];
