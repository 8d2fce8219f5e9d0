// The shapes of an import: a file read as a table of cells, and the rows of one kind read from it;
// the invitation list's row (danh sách triệu tập).
import { z } from 'zod';
import { LIMITS } from './issues.js';
import type { ImportIssue } from './issues.js';

const field = z.string().max(LIMITS.fieldChars);

/** One invited attendee, as the file gave them; `line` is the row number the user sees. */
export const invitationRowSchema = z.object({
  line: z.number().int().positive(),
  name: field.min(1),
  position: field,
  organisation: field,
  /** The connection point as written in the file; see matchPointName to link it to a conference point. */
  point: field.min(1),
  note: field.optional(),
  email: field.optional(),
  phone: field.optional(),
});

export type InvitationRow = z.infer<typeof invitationRowSchema>;

export type ImportResult = RowsResult<InvitationRow>;

/** A row of cells as read from a sheet, before any meaning is given to the columns. */
export type SheetRow = {
  /** 1-based row number as a spreadsheet program shows it. */
  line: number;
  cells: string[];
  /** For CSV: the physical line where the record starts, when a multi-line cell made it differ. */
  textLine?: number;
  /** XLSX: the row is one cell merged across the table, a heading like "II. ĐIỂM CẦU HUYỆN THỚI BÌNH". */
  section?: boolean;
  /** XLSX: columns whose value was copied from a merged cell to their left. */
  spanned?: number[];
};

/** A file read as a table, or why it could not be (the file as a whole: no row is meant yet). */
export type TableResult = { ok: true; table: SheetTable } | { ok: false; errors: ImportIssue[] };

/** Rows of one kind read from a table: all of them, or every error and the rows that were good. */
export type RowsResult<R> =
  | { ok: true; rows: R[]; format: 'csv' | 'xlsx'; warnings: ImportIssue[] }
  /**
   * `goodRows`: when only some rows are bad, the rows that were read well, so a preview can show
   * them beside the errors; the import itself stays refused until the file is fixed (R-IMPORT-2).
   */
  | { ok: false; errors: ImportIssue[]; goodRows?: R[] };

export type SheetTable = {
  format: 'csv' | 'xlsx';
  rows: SheetRow[];
  /** CSV rows must have as many fields as the header; spreadsheets have no such notion. */
  strictColumnCount: boolean;
  warnings: ImportIssue[];
};
