// Recognising the header row of a list among its first rows: offices put a few title lines above
// it ("ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "DANH SÁCH TRIỆU TẬP"), and name the columns in any order.
import type { ColumnSet } from './columns.js';

export type HeaderMatch<F extends string = string> = {
  /** Index into the rows given to findHeader. */
  index: number;
  columns: Map<F, number>;
  missing: F[];
  /** Columns whose header was recognised twice (e.g. two "Điểm cầu" columns). */
  duplicates: F[];
  /** Non-empty header cells we did not recognise, with their column index. */
  unknown: { column: number; label: string }[];
};

function matchRow<F extends string>(cells: readonly string[], set: ColumnSet<F>): Omit<HeaderMatch<F>, 'index'> & { recognised: number } {
  const columns = new Map<F, number>();
  const duplicates: F[] = [];
  const unknown: { column: number; label: string }[] = [];
  let recognised = 0;
  cells.forEach((label, column) => {
    if (label === '') return;
    const field = set.fieldOf(label);
    if (field === null) {
      unknown.push({ column, label });
      return;
    }
    recognised += 1;
    if (columns.has(field)) duplicates.push(field);
    else columns.set(field, column);
  });
  const missing = set.required.filter((f) => !columns.has(f));
  return { columns, missing, duplicates, unknown, recognised };
}

/**
 * The first row among the first `scan` rows that names every required column; failing that,
 * the row that names the most columns (at least two; one when the list needs just one), so the
 * error can say which are missing.
 */
export function findHeader<F extends string>(rows: readonly (readonly string[])[], set: ColumnSet<F>, scan = 30): HeaderMatch<F> | null {
  let best: HeaderMatch<F> | null = null;
  let bestScore = set.required.length > 1 ? 1 : 0;
  for (let index = 0; index < Math.min(rows.length, scan); index += 1) {
    const row = rows[index];
    if (row === undefined) continue;
    const m = matchRow(row, set);
    if (m.missing.length === 0) return { index, columns: m.columns, missing: m.missing, duplicates: m.duplicates, unknown: m.unknown };
    if (m.recognised > bestScore) {
      bestScore = m.recognised;
      best = { index, columns: m.columns, missing: m.missing, duplicates: m.duplicates, unknown: m.unknown };
    }
  }
  return best;
}

/**
 * A row right under the header whose every non-empty cell is itself a header label: the second
 * line of a two-line header ("Liên hệ" over "Điện thoại | Email"). Returns the fields it adds.
 */
export function headerContinuation<F extends string>(cells: readonly string[], set: ColumnSet<F>): Map<F, number> | null {
  const found = new Map<F, number>();
  let nonEmpty = 0;
  for (let column = 0; column < cells.length; column += 1) {
    const label = cells[column] ?? '';
    if (label === '') continue;
    nonEmpty += 1;
    const field = set.fieldOf(label);
    if (field === null) return null;
    if (!found.has(field)) found.set(field, column);
  }
  return nonEmpty > 0 ? found : null;
}

/** The "(1) (2) (3) …" row official tables put under the header to number the columns. */
export function isColumnNumberRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c !== '');
  return filled.length >= 3 && filled.every((c) => /^\(?\d{1,2}\)?$/.test(c));
}
