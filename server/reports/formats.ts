import { z } from 'zod';
import { replay } from '../../shared/meeting/evolve.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import {
  ATTENDANCE_VIEWS,
  attendanceCsv,
  attendanceReportFromState,
  logUpTo,
  minutesFromState,
  minutesMarkdown,
  type FigurePictures,
  type ReportError,
} from '../../shared/reports/index.js';
import { attendancePdf } from './attendance-pdf.js';
import { attendanceXlsx } from './attendance-xlsx.js';
import { minutesDocx } from './minutes-docx.js';
import { minutesPdf } from './minutes-pdf.js';

// Which report in which format: the one place that knows the list, the content types and the
// file names. The HTTP router and the sample writer both go through renderReport.

export const REPORT_FORMATS = {
  attendance: ['csv', 'xlsx', 'pdf'],
  minutes: ['pdf', 'docx', 'md'],
} as const;

export type ReportKind = keyof typeof REPORT_FORMATS;
export type ReportFormat = (typeof REPORT_FORMATS)[ReportKind][number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
};

/** A request for one report, as the query string gives it. */
export const ReportRequestSchema = z
  .strictObject({
    report: z.enum(['attendance', 'minutes']),
    format: z.enum(['csv', 'xlsx', 'pdf', 'docx', 'md']),
    /** Only for the attendance CSV: which table (one view per file). */
    view: z.enum(ATTENDANCE_VIEWS).default('attendees'),
    /** Only for CSV: ';' for Excel under a Vietnamese locale. */
    delimiter: z.enum(['comma', 'semicolon']).default('comma'),
    /** The log up to this event; absent = all of it. */
    seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((r) => (REPORT_FORMATS[r.report] as readonly string[]).includes(r.format), {
    message: 'định dạng không có cho báo cáo này / this report is not available in that format',
    path: ['format'],
  });
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const VIEW_NAMES = { attendees: 'danh sách', totals: 'tổng hợp', presence: 'kết nối' } as const;

function fileName(req: ReportRequest, date: string, seq: number, complete: boolean): string {
  const what = req.report === 'attendance' ? 'Báo cáo điểm danh' : 'Biên bản hội nghị';
  const view = req.report === 'attendance' && req.format === 'csv' ? ` (${VIEW_NAMES[req.view]})` : '';
  const asOf = complete ? '' : ` - đến sự kiện ${seq}`;
  return `${what}${view} - ${date.replaceAll('/', '-')}${asOf}.${req.format}`;
}

export interface RenderOptions {
  /** The state folded from exactly `events` (the room's live state): saves replaying a long log. */
  folded?: MeetingState;
  /** The head of the whole log when `events` was read only up to the requested seq. */
  headSeq?: number;
  /** The JPEGs of the stills chosen for the minutes, by id (the figures of the PDF and DOCX). */
  pictures?: FigurePictures;
}

/** Renders one report from the log, as it stood at `req.seq` (default: its last event). */
export async function renderReport(
  events: readonly MeetingEvent[],
  req: ReportRequest,
  options: RenderOptions = {},
): Promise<{ ok: true; report: RenderedReport } | ReportError> {
  const { folded, headSeq = events.length, pictures = {} } = options;
  const sliced = logUpTo(events, req.seq);
  if (!sliced.ok) return sliced;
  const log = sliced.log;
  const state = folded && log.seq === events.length ? folded : replay(log.events);
  let body: Buffer;
  let date: string;
  if (req.report === 'attendance') {
    const r = attendanceReportFromState(state, log);
    date = r.conference.date;
    if (req.format === 'csv') body = Buffer.from(attendanceCsv(r, req.view, req.delimiter === 'semicolon' ? ';' : ','), 'utf8');
    else if (req.format === 'xlsx') body = await attendanceXlsx(r);
    else body = await attendancePdf(r);
  } else {
    const m = minutesFromState(state, log);
    date = m.conference.date;
    if (req.format === 'md') body = Buffer.from(minutesMarkdown(m), 'utf8');
    else if (req.format === 'docx') body = await minutesDocx(m, pictures);
    else body = await minutesPdf(m, pictures);
  }
  return {
    ok: true,
    report: { body, contentType: CONTENT_TYPES[req.format], fileName: fileName(req, date, log.seq, log.seq >= headSeq) },
  };
}
