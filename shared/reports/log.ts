import { z } from 'zod';
import type { MeetingEvent } from '../protocol/index.js';

// A report is a function of the event log up to some seq: the whole log for the filed document,
// or a prefix for "the roll-call as it stood at 08:15". Seqs start at 1 with no gaps (the store's
// contract), so the log up to seq N is the first N events.

/** `seq` as a query parameter gives it: a positive whole number, or absent for the whole log. */
export const AsOfSeqSchema = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional();

export interface ReportLog {
  events: readonly MeetingEvent[];
  /** The seq of the last event included. */
  seq: number;
  /** When that event happened: the report's "as of" time and the document's creation date. */
  at: number;
}

export type ReportErrorCode = 'REPORT_NO_CONFERENCE' | 'REPORT_SEQ_OUT_OF_RANGE';

export interface ReportError {
  ok: false;
  code: ReportErrorCode;
  message: string;
}

/** The code and the facts; the words for the code are in shared/terms/errors.ts. */
export function reportError(code: ReportErrorCode, detail?: string): ReportError {
  return { ok: false, code, message: detail ?? '' };
}

/** The log up to `asOfSeq` (default: all of it); refused when there is nothing to report on. */
export function logUpTo(
  events: readonly MeetingEvent[],
  asOfSeq?: number,
): { ok: true; log: ReportLog } | ReportError {
  const seq = asOfSeq ?? events.length;
  if (!Number.isInteger(seq) || seq < 1 || seq > events.length) {
    return events.length === 0
      ? reportError('REPORT_NO_CONFERENCE')
      : reportError('REPORT_SEQ_OUT_OF_RANGE', `seq ${String(seq)} > ${events.length}`);
  }
  const slice = seq === events.length ? events : events.slice(0, seq);
  if (slice[0]?.type !== 'conferenceCreated') return reportError('REPORT_NO_CONFERENCE');
  const last = slice[slice.length - 1];
  return { ok: true, log: { events: slice, seq, at: last?.at ?? 0 } };
}
