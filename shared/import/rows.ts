// From a table of cells to invitation rows: find the header, read every row, and report every
// problem with the row number the user sees. If any row is malformed the result carries no rows,
// so a list is never half-imported.
import { FIELD_LABELS } from './header.js';
import { readHeaderBlock } from './header-block.js';
import type { Field } from './header.js';
import { LIMITS, issue, tooManyRows } from './issues.js';
import type { ImportIssue } from './issues.js';
import { cleanCell } from './text.js';
import { invitationRowSchema } from './types.js';
import type { ImportResult, InvitationRow, SheetRow, SheetTable } from './types.js';

type CleanRow = SheetRow & { clean: string[] };

const labelVi = (f: Field): string => FIELD_LABELS[f].vi;
const labelEn = (f: Field): string => FIELD_LABELS[f].en;

// "I. ĐIỂM CẦU TRUNG TÂM", "II - Huyện Thới Bình", "B) Khách mời": a heading typed in one cell.
const SECTION_HEADING = /^(?:[IVXLC]{1,6}|[A-Z])\s*[.)\-–:]\s*\S/u;

/** Reads the invitation rows out of a table; never throws for any table. */
export function rowsFromTable(table: SheetTable): ImportResult {
  const rows: CleanRow[] = [];
  for (const row of table.rows) {
    const clean = row.cells.map((c) => cleanCell(c));
    if (clean.some((c) => c !== '')) rows.push({ ...row, clean });
  }
  if (rows.length === 0) {
    return { ok: false, errors: [issue('file_empty', null, 'Tệp không có dữ liệu.', 'The file has no data.')] };
  }

  const block = readHeaderBlock(rows, (index) => (rows[index] as CleanRow).cells.length);
  if (!block.ok) return block;
  const { columns, headerLine, dataStart } = block;
  const width = block.headerWidth;
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [...table.warnings, ...block.warnings];

  const at = (f: Field, row: CleanRow): string => {
    const c = columns.get(f);
    if (c === undefined) return '';
    return f === 'note' ? cleanCell(row.cells[c] ?? '', true) : (row.clean[c] ?? '');
  };
  const out: InvitationRow[] = [];
  const firstSeen = new Map<string, number>();
  const ordinalColumn = columns.get('ordinal');
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
    if (row.section === true || (content.length === 1 && at('name', row) === content[0] && SECTION_HEADING.test(content[0]))) {
      warnings.push(
        issue('section_row_skipped', row.line, `bỏ qua dòng tiêu đề nhóm “${content[0]}”.`, `skipped the section heading “${content[0]}”.`),
      );
      continue;
    }
    dataRows += 1;
    if (dataRows > LIMITS.rows) return { ok: false, errors: [tooManyRows()] };

    // Excel, LibreOffice and Google Sheets all write CSV as a rectangle, so a row of another
    // width is a hand edit gone wrong; most often an unquoted comma that shifts every cell after it.
    if (table.strictColumnCount) {
      if (row.cells.length !== width) {
        report(
          issue(
            'wrong_column_count',
            row.line,
            `có ${row.cells.length} cột nhưng dòng tiêu đề có ${width} cột (có thể do dấu phân cách trong ô chưa được đặt trong ngoặc kép).`,
            `has ${row.cells.length} fields but the header has ${width} (perhaps a delimiter inside an unquoted cell).`,
            row.textLine,
          ),
        );
        continue;
      }
    }

    const surname = at('surname', row);
    const given = at('name', row);
    const candidate = {
      line: row.line,
      name: surname !== '' && given !== '' ? `${surname} ${given}` : given,
      position: at('position', row),
      organisation: at('organisation', row),
      point: at('point', row),
      ...optional('note', at('note', row)),
      ...optional('email', at('email', row)),
      ...optional('phone', phoneText(at('phone', row))),
    };
    const parsed = invitationRowSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const problem of parsed.error.issues) {
        const f = problem.path[0] as Field;
        const value = (candidate as Record<string, unknown>)[f];
        if (problem.code === 'too_small' && f === 'name') {
          report(issue('missing_name', row.line, 'thiếu họ và tên.', 'the name is missing.', row.textLine));
        } else if (problem.code === 'too_small' && f === 'point') {
          report(issue('missing_point', row.line, 'thiếu điểm cầu.', 'the point is missing.', row.textLine));
        } else {
          const n = typeof value === 'string' ? value.length : 0;
          report(
            issue(
              'field_too_long',
              row.line,
              `ô “${labelVi(f)}” dài ${n} ký tự, tối đa ${LIMITS.fieldChars}.`,
              `the “${labelEn(f)}” cell is ${n} characters long; the limit is ${LIMITS.fieldChars}.`,
              row.textLine,
            ),
          );
        }
      }
      continue;
    }
    const row1 = parsed.data;
    // The cells are already clean; only the case is left to ignore.
    const key = `${row1.name.toLowerCase()}\u0000${row1.organisation.toLowerCase()}\u0000${row1.point.toLowerCase()}`;
    const first = firstSeen.get(key);
    if (first !== undefined) {
      report(
        issue(
          'duplicate_row',
          row.line,
          `trùng với dòng ${first} (cùng họ tên, cơ quan và điểm cầu: ${row1.name}).`,
          `duplicates line ${first} (same name, organisation and point: ${row1.name}).`,
          row.textLine,
        ),
      );
      continue;
    }
    firstSeen.set(key, row.line);
    out.push(row1);
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
  if (out.length === 0) {
    return {
      ok: false,
      errors: [issue('no_rows', headerLine, 'có dòng tiêu đề nhưng không có đại biểu nào bên dưới.', 'there is a header but no attendees below it.')],
    };
  }
  return { ok: true, rows: out, format: table.format, warnings };
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

// Excel turns a typed 0912345678 into the number 912345678; a Vietnamese phone number is ten
// digits starting with 0, so the lost zero is put back.
function phoneText(value: string): string {
  return /^[1-9]\d{8}$/.test(value) ? `0${value}` : value;
}
