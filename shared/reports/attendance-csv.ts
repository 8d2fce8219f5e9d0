import type { AttendanceReport } from './attendance.js';
import { attendanceTable, type AttendanceView } from './attendance-tables.js';
import { csvDocument, type CsvDelimiter } from './csv.js';

// The attendance report as CSV, one view per file (attendees, totals or presence).
// ',' by default (RFC 4180); ';' for Excel under a Vietnamese locale, whose list separator it is.

export function attendanceCsv(report: AttendanceReport, view: AttendanceView = 'attendees', delimiter: CsvDelimiter = ','): string {
  const t = attendanceTable(report, view);
  return csvDocument([t.header, ...t.rows], delimiter);
}
