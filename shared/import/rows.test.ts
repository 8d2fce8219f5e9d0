import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseInvitationCsv, parseInvitationList } from './index.js';
import { errorsOf, rowsOf, warningsOf } from './test-helpers.js';

const HEAD = 'Họ và tên,Chức vụ,Cơ quan,Điểm cầu';
const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;
const people = (n: number): string[] => Array.from({ length: n }, (_, i) => `Đại biểu số ${i + 1},Chuyên viên,Sở Nội vụ,Thới Bình`);

describe('header names', () => {
  it.each([
    ['without diacritics', 'Ho va ten,Chuc vu,Co quan,Diem cau'],
    ['in capitals', 'HỌ VÀ TÊN,CHỨC VỤ,CƠ QUAN,ĐIỂM CẦU'],
    ['with other spellings', 'Họ tên,Chức danh,"Cơ quan/Đơn vị",Điểm cầu tham dự'],
    ['with required marks and line breaks', '"Họ và\ntên (*)",Chức vụ*,"Cơ quan,\nđơn vị",Điểm cầu (1)'],
    ['in English', 'Name,Position,Unit,Point'],
    ['in English, other words', 'Full name,Title,Organisation,Location'],
  ])('recognises the header %s', (_label, header) => {
    const rows = rowsOf(parseInvitationCsv(csv(header, 'Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm')));
    expect(rows[0]).toMatchObject({ name: 'Lê Quân', position: 'Chủ tịch', organisation: 'UBND tỉnh', point: 'Trung tâm' });
  });

  it('joins a family-name column with the given-name column', () => {
    const rows = rowsOf(parseInvitationCsv(csv('STT,Họ đệm,Tên,Chức vụ,Đơn vị,Điểm cầu', '1,Nguyễn Tiến,Hải,Bí thư Tỉnh ủy,Tỉnh ủy,Trung tâm')));
    expect(rows[0]?.name).toBe('Nguyễn Tiến Hải');
  });

  it('warns about columns it does not know and ignores them', () => {
    const result = parseInvitationCsv(csv(`${HEAD},Số CCCD`, 'Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm,012345678901'));
    expect(rowsOf(result)).toHaveLength(1);
    expect(warningsOf(result)).toMatchObject([{ code: 'unknown_column', line: 1 }]);
    expect(warningsOf(result)[0]?.messageVi).toContain('“Số CCCD”');
  });

  it('refuses two columns of the same meaning', () => {
    expect(errorsOf(parseInvitationCsv(csv(`${HEAD},Địa điểm`, 'Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm,Trung tâm')))[0]?.code).toBe('duplicate_column');
  });

  it('says no header was found, listing the columns it needs', () => {
    const [e] = errorsOf(parseInvitationCsv(csv('Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm')));
    expect(e?.code).toBe('no_header');
    expect(e?.messageVi).toContain('“Họ và tên”, “Chức vụ”, “Cơ quan, đơn vị”, “Điểm cầu”');
    expect(e?.message).toContain('“Name”, “Position”, “Organisation”, “Point”');
  });

  it('skips the "(1) (2) (3)" column-number row, template rows with only an STT, and group headings', () => {
    const result = parseInvitationCsv(
      csv('STT,Họ và tên,Chức vụ,Cơ quan,Điểm cầu', '(1),(2),(3),(4),(5)', ',I. ĐIỂM CẦU TRUNG TÂM,,,', '1,Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm', '2,,,,', '3,,,,'),
    );
    expect(rowsOf(result).map((r) => r.line)).toEqual([4]);
    expect(warningsOf(result)).toMatchObject([{ code: 'section_row_skipped', line: 3 }]);
  });

  it('says a list with a header but nobody in it is empty', () => {
    expect(errorsOf(parseInvitationCsv(csv(HEAD, ',,,')))[0]?.code).toBe('no_rows');
  });
});

describe('rows', () => {
  it('imports nothing when a single row among many is wrong', () => {
    const lines = people(1000);
    lines[600] = 'Đại biểu lỗi,Chuyên viên,Sở Nội vụ,';
    const [e, ...more] = errorsOf(parseInvitationCsv(csv(HEAD, ...lines)));
    expect(more).toEqual([]);
    expect(e).toMatchObject({ code: 'missing_point', line: 602, messageVi: 'Dòng 602 của tệp: thiếu điểm cầu.' });
  });

  it('needs a name', () => {
    expect(errorsOf(parseInvitationCsv(csv(HEAD, ',Chủ tịch,UBND tỉnh,Trung tâm')))[0]).toMatchObject({ code: 'missing_name', line: 2 });
  });

  it('takes duplicates regardless of case and spacing, but not of diacritics', () => {
    const same = parseInvitationCsv(csv(HEAD, 'Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm', 'LÊ  QUÂN,Chủ tịch,ubnd tỉnh,trung tâm'));
    expect(errorsOf(same)[0]).toMatchObject({ code: 'duplicate_row', line: 3 });
    // Lê Quan is another person; the same name at another point is another invitation.
    const different = parseInvitationCsv(csv(HEAD, 'Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm', 'Lê Quan,Chủ tịch,UBND tỉnh,Trung tâm', 'Lê Quân,Chủ tịch,UBND tỉnh,Thới Bình'));
    expect(rowsOf(different)).toHaveLength(3);
  });

  it('allows 300 characters in a cell and not 301', () => {
    const note = (n: number): string => 'ầ'.repeat(n);
    expect(rowsOf(parseInvitationCsv(csv(`${HEAD},Ghi chú`, `Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm,${note(300)}`)))[0]?.note).toHaveLength(300);
    const [e] = errorsOf(parseInvitationCsv(csv(`${HEAD},Ghi chú`, `Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm,${note(301)}`)));
    expect(e).toMatchObject({ code: 'field_too_long', line: 2 });
    expect(errorsOf(parseInvitationCsv(csv(HEAD, `${'Lê Quân '.repeat(40)},Chủ tịch,UBND tỉnh,Trung tâm`)))[0]?.code).toBe('field_too_long');
  });

  it('lists the first 200 errors and says there are more', () => {
    const errors = errorsOf(parseInvitationCsv(csv(HEAD, ...Array.from({ length: 500 }, () => ',,,Trung tâm'))));
    expect(errors).toHaveLength(LIMITS.reportedErrors + 1);
    expect(errors.at(-1)?.code).toBe('too_many_errors');
  });

  it('puts back the leading zero Excel drops from a phone number', () => {
    const rows = rowsOf(parseInvitationCsv(csv(`${HEAD},Điện thoại`, 'Lê Quân,Chủ tịch,UBND tỉnh,Trung tâm,912345678', 'Tô Minh Khoa,Giám đốc,Sở KH&ĐT,Trung tâm,02903831234')));
    expect(rows.map((r) => r.phone)).toEqual(['0912345678', '02903831234']);
  });
});

describe('the row limit', () => {
  it('takes 20,000 rows and refuses 20,001 in CSV', () => {
    expect(rowsOf(parseInvitationCsv(csv(HEAD, ...people(LIMITS.rows))))).toHaveLength(LIMITS.rows);
    const errors = errorsOf(parseInvitationCsv(csv(HEAD, ...people(LIMITS.rows + 1))));
    expect(errors.map((e) => e.code)).toEqual(['too_many_rows']);
    expect(errors[0]?.messageVi).toContain('20.000');
  });

  it('refuses 20,001 rows in XLSX, and a sheet far past the limit without reading it all', () => {
    const sheet = (n: number): Uint8Array => {
      const rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ tên</t></is></c><c r="B1" t="inlineStr"><is><t>Chức vụ</t></is></c><c r="C1" t="inlineStr"><is><t>Đơn vị</t></is></c><c r="D1" t="inlineStr"><is><t>Điểm cầu</t></is></c></row>',
      ];
      for (let i = 2; i <= n + 1; i += 1) {
        rows.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>Đại biểu ${i}</t></is></c><c r="D${i}" t="inlineStr"><is><t>U Minh</t></is></c></row>`);
      }
      return zipSync({
        '_rels/.rels': strToU8('<Relationships><Relationship Id="r1" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="DS" sheetId="1" r:id="r1"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="r1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`),
      });
    };
    expect(rowsOf(parseInvitationList(sheet(LIMITS.rows)))).toHaveLength(LIMITS.rows);
    expect(errorsOf(parseInvitationList(sheet(LIMITS.rows + 1))).map((e) => e.code)).toEqual(['too_many_rows']);
    // Past the limit plus room for titles, reading stops before the end of the sheet.
    expect(errorsOf(parseInvitationList(sheet(LIMITS.rows + 150))).map((e) => e.code)).toEqual(['too_many_rows']);
  });
});
