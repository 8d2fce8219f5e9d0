// Recognising the header row of an invitation list. Offices name the columns as they like, in
// Vietnamese or English, with or without diacritics ("Ho va ten" from a keyboard without Unikey),
// in any order, often under a few title lines ("ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "DANH SÁCH TRIỆU TẬP").
import { fold } from './text.js';

export type Field = 'name' | 'surname' | 'position' | 'organisation' | 'point' | 'note' | 'email' | 'phone' | 'ordinal';
export const REQUIRED_FIELDS = ['name', 'position', 'organisation', 'point'] as const;

// Folded spellings (see fold(): lower case, no diacritics, punctuation → space).
const ALIASES: Record<Field, readonly string[]> = {
  name: [
    'ho va ten', 'ho ten', 'ten', 'ho va ten dai bieu', 'ho ten dai bieu', 'ten dai bieu', 'dai bieu',
    'ho va ten nguoi du', 'ho ten nguoi du', 'name', 'full name', 'fullname', 'attendee', 'delegate', 'attendee name',
  ],
  // Some lists split the family and middle names from the given name (Họ đệm | Tên).
  surname: ['ho', 'ho dem', 'ho va ten dem', 'ho va chu dem', 'ho lot'],
  position: ['chuc vu', 'chuc danh', 'chuc vu chuc danh', 'chuc danh chuc vu', 'position', 'title', 'job title', 'role'],
  organisation: [
    'co quan', 'don vi', 'co quan don vi', 'don vi co quan', 'co quan don vi cong tac', 'don vi cong tac',
    'co quan cong tac', 'ten co quan', 'ten don vi', 'noi cong tac', 'organisation', 'organization', 'unit',
    'agency', 'department', 'organisation unit', 'organization unit',
  ],
  point: [
    'diem cau', 'diem cau tham du', 'diem cau du hop', 'du tai diem cau', 'tham du tai diem cau', 'dia diem',
    'dia diem du hop', 'point', 'location', 'connection point', 'venue', 'site',
  ],
  note: ['ghi chu', 'note', 'notes', 'remark', 'remarks', 'comment', 'comments'],
  email: ['email', 'e mail', 'thu dien tu', 'dia chi email', 'email address'],
  phone: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'dtdd', 'di dong', 'so di dong', 'phone', 'telephone', 'mobile', 'tel', 'phone number'],
  ordinal: ['stt', 'tt', 'so tt', 'so thu tu', 'no', 'nr', 'number', '#', 'seq'],
};

const BY_ALIAS = new Map<string, Field>();
for (const [field, aliases] of Object.entries(ALIASES) as [Field, readonly string[]][]) {
  for (const alias of aliases) BY_ALIAS.set(alias, field);
}

/** The field a header cell names, or null. Footnote marks and "(*)" for required are ignored. */
export function fieldOfHeader(label: string): Field | null {
  const key = fold(label.replace(/\(\s*\*?\s*\d*\s*\)|\*/g, ' '));
  return BY_ALIAS.get(key) ?? null;
}

export const FIELD_LABELS: Record<Field, { vi: string; en: string }> = {
  name: { vi: 'Họ và tên', en: 'Name' },
  surname: { vi: 'Họ đệm', en: 'Surname' },
  position: { vi: 'Chức vụ', en: 'Position' },
  organisation: { vi: 'Cơ quan, đơn vị', en: 'Organisation' },
  point: { vi: 'Điểm cầu', en: 'Point' },
  note: { vi: 'Ghi chú', en: 'Note' },
  email: { vi: 'Email', en: 'Email' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  ordinal: { vi: 'STT', en: 'No.' },
};

export type HeaderMatch = {
  /** Index into the rows given to findHeader. */
  index: number;
  columns: Map<Field, number>;
  missing: Field[];
  /** Columns whose header was recognised twice (e.g. two "Điểm cầu" columns). */
  duplicates: Field[];
  /** Non-empty header cells we did not recognise, with their column index. */
  unknown: { column: number; label: string }[];
};

function matchRow(cells: readonly string[]): Omit<HeaderMatch, 'index'> & { recognised: number } {
  const columns = new Map<Field, number>();
  const duplicates: Field[] = [];
  const unknown: { column: number; label: string }[] = [];
  let recognised = 0;
  cells.forEach((label, column) => {
    if (label === '') return;
    const field = fieldOfHeader(label);
    if (field === null) {
      unknown.push({ column, label });
      return;
    }
    recognised += 1;
    if (columns.has(field)) duplicates.push(field);
    else columns.set(field, column);
  });
  const missing = REQUIRED_FIELDS.filter((f) => !columns.has(f));
  return { columns, missing, duplicates, unknown, recognised };
}

/**
 * The first row among the first `scan` rows that names every required column; failing that,
 * the row that names the most of them (at least two), so the error can say which are missing.
 */
export function findHeader(rows: readonly (readonly string[])[], scan = 30): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  let bestScore = 1;
  for (let index = 0; index < Math.min(rows.length, scan); index += 1) {
    const row = rows[index];
    if (row === undefined) continue;
    const m = matchRow(row);
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
export function headerContinuation(cells: readonly string[]): Map<Field, number> | null {
  const found = new Map<Field, number>();
  let nonEmpty = 0;
  for (let column = 0; column < cells.length; column += 1) {
    const label = cells[column] ?? '';
    if (label === '') continue;
    nonEmpty += 1;
    const field = fieldOfHeader(label);
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
