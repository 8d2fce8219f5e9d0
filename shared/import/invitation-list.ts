// The invitation list (danh sách triệu tập) as a kind of list: its columns and what a row of it
// is: one invited attendee, with the point written as the file wrote it.
import { ORDINAL_ALIASES, ORDINAL_LABEL, columnSet } from './columns.js';
import type { ImportIssue } from './issues.js';
import { LIMITS } from './issues.js';
import { fieldTooLong } from './rows.js';
import type { RowKind } from './rows.js';
import { invitationRowSchema } from './types.js';
import type { InvitationRow } from './types.js';

export type InvitationField = 'name' | 'surname' | 'position' | 'organisation' | 'point' | 'note' | 'email' | 'phone' | 'ordinal';

export const invitationColumns = columnSet<InvitationField>({
  aliases: {
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
    ordinal: ORDINAL_ALIASES,
  },
  labels: {
    name: { vi: 'Họ và tên', en: 'Name' },
    surname: { vi: 'Họ đệm', en: 'Surname' },
    position: { vi: 'Chức vụ', en: 'Position' },
    organisation: { vi: 'Cơ quan, đơn vị', en: 'Organisation' },
    point: { vi: 'Điểm cầu', en: 'Point' },
    note: { vi: 'Ghi chú', en: 'Note' },
    email: { vi: 'Email', en: 'Email' },
    phone: { vi: 'Điện thoại', en: 'Phone' },
    ordinal: ORDINAL_LABEL,
  },
  required: ['name', 'position', 'organisation', 'point'],
  ordinal: 'ordinal',
});

export const invitationRows: RowKind<InvitationField, InvitationRow> = {
  columns: invitationColumns,
  headingField: 'name',
  maxRows: LIMITS.rows,
  noRows: { vi: 'có dòng tiêu đề nhưng không có đại biểu nào bên dưới.', en: 'there is a header but no attendees below it.' },
  read(cell, line, say) {
    const surname = cell('surname');
    const given = cell('name');
    const candidate = {
      line,
      name: surname !== '' && given !== '' ? `${surname} ${given}` : given,
      position: cell('position'),
      organisation: cell('organisation'),
      point: cell('point'),
      ...optional('note', cell('note', true)),
      ...optional('email', cell('email')),
      ...optional('phone', phoneText(cell('phone'))),
    };
    const parsed = invitationRowSchema.safeParse(candidate);
    if (parsed.success) return { ok: true, row: parsed.data };
    const issues: ImportIssue[] = parsed.error.issues.map((problem) => {
      const f = problem.path[0] as InvitationField;
      if (problem.code === 'too_small' && f === 'name') return say('missing_name', 'thiếu họ và tên.', 'the name is missing.');
      if (problem.code === 'too_small' && f === 'point') return say('missing_point', 'thiếu điểm cầu.', 'the point is missing.');
      const value = (candidate as Record<string, unknown>)[f];
      return fieldTooLong(invitationColumns.labels[f], typeof value === 'string' ? value : '', say);
    });
    return { ok: false, issues };
  },
  // The cells are already clean; only the case is left to ignore.
  duplicateKey: (r) => `${r.name.toLowerCase()}\u0000${r.organisation.toLowerCase()}\u0000${r.point.toLowerCase()}`,
  duplicate: (first, r) => ({
    vi: `trùng với dòng ${first} (cùng họ tên, cơ quan và điểm cầu: ${r.name}).`,
    en: `duplicates line ${first} (same name, organisation and point: ${r.name}).`,
  }),
};

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

// Excel turns a typed 0912345678 into the number 912345678; a Vietnamese phone number is ten
// digits starting with 0, so the lost zero is put back.
export function phoneText(value: string): string {
  return /^[1-9]\d{8}$/.test(value) ? `0${value}` : value;
}
