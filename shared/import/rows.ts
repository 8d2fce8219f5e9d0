// From a table of cells to rows of one kind (invitation list, list of points): find the header,
// read every row, and report every problem with the row number the user sees. If any row is
// malformed the result carries no rows, so a list is never half-imported.
import type { ColumnSet, Label } from './columns.js';
import { readHeaderBlock } from './header-block.js';
import { LIMITS, issue, tooManyRows } from './issues.js';
import type { ImportIssue, ImportIssueCode } from './issues.js';
import { cleanCell } from './text.js';
import type { RowsResult, SheetRow, SheetTable } from './types.js';

type CleanRow = SheetRow & { clean: string[] };

/** Says a problem of the row being read: its line (and text-editor line) are added. */
export type SayRowIssue = (code: ImportIssueCode, messageVi: string, message: string) => ImportIssue;

/** What one kind of list makes of a row, and how its rows may clash. */
export interface RowKind<F extends string, R> {
  columns: ColumnSet<F>;
  /** the column a group heading typed in one cell ("I. ĐIỂM CẦU TRUNG TÂM") lands in */
  headingField: F;
  /** `cell(f)` is the cleaned cell of column f ('' when the file has no such column). */
  read(cell: (f: F, keepNewlines?: boolean) => string, line: number, say: SayRowIssue): { ok: true; row: R } | { ok: false; issues: ImportIssue[] };
  /** Two rows with the same key are the same entry written twice. */
  duplicateKey(row: R): string;
  duplicate(firstLine: number, row: R): Label;
  /** "a header but no … below it" */
  noRows: Label;
  maxRows: number;
}

// "I. ĐIỂM CẦU TRUNG TÂM", "II - Huyện Thới Bình", "B) Khách mời": a heading typed in one cell.
const SECTION_HEADING = /^(?:[IVXLC]{1,6}|[A-Z])\s*[.)\-–:]\s*\S/u;

/** "the cell is too long": any kind's field, named in both languages. */
export function fieldTooLong(label: Label, value: string, say: SayRowIssue): ImportIssue {
  const n = value.length;
  return say('field_too_long', `ô “${label.vi}” dài ${n} ký tự, tối đa ${LIMITS.fieldChars}.`, `the “${label.en}” cell is ${n} characters long; the limit is ${LIMITS.fieldChars}.`);
}

/** Reads the rows of one kind out of a table; never throws for any table. */
export function readRows<F extends string, R>(table: SheetTable, kind: RowKind<F, R>): RowsResult<R> {
  const rows: CleanRow[] = [];
  for (const row of table.rows) {
    const clean = row.cells.map((c) => cleanCell(c));
    if (clean.some((c) => c !== '')) rows.push({ ...row, clean });
  }
  if (rows.length === 0) {
    return { ok: false, errors: [issue('file_empty', null, 'Tệp không có dữ liệu.', 'The file has no data.')] };
  }

  const block = readHeaderBlock(rows, (index) => (rows[index] as CleanRow).cells.length, kind.columns);
  if (!block.ok) return block;
  const { columns, headerLine, dataStart } = block;
  const width = block.headerWidth;
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [...table.warnings, ...block.warnings];

  const at = (row: CleanRow) => (f: F, keepNewlines = false): string => {
    const c = columns.get(f);
    if (c === undefined) return '';
    return keepNewlines ? cleanCell(row.cells[c] ?? '', true) : (row.clean[c] ?? '');
  };
  const out: R[] = [];
  const firstSeen = new Map<string, number>();
  const ordinalColumn = kind.columns.ordinal === null ? undefined : columns.get(kind.columns.ordinal);
  let truncated = false;
  let dataRows = 0;
  const report = (i: ImportIssue): void => {
    if (errors.length < LIMITS.reportedErrors) errors.push(i);
    else truncated = true;
  };

  for (const row of rows.slice(dataStart)) {
    // A row holding only its STT number is an unused template line, as good as blank.
    const content = row.clean.filter((c, i) => c !== '' && i !== ordinalColumn);
    if (content.length === 0) continue;
    const cell = at(row);
    if (row.section === true || (content.length === 1 && cell(kind.headingField) === content[0] && SECTION_HEADING.test(content[0]))) {
      warnings.push(
        issue('section_row_skipped', row.line, `bỏ qua dòng tiêu đề nhóm “${content[0]}”.`, `skipped the section heading “${content[0]}”.`),
      );
      continue;
    }
    dataRows += 1;
    if (dataRows > kind.maxRows) return { ok: false, errors: [tooManyRows(kind.maxRows)] };
    const say: SayRowIssue = (code, vi, en) => issue(code, row.line, vi, en, row.textLine);

    // Excel, LibreOffice and Google Sheets all write CSV as a rectangle, so a row of another
    // width is a hand edit gone wrong; most often an unquoted comma that shifts every cell after it.
    if (table.strictColumnCount && row.cells.length !== width) {
      report(
        say(
          'wrong_column_count',
          `có ${row.cells.length} cột nhưng dòng tiêu đề có ${width} cột (có thể do dấu phân cách trong ô chưa được đặt trong ngoặc kép).`,
          `has ${row.cells.length} fields but the header has ${width} (perhaps a delimiter inside an unquoted cell).`,
        ),
      );
      continue;
    }

    const read = kind.read(cell, row.line, say);
    if (!read.ok) {
      read.issues.forEach(report);
      continue;
    }
    const key = kind.duplicateKey(read.row);
    const first = firstSeen.get(key);
    if (first !== undefined) {
      const m = kind.duplicate(first, read.row);
      report(say('duplicate_row', m.vi, m.en));
      continue;
    }
    firstSeen.set(key, row.line);
    out.push(read.row);
  }

  if (truncated) {
    errors.push(
      issue(
        'too_many_errors',
        null,
        `Còn nhiều lỗi khác; chỉ liệt kê ${LIMITS.reportedErrors} lỗi đầu tiên.`,
        `There are more errors; only the first ${LIMITS.reportedErrors} are listed.`,
      ),
    );
  }
  if (errors.length > 0) return { ok: false, errors, goodRows: out };
  if (out.length === 0) return { ok: false, errors: [issue('no_rows', headerLine, kind.noRows.vi, kind.noRows.en)] };
  return { ok: true, rows: out, format: table.format, warnings };
}
