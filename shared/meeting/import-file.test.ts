import { describe, expect, it } from 'vitest';
import { parseInvitationList } from '../import/index.js';
import { talliesByPoint } from './selectors.js';
import { admin, draftConference, expectEvents, expectRefused, NAM_CAN, THOI_BINH, U_MINH } from './testkit.js';
import { entryOf } from './buckets.js';

// From the clerk's file to the meeting: shared/import parses the bytes, the rows travel in an
// importInvitationList command, and decide links them to points and organisations.

/** What Excel's "CSV (dấu phân cách là dấu chấm phẩy)" writes on a Vietnamese Windows: BOM, ';', CRLF. */
function excelCsv(lines: string[]): Uint8Array {
  const text = `\uFEFF${lines.join('\r\n')}\r\n`;
  return new TextEncoder().encode(text);
}

describe('an invitation list file, end to end', () => {
  it('R-IMPORT-3 R-CORE-5: BOM, semicolons, CRLF, quoted fields and NFD names land on the right points in NFC', () => {
    const nfd = (s: string) => s.normalize('NFD');
    const bytes = excelCsv([
      'ỦY BAN NHÂN DÂN TỈNH CÀ MAU;;;;',
      'DANH SÁCH TRIỆU TẬP;;;;',
      'STT;Họ và tên;Chức vụ;Cơ quan, đơn vị;Điểm cầu',
      `1;${nfd('Quách Văn Ửng')};Trưởng phòng;"Phòng Tài chính - Kế hoạch; huyện U Minh";${nfd('Điểm cầu huyện U Minh')}`,
      `2;${nfd('Lý Thị Mỹ Duyên')};Phó Chủ tịch HĐND;HĐND huyện Thới Bình;THỚI BÌNH`,
      '3;Trương Thị Nguyệt;Chánh Văn phòng;Văn phòng HĐND và UBND huyện Năm Căn;Nam Can',
    ]);
    const parsed = parseInvitationList(bytes, 'danh-sach.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const s = draftConference();
    const before = talliesByPoint(s.state);
    s.apply(expectEvents(s.try(admin, { type: 'importInvitationList', mode: 'append', rows: parsed.rows }), ['organisationAdded', 'organisationAdded', 'invitationListImported']));
    const after = talliesByPoint(s.state);
    expect(after[U_MINH]!.invited - before[U_MINH]!.invited).toBe(1);
    expect(after[THOI_BINH]!.invited - before[THOI_BINH]!.invited).toBe(1);
    expect(after[NAM_CAN]!.invited - before[NAM_CAN]!.invited).toBe(1);
    const added = s.state.attendeeOrder.slice(-3).map((id) => entryOf(s.state.attendees, id)!);
    expect(added[0]!.name).toBe('Quách Văn Ửng'.normalize('NFC'));
    expect(s.state.organisations[added[0]!.organisationId]?.name).toBe('Phòng Tài chính - Kế hoạch; huyện U Minh');
    expect(added.map((a) => a.line)).toEqual(parsed.rows.map((r) => r.line));
  });

  it('R-IMPORT-2: a file naming a point the conference lacks imports nothing and names the line', () => {
    const parsed = parseInvitationList(
      excelCsv(['Họ và tên;Chức vụ;Cơ quan;Điểm cầu', 'Dương Hoàng Khởi;Chủ tịch UBND;UBND huyện U Minh;U Minh', 'Tô Văn Bé;Phó Chủ tịch;UBND huyện Phú Tân;Phú Tân']),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const s = draftConference();
    const r = s.try(admin, { type: 'importInvitationList', mode: 'append', rows: parsed.rows });
    expectRefused(r, 'IMPORT_INVALID');
    if (!r.ok) expect(r.message).toMatch(/line 3: unknown point “Phú Tân”/);
  });

  it('R-IMPORT-2: a broken row stops the file at the parser, reported by line', () => {
    const parsed = parseInvitationList(excelCsv(['Họ và tên;Chức vụ;Cơ quan;Điểm cầu', 'Dương Hoàng Khởi;Chủ tịch UBND;UBND huyện U Minh;U Minh', ';Phó Chủ tịch;UBND huyện Thới Bình;Thới Bình']));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.some((e) => e.line === 3)).toBe(true);
  });
});
