import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CENTRAL, PEOPLE } from './fixtures/people.js';
import { parseInvitationList } from './index.js';
import { buildXlsx, errorsOf, fixture, inline, rowsOf, warningsOf } from './test-helpers.js';
import { TooManyRows, readWorksheet } from './xlsx-sheet.js';

function expectCaMauList(file: string): void {
  const result = parseInvitationList(fixture(file), 'danh-sach-trieu-tap.xlsx');
  const rows = rowsOf(result);
  expect(result.ok && result.format).toBe('xlsx');
  // Title rows 1–2, header rows 4–5, group heading on row 6, the central point's people on
  // rows 7–12, the second heading on row 13, the districts from row 14.
  const central = PEOPLE.filter((p) => p.point === CENTRAL);
  const districts = PEOPLE.filter((p) => p.point !== CENTRAL);
  expect(rows.map((r) => r.line)).toEqual([...central.map((_, i) => 7 + i), ...districts.map((_, i) => 14 + i)]);
  const expected = [...central, ...districts];
  rows.forEach((r, i) => {
    const p = expected[i];
    expect(r).toEqual({
      line: r.line,
      name: p?.name,
      position: p?.position,
      organisation: p?.organisation,
      // The central point's cell is merged down its six rows; each row gets it.
      point: p?.point,
      ...(p?.note !== undefined ? { note: p.note } : {}),
      ...(p?.phone !== undefined ? { phone: p.phone } : {}),
    });
  });
  expect(warningsOf(result).map((w) => [w.code, w.line])).toEqual([
    ['other_sheets_ignored', null],
    ['section_row_skipped', 6],
    ['section_row_skipped', 13],
  ]);
  expect(warningsOf(result)[0]?.messageVi).toBe('Chỉ đọc trang tính đầu tiên “Danh sách triệu tập”; bỏ qua “Hướng dẫn”.');
}

describe('XLSX as a clerk lays it out', () => {
  it('reads the exceljs-written workbook: merges, two-line header, rich text, NFD, phone numbers', () => {
    expectCaMauList('danh-sach-trieu-tap.exceljs.xlsx');
  });

  it('reads the same workbook re-saved by LibreOffice Calc', () => {
    expectCaMauList('danh-sach-trieu-tap.libreoffice.xlsx');
  });

  it('reads the Excel-VN CSV as LibreOffice saves it to XLSX', () => {
    const rows = rowsOf(parseInvitationList(fixture('excel-vn.libreoffice.xlsx')));
    expect(rows.map((r) => r.line)).toEqual(PEOPLE.map((_, i) => i + 5));
    expect(rows.map((r) => [r.name, r.organisation, r.point])).toEqual(PEOPLE.map((p) => [p.name, p.organisation, p.point]));
    expect(rows[0]?.note).toBe('Chủ trì; phát biểu chỉ đạo');
  });

  it('refuses an OpenDocument spreadsheet with a way out', () => {
    const [e] = errorsOf(parseInvitationList(fixture('danh-sach-trieu-tap.ods'), 'danh-sach.ods'));
    expect(e?.code).toBe('unsupported_format');
    expect(e?.messageVi).toContain('.ods');
  });
});

describe('XLSX as small generators write it', () => {
  it('reads inline strings, prefixed elements, cells and rows out of order or without references', () => {
    const xml = [
      `<row r="3">${inline('D3', 'Thới Bình')}${inline('A3', 'Đặng Ngọc Ẩn')}<c r="C3" t="str"><f>"UBND huyện "&amp;D3</f><v>UBND huyện Thới Bình</v></c>${inline('B3', 'Chủ tịch')}</row>`,
      `<row r="1">${inline('A1', 'Họ tên')}${inline('B1', 'Chức vụ')}${inline('C1', 'Đơn vị')}${inline('D1', 'Điểm cầu')}</row>`,
      // No r attributes at all: the row follows the row before it (1), its cells fill A, B, C, D.
      `<row><c t="inlineStr"><is><t>L&#234; Qu&#226;n</t></is></c><c t="inlineStr"><is><r><t>Chủ tịch </t></r><r><t xml:space="preserve">UBND tỉnh</t></r></is></c><c t="inlineStr"><is><t><![CDATA[UBND tỉnh Cà Mau]]></t></is></c><c t="inlineStr"><is><t>${CENTRAL}</t></is></c></row>`,
    ].join('');
    const rows = rowsOf(parseInvitationList(buildXlsx([{ name: 'DS', xml }])));
    expect(rows).toEqual([
      { line: 2, name: 'Lê Quân', position: 'Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh Cà Mau', point: CENTRAL },
      { line: 3, name: 'Đặng Ngọc Ẩn', position: 'Chủ tịch', organisation: 'UBND huyện Thới Bình', point: 'Thới Bình' },
    ]);
  });

  it('joins rich-text runs and leaves out phonetic hints in shared strings', () => {
    const sst = ['Họ tên', 'Chức vụ', 'Đơn vị', 'Điểm cầu'].map((t) => `<si><t>${t}</t></si>`).join('') +
      '<si><r><rPr><b/></rPr><t>Lê </t></r><r><t>Quân</t></r><rPh sb="0" eb="1"><t>LE</t></rPh></si><si><t>U Minh</t></si>';
    const xml =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>1.5</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="s"><v>5</v></c></row>' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>Quách Văn Ửng</t></is></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="s"><v>5</v></c></row>';
    const rows = rowsOf(parseInvitationList(buildXlsx([{ name: 'DS', xml }], sst)));
    expect(rows.map((r) => [r.name, r.position, r.organisation, r.point])).toEqual([
      ['Lê Quân', '1.5', 'TRUE', 'U Minh'],
      ['Quách Văn Ửng', '0.3', '#N/A', 'U Minh'],
    ]);
  });

  it('reads the first visible sheet, and says a formula without a value was read as empty', () => {
    const header = `<row r="1">${inline('A1', 'Họ tên')}${inline('B1', 'Chức vụ')}${inline('C1', 'Đơn vị')}${inline('D1', 'Điểm cầu')}</row>`;
    const data = `<row r="2">${inline('A2', 'Lê Quân')}<c r="B2" t="str"><f>Sheet2!A1</f></c>${inline('C2', 'UBND tỉnh')}${inline('D2', 'Trung tâm')}</row>`;
    const result = parseInvitationList(
      buildXlsx([
        { name: 'Ẩn', xml: `<row r="1">${inline('A1', 'không phải danh sách')}</row>`, hidden: true },
        { name: 'DS', xml: header + data },
      ]),
    );
    expect(rowsOf(result)).toEqual([{ line: 2, name: 'Lê Quân', position: '', organisation: 'UBND tỉnh', point: 'Trung tâm' }]);
    expect(warningsOf(result).map((w) => w.code)).toEqual(['formula_without_value']);
  });

  it('reads a two-line header where a merged "Họ và tên" stands over "Họ đệm | Tên"', () => {
    const xml = [
      `<row r="1">${inline('A1', 'STT')}${inline('B1', 'Họ và tên')}${inline('D1', 'Chức vụ')}${inline('E1', 'Thông tin đơn vị')}</row>`,
      `<row r="2">${inline('B2', 'Họ đệm')}${inline('C2', 'Tên')}${inline('E2', 'Cơ quan')}${inline('F2', 'Điểm cầu')}</row>`,
      `<row r="3"><c r="A3"><v>1</v></c>${inline('B3', 'Nguyễn Tiến')}${inline('C3', 'Hải')}${inline('D3', 'Bí thư Tỉnh ủy')}${inline('E3', 'Tỉnh ủy Cà Mau')}${inline('F3', CENTRAL)}</row>`,
    ].join('');
    const result = parseInvitationList(buildXlsx([{ name: 'DS', xml, merges: ['A1:A2', 'B1:C1', 'D1:D2', 'E1:F1'] }]));
    expect(rowsOf(result)).toEqual([
      { line: 3, name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy Cà Mau', point: CENTRAL },
    ]);
    // "Thông tin đơn vị" is only a group label: the line under it names both its columns.
    expect(warningsOf(result)).toEqual([]);
  });

  it('names the missing columns in both languages', () => {
    const xml = `<row r="3">${inline('A3', 'Họ và tên')}${inline('B3', 'Chức vụ')}${inline('C3', 'Ghi chú')}</row><row r="4">${inline('A4', 'Lê Quân')}</row>`;
    const [e] = errorsOf(parseInvitationList(buildXlsx([{ name: 'DS', xml }])));
    expect(e).toMatchObject({
      code: 'missing_columns',
      line: 3,
      messageVi: 'Dòng 3 của tệp: thiếu cột “Cơ quan, đơn vị”, “Điểm cầu”.',
      message: 'Line 3 of the file: missing columns “Organisation”, “Point”.',
    });
  });

  it('reports a workbook whose only sheet is empty or has no header', () => {
    expect(errorsOf(parseInvitationList(buildXlsx([{ name: 'DS', xml: '' }])))[0]?.code).toBe('file_empty');
    const noHeader = `<row r="1">${inline('A1', 'Lê Quân')}${inline('B1', 'Chủ tịch')}</row>`;
    expect(errorsOf(parseInvitationList(buildXlsx([{ name: 'DS', xml: noHeader }])))[0]?.code).toBe('no_header');
  });

  it('stops reading a sheet once it holds more rows than any list may have', () => {
    const rows = (n: number): string => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    expect(readWorksheet(rows(20_099), []).rows.size).toBe(20_099);
    expect(() => readWorksheet(rows(20_101), [])).toThrow(TooManyRows);
  });

  it('refuses a zip that is not a workbook', () => {
    const docx = zipSync({ 'word/document.xml': strToU8('<w:document/>'), '[Content_Types].xml': strToU8('<Types/>') });
    expect(errorsOf(parseInvitationList(docx))[0]?.code).toBe('unsupported_format');
    const other = zipSync({ 'readme.txt': strToU8('hello') });
    expect(errorsOf(parseInvitationList(other))[0]?.code).toBe('xlsx_corrupt');
  });
});
