// Reports of a conference, derived from its event log only: the attendance report and the
// minutes as data, plus the pure, browser-safe renderers (CSV, Markdown). The binary formats
// (XLSX, PDF, DOCX) live in server/reports.
export { logUpTo, reportError, AsOfSeqSchema, type ReportLog, type ReportError, type ReportErrorCode } from './log.js';
export { attendanceReport, attendanceReportFromState, type AttendanceReport, type AttendeeRow, type PointSection } from './attendance.js';
export { localityOf, minutes, minutesFromState, type Minutes, type MinutesSpeech, type MinutesStep } from './minutes.js';
export { attendanceTable, ATTENDANCE_VIEWS, type AttendanceView, type Table, type Cell } from './attendance-tables.js';
export { attendanceCsv } from './attendance-csv.js';
export { minutesFigures, type MinutesFigure, type FigurePictures } from './minutes-figures.js';
export { minutesMarkdown } from './minutes-markdown.js';
export { csvDocument, csvField, BOM, type CsvDelimiter } from './csv.js';
export type { ReportTally } from './tally.js';
export { NATIONAL_MOTTO, NATIONAL_NAME } from './labels.js';
export { authorityLines } from './authority.js';
export { formatDateTime, REPORT_TIME_ZONE } from './time.js';
