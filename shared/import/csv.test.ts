import { describe, expect, it } from 'vitest';
import { CENTRAL, PEOPLE } from './fixtures/people.js';
import { parseInvitationCsv, parseInvitationList } from './index.js';
import { errorsOf, fixture, rowsOf, warningsOf } from './test-helpers.js';

describe('CSV as Excel (Vietnamese settings) saves it: BOM, semicolon, CRLF, title lines', () => {
  const result = parseInvitationList(fixture('excel-vn-semicolon-bom-crlf.csv'), 'danh-sach.csv');

  it('reads every attendee, with the row number Excel shows', () => {
    const rows = rowsOf(result);
    expect(result.ok && result.format).toBe('csv');
    expect(rows).toHaveLength(PEOPLE.length);
    // Three title/blank lines, the header on line 4, attendees from line 5.
    expect(rows.map((r) => r.line)).toEqual(PEOPLE.map((_, i) => i + 5));
    PEOPLE.forEach((p, i) => {
      expect(rows[i]).toMatchObject({ name: p.name, position: p.position, organisation: p.organisation, point: p.point });
    });
    expect(warningsOf(result)).toEqual([]);
  });

  it('keeps a quoted semicolon inside a cell and commas in unquoted cells', () => {
    const rows = rowsOf(result);
    expect(rows[0]?.note).toBe('Chủ trì; phát biểu chỉ đạo');
    expect(rows[1]?.position).toBe('Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh');
    expect(rows[3]?.note).toBeUndefined();
  });
});

describe('NFD text', () => {
  it('comes out NFC, equal to the same names typed in NFC', () => {
    const bytes = fixture('nfd-comma-lf.csv');
    // The fixture really is decomposed: "Đặng" has a combining dot below.
    expect(new TextDecoder().decode(bytes)).toContain('a\u0323\u0306');
    const rows = rowsOf(parseInvitationList(bytes));
    const expected = PEOPLE.slice(6);
    expect(rows.map((r) => r.name)).toEqual(expected.map((p) => p.name));
    expect(rows.map((r) => r.point)).toEqual(expected.map((p) => p.point));
    for (const r of rows) {
      for (const v of [r.name, r.position, r.organisation, r.point]) expect(v).toBe(v.normalize('NFC'));
    }
  });
});

describe('English header in another column order', () => {
  it('maps Location/Full name/Organization/Title and the optional Email', () => {
    const rows = rowsOf(parseInvitationList(fixture('english-header.csv')));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      line: 2,
      name: 'Nguyễn Tiến Hải',
      position: 'Bí thư Tỉnh ủy',
      organisation: 'Tỉnh ủy Cà Mau',
      point: CENTRAL,
    });
    expect(rows[3]).toMatchObject({ name: 'Phạm Thị Thu Hà', email: 'ha.ptt@camau.gov.vn' });
  });
});

describe('a list with broken rows', () => {
  const errors = errorsOf(parseInvitationList(fixture('broken-rows.csv')));

  it('imports nothing and reports each problem on its own line', () => {
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'wrong_column_count'],
      [5, 'missing_point'],
      [6, 'duplicate_row'],
      [7, 'field_too_long'],
    ]);
  });

  it('says it in Vietnamese and English', () => {
    const dup = errors.find((e) => e.code === 'duplicate_row');
    expect(dup?.messageVi).toBe('Dòng 6 của tệp: trùng với dòng 2 (cùng họ tên, cơ quan và điểm cầu: đặng ngọc ẩn).');
    expect(dup?.message).toContain('Line 6 of the file: duplicates line 2');
    const wide = errors.find((e) => e.code === 'wrong_column_count');
    expect(wide?.messageVi).toContain('có 6 cột nhưng dòng tiêu đề có 5 cột');
    const long = errors.find((e) => e.code === 'field_too_long');
    expect(long?.messageVi).toBe('Dòng 7 của tệp: ô “Ghi chú” dài 339 ký tự, tối đa 300.');
  });
});

describe('quoted cells with delimiters, doubled quotes and line breaks', () => {
  const rows = rowsOf(parseInvitationList(fixture('quoted-multiline.csv')));

  it('keeps line breaks in the note, joins them elsewhere, unescapes quotes', () => {
    expect(rows[0]?.note).toBe('Phát biểu chỉ đạo:\n"Kiên quyết không lùi bước"');
    expect(rows[1]?.position).toBe('Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh');
    expect(rows[2]?.note).toBe('Báo cáo "tình hình KT-XH 2020"');
    expect(rows[2]?.position).toBe('Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh');
  });

  it('numbers rows as a spreadsheet shows them, not by text line', () => {
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
  });

  it('names the text-editor line as well when a multi-line cell shifts it', () => {
    const text = new TextDecoder().decode(fixture('quoted-multiline.csv')).replace('4,Đặng Ngọc Ẩn,Chủ tịch UBND huyện,UBND huyện Thới Bình,Thới Bình,', '4,Đặng Ngọc Ẩn,Chủ tịch UBND huyện,UBND huyện Thới Bình,,');
    const [e] = errorsOf(parseInvitationCsv(text));
    expect(e).toMatchObject({ line: 5, code: 'missing_point' });
    expect(e?.messageVi).toBe('Dòng 5 của tệp (dòng 7 khi mở bằng trình soạn thảo văn bản): thiếu điểm cầu.');
  });
});

describe('line endings, blank rows and delimiters', () => {
  const body = ['Họ và tên;Chức vụ;Cơ quan;Điểm cầu', 'Lê Quân;Chủ tịch UBND tỉnh;UBND tỉnh Cà Mau;Trung tâm', '', ';;;', 'Đặng Ngọc Ẩn;Chủ tịch;UBND huyện Thới Bình;Thới Bình'];

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR (old Mac)', '\r'],
  ])('reads %s line endings, skipping blank rows but counting them', (_label, eol) => {
    const rows = rowsOf(parseInvitationCsv(`${body.join(eol)}${eol}${eol}${eol}`));
    expect(rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Lê Quân'],
      [5, 'Đặng Ngọc Ẩn'],
    ]);
  });

  it('detects the delimiter from the header even when cells contain the other one', () => {
    const text = 'Họ và tên,Chức vụ,"Cơ quan; đơn vị",Điểm cầu\nLê Quân,"Phó Bí thư; Chủ tịch",UBND tỉnh,Trung tâm\n';
    expect(rowsOf(parseInvitationCsv(text))[0]).toMatchObject({ position: 'Phó Bí thư; Chủ tịch', point: 'Trung tâm' });
  });

  it('honours an Excel "sep=" first line and keeps Excel row numbers', () => {
    const rows = rowsOf(parseInvitationCsv('sep=;\r\nHọ tên;Chức vụ;Đơn vị;Điểm cầu\r\nLê Quân;Chủ tịch;UBND tỉnh;Trung tâm\r\n'));
    expect(rows).toEqual([{ line: 2, name: 'Lê Quân', position: 'Chủ tịch', organisation: 'UBND tỉnh', point: 'Trung tâm' }]);
  });

  it('reads tab-separated text', () => {
    const rows = rowsOf(parseInvitationCsv('Name\tPosition\tUnit\tPoint\nLê Quân\tChủ tịch\tUBND tỉnh\tTrung tâm'));
    expect(rows[0]?.organisation).toBe('UBND tỉnh');
  });

  it('refuses an opened quote that never closes, naming where it opened', () => {
    const [e] = errorsOf(parseInvitationCsv('Họ tên,Chức vụ,Đơn vị,Điểm cầu\nLê Quân,"Chủ tịch,UBND tỉnh,Trung tâm\nĐặng Ngọc Ẩn,Chủ tịch,UBND huyện,Thới Bình\n'));
    expect(e).toMatchObject({ code: 'csv_unterminated_quote', line: 2 });
  });

  it('counts a short or a long row as a wrong column count, even when the extra field is empty', () => {
    const head = 'Họ tên,Chức vụ,Đơn vị,Điểm cầu';
    expect(errorsOf(parseInvitationCsv(`${head}\nLê Quân,Chủ tịch,Trung tâm\n`))[0]).toMatchObject({ code: 'wrong_column_count', line: 2 });
    expect(errorsOf(parseInvitationCsv(`${head}\nLê Quân,Chủ tịch,UBND tỉnh,Trung tâm,\n`))[0]).toMatchObject({ code: 'wrong_column_count', line: 2 });
    // Padding the header and the rows alike (as Excel does for a wider used range) is fine.
    expect(rowsOf(parseInvitationCsv(`${head},,\nLê Quân,Chủ tịch,UBND tỉnh,Trung tâm,,\n`))).toHaveLength(1);
  });

  it('trims stray whitespace, non-breaking and zero-width spaces', () => {
    const rows = rowsOf(parseInvitationCsv('Họ tên,Chức vụ,Đơn vị,Điểm cầu\n  Lê\u00A0\u00A0Quân\u200B , Chủ  tịch ,\tUBND tỉnh, Trung tâm \n'));
    expect(rows[0]).toMatchObject({ name: 'Lê Quân', position: 'Chủ tịch', organisation: 'UBND tỉnh', point: 'Trung tâm' });
  });
});
