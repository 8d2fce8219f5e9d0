// The header block of a list: the header row, found among the first rows (under any title
// lines), plus what sits between it and the first attendee: the second line of a two-line header
// and the "(1) (2) (3)" column-number row.
import type { ColumnSet } from './columns.js';
import { findHeader, headerContinuation, isColumnNumberRow } from './header.js';
import { issue } from './issues.js';
import type { ImportIssue } from './issues.js';

export type HeaderRowInput = { line: number; clean: string[]; spanned?: number[] };

export type HeaderBlock<F extends string> =
  | { ok: true; headerLine: number; headerWidth: number; dataStart: number; columns: Map<F, number>; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[] };

const quoteList = (labels: string[]): string => labels.map((l) => `“${l}”`).join(', ');

/**
 * A label copied across a merged header cell ("Họ và tên" over two columns) is one label, so
 * the copies are blanked before the header is read.
 */
function headerCells(row: HeaderRowInput): string[] {
  if (row.spanned === undefined) return row.clean;
  const cells = [...row.clean];
  for (const c of row.spanned) cells[c] = '';
  return cells;
}

export function readHeaderBlock<F extends string>(
  rows: readonly HeaderRowInput[],
  headerWidth: (index: number) => number,
  set: ColumnSet<F>,
): HeaderBlock<F> {
  const vi = (fs: readonly F[]): string => quoteList(fs.map((f) => set.labels[f].vi));
  const en = (fs: readonly F[]): string => quoteList(fs.map((f) => set.labels[f].en));
  const header = findHeader(rows.map(headerCells), set);
  if (header === null) {
    return {
      ok: false,
      errors: [
        issue(
          'no_header',
          null,
          `Không tìm thấy dòng tiêu đề cột. Cần có các cột ${vi(set.required)}.`,
          `No header row found. The columns ${en(set.required)} are required.`,
        ),
      ],
    };
  }
  const headerLine = (rows[header.index] as HeaderRowInput).line;
  if (header.duplicates.length > 0) {
    return {
      ok: false,
      errors: header.duplicates.map((f) =>
        issue('duplicate_column', headerLine, `cột “${set.labels[f].vi}” xuất hiện hai lần.`, `the column “${set.labels[f].en}” appears twice.`),
      ),
    };
  }

  // The lower line of a two-line header is the more specific one: "Họ và tên" over
  // "Họ đệm | Tên" means the family name and the given name, so its labels win.
  const columns = new Map(header.columns);
  let next = header.index + 1;
  for (;;) {
    const row = rows[next];
    if (row === undefined) break;
    const more = headerContinuation(headerCells(row), set);
    if (more !== null) {
      for (const [f, c] of more) {
        for (const [g, d] of columns) if (d === c && g !== f && !more.has(g)) columns.delete(g);
        columns.set(f, c);
      }
      next += 1;
    } else if (isColumnNumberRow(row.clean)) {
      next += 1;
    } else break;
  }

  const missing = set.required.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: [
        issue('missing_columns', headerLine, `thiếu cột ${vi(missing)}.`, `missing column${missing.length > 1 ? 's' : ''} ${en(missing)}.`),
      ],
    };
  }
  const mapped = new Set(columns.values());
  const unknown = header.unknown.filter((u) => !mapped.has(u.column));
  const warnings =
    unknown.length === 0
      ? []
      : [
          issue(
            'unknown_column',
            headerLine,
            `bỏ qua cột không nhận dạng được: ${quoteList(unknown.map((u) => u.label))}.`,
            `ignored unrecognised column(s): ${quoteList(unknown.map((u) => u.label))}.`,
          ),
        ];
  return { ok: true, headerLine, headerWidth: headerWidth(header.index), dataStart: next, columns, warnings };
}
