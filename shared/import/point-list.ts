// A list of connection points from a spreadsheet: since 2025 provinces connect straight to their
// communes, and the office has the list of a hundred of them in Excel already. Read with the same
// reader as the invitation list (list.ts): same formats, same header search, same "line N of the
// file" errors; a row is a point's name, and optionally its kind and the contact there.
import { z } from 'zod';
import { MAX_POINTS_AT_ONCE } from '../protocol/commands-organiser.js';
import { POINT_KINDS, type PointKind } from '../protocol/values.js';
import { ORDINAL_ALIASES, ORDINAL_LABEL, columnSet } from './columns.js';
import { LIMITS } from './issues.js';
import type { ImportIssue } from './issues.js';
import { readList, readListText } from './list.js';
import { phoneText } from './invitation-list.js';
import { fieldTooLong } from './rows.js';
import type { RowKind } from './rows.js';
import { caseKey, fold } from './text.js';
import type { RowsResult } from './types.js';

export type PointField = 'name' | 'kind' | 'contact' | 'phone' | 'ordinal';

export const pointColumns = columnSet<PointField>({
  aliases: {
    name: [
      'ten diem cau', 'diem cau', 'ten', 'ten diem', 'dia diem', 'ten don vi', 'don vi', 'don vi hanh chinh',
      'ten don vi hanh chinh', 'xa phuong', 'xa phuong thi tran', 'ten xa phuong', 'ten xa', 'ten huyen',
      'name', 'point', 'point name', 'connection point', 'location', 'site', 'commune', 'unit',
    ],
    kind: ['loai', 'loai diem cau', 'cap', 'cap hanh chinh', 'kind', 'type', 'level', 'point kind'],
    contact: [
      'lien he', 'nguoi lien he', 'dau moi', 'dau moi lien he', 'can bo ky thuat', 'can bo phu trach', 'ky thuat',
      'contact', 'technical contact', 'contact person',
    ],
    phone: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'dtdd', 'di dong', 'so di dong', 'phone', 'telephone', 'mobile', 'tel', 'phone number'],
    ordinal: ORDINAL_ALIASES,
  },
  labels: {
    name: { vi: 'Tên điểm cầu', en: 'Point' },
    kind: { vi: 'Loại', en: 'Kind' },
    contact: { vi: 'Liên hệ', en: 'Contact' },
    phone: { vi: 'Điện thoại', en: 'Phone' },
    ordinal: ORDINAL_LABEL,
  },
  required: ['name'],
  ordinal: 'ordinal',
});

const field = z.string().max(LIMITS.fieldChars);

/** One point as the file gave it; `kind` absent when the file does not say (the organiser picks). */
export const pointListRowSchema = z.object({
  line: z.number().int().positive(),
  name: field.min(1),
  kind: z.enum(POINT_KINDS).optional(),
  contact: field.optional(),
});
export type PointListRow = z.infer<typeof pointListRowSchema>;
export type PointListResult = RowsResult<PointListRow>;

// Folded words for each kind, in Vietnamese and English, as a "Loại" or "Cấp" cell says it.
const KIND_WORDS: Record<PointKind, readonly string[]> = {
  central: ['trung tam', 'diem cau trung tam', 'tinh', 'cap tinh', 'central', 'centre', 'center', 'host'],
  district: ['huyen', 'quan', 'thi xa', 'cap huyen', 'district'],
  city: ['thanh pho', 'tp', 'city'],
  commune: ['xa', 'phuong', 'thi tran', 'dac khu', 'cap xa', 'commune', 'ward', 'town'],
  department: ['so', 'ban', 'nganh', 'so nganh', 'so ban nganh', 'co quan', 'department', 'agency'],
};
const KIND_BY_WORD = new Map<string, PointKind>();
for (const [kind, words] of Object.entries(KIND_WORDS) as [PointKind, readonly string[]][]) for (const w of words) KIND_BY_WORD.set(w, kind);

// With no "Loại" column, a commune's name says its kind: "Xã Tân Thành", "Phường 5".
const NAME_PREFIXES: readonly [string, PointKind][] = [
  ['diem cau trung tam', 'central'], ['thanh pho', 'city'], ['tp', 'city'], ['thi xa', 'district'], ['huyen', 'district'],
  ['quan', 'district'], ['thi tran', 'commune'], ['dac khu', 'commune'], ['xa', 'commune'], ['phuong', 'commune'], ['so', 'department'],
];

/** The kind a cell names ("Xã", "Cấp huyện", "district"), or null when it names none. */
export function pointKindOf(text: string): PointKind | null {
  return KIND_BY_WORD.get(fold(text)) ?? null;
}

function kindFromName(name: string): PointKind | undefined {
  const folded = fold(name);
  return NAME_PREFIXES.find(([p]) => folded.startsWith(`${p} `))?.[1];
}

export const pointRows: RowKind<PointField, PointListRow> = {
  columns: pointColumns,
  headingField: 'name',
  maxRows: MAX_POINTS_AT_ONCE,
  noRows: { vi: 'có dòng tiêu đề nhưng không có điểm cầu nào bên dưới.', en: 'there is a header but no points below it.' },
  read(cell, line, say) {
    const name = cell('name');
    const kindText = cell('kind');
    const kind = kindText === '' ? kindFromName(name) : pointKindOf(kindText);
    const issues: ImportIssue[] = [];
    if (kind === null) {
      issues.push(
        say(
          'unknown_point_kind',
          `loại điểm cầu “${kindText}” không rõ; dùng Trung tâm, Huyện, Thành phố, Xã/Phường hoặc Sở/ngành.`,
          `the point kind “${kindText}” is unknown; use central, district, city, commune or department.`,
        ),
      );
    }
    const contact = [cell('contact'), phoneText(cell('phone'))].filter((c) => c !== '').join(', ');
    const candidate = { line, name, ...(kind ? { kind } : {}), ...(contact !== '' ? { contact } : {}) };
    const parsed = pointListRowSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const problem of parsed.error.issues) {
        const f = problem.path[0] as 'name' | 'contact';
        if (problem.code === 'too_small') issues.push(say('missing_name', 'thiếu tên điểm cầu.', 'the point name is missing.'));
        else issues.push(fieldTooLong(pointColumns.labels[f], candidate[f] ?? '', say));
      }
    }
    return parsed.success && issues.length === 0 ? { ok: true, row: parsed.data } : { ok: false, issues };
  },
  // The core compares point names in NFC, case-insensitively, spaces collapsed (R-SETUP-2).
  duplicateKey: (r) => caseKey(r.name),
  duplicate: (first, r) => ({ vi: `trùng tên điểm cầu với dòng ${first} (${r.name}).`, en: `the same point as line ${first} (${r.name}).` }),
};

/** Reads a list of points from a CSV or XLSX file (format sniffed from the content). */
export function parsePointList(bytes: Uint8Array | ArrayBuffer, fileName?: string): PointListResult {
  return readList(bytes, pointRows, fileName);
}

/** Reads a list of points held as text. */
export function parsePointCsv(text: string): PointListResult {
  return readListText(text, pointRows);
}
