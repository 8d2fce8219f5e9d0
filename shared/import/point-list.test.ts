// The list of points read from a spreadsheet (issue #13: "import from CSV/XLSX with the same
// parser and preview the clerk's import uses"; 100 points must be as easy as 10).
import { describe, expect, it } from 'vitest';
import { parsePointCsv, parsePointList } from './index.js';
import { pointKindOf } from './point-list.js';
import { buildXlsx, errorsOf, inline, rowsOf, warningsOf } from './test-helpers.js';

const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('a list of points', () => {
  it('reads names, kinds and contacts under the office title lines, in Vietnamese headers', () => {
    const result = parsePointCsv(
      csv(
        'ỦY BAN NHÂN DÂN TỈNH CÀ MAU,,,',
        'DANH SÁCH ĐIỂM CẦU,,,',
        'STT,Tên điểm cầu,Loại,Cán bộ kỹ thuật,Điện thoại',
        '1,Điểm cầu trung tâm UBND tỉnh,Trung tâm,Anh Tùng,912345678',
        '2,Thới Bình,Huyện,,',
        '3,Xã Tân Thành,,Chị Lan,',
      ),
    );
    expect(rowsOf(result)).toEqual([
      { line: 4, name: 'Điểm cầu trung tâm UBND tỉnh', kind: 'central', contact: 'Anh Tùng, 0912345678' },
      { line: 5, name: 'Thới Bình', kind: 'district' },
      // no kind in the file: a commune's name says it
      { line: 6, name: 'Xã Tân Thành', kind: 'commune', contact: 'Chị Lan' },
    ]);
  });

  it('takes a one-column list with an English header, and leaves the kind to the organiser when nothing says it', () => {
    expect(rowsOf(parsePointCsv(csv('Point', 'Tân Thành', 'An Xuyên')))).toEqual([
      { line: 2, name: 'Tân Thành' },
      { line: 3, name: 'An Xuyên' },
    ]);
  });

  it('100 communes read as easily as 10, in order, with the file’s line numbers', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i + 1};Xã số ${i + 1}`);
    const rows = rowsOf(parsePointList(utf8(csv('STT;Tên xã, phường', ...lines)), 'xa.csv'));
    expect(rows).toHaveLength(100);
    expect(rows[99]).toEqual({ line: 101, name: 'Xã số 100', kind: 'commune' });
  });

  it('reads the first worksheet of an XLSX, group headings skipped', () => {
    const xml = [
      `<row r="1">${inline('A1', 'STT')}${inline('B1', 'Điểm cầu')}${inline('C1', 'Cấp')}</row>`,
      `<row r="2">${inline('B2', 'I. CẤP HUYỆN')}</row>`,
      `<row r="3">${inline('A3', '1')}${inline('B3', 'U Minh')}${inline('C3', 'Huyện')}</row>`,
      `<row r="4">${inline('A4', '2')}${inline('B4', 'Phường 5')}${inline('C4', 'Phường')}</row>`,
    ].join('');
    const result = parsePointList(buildXlsx([{ name: 'Điểm cầu', xml }]), 'diem-cau.xlsx');
    expect(rowsOf(result)).toEqual([
      { line: 3, name: 'U Minh', kind: 'district' },
      { line: 4, name: 'Phường 5', kind: 'commune' },
    ]);
    expect(warningsOf(result)).toMatchObject([{ code: 'section_row_skipped', line: 2 }]);
  });

  it('names every bad line (“line N of the file”), keeps the good rows for the preview, and imports nothing', () => {
    const result = parsePointCsv(csv('Tên điểm cầu,Loại', 'Thới Bình,Huyện', 'THỚI  BÌNH,Huyện', 'U Minh,Tỉnh lỵ', ',Xã', 'Năm Căn,'));
    expect(result.ok).toBe(false);
    expect(errorsOf(result).map((e) => [e.line, e.code])).toEqual([
      [3, 'duplicate_row'],
      [4, 'unknown_point_kind'],
      [5, 'missing_name'],
    ]);
    expect(errorsOf(result)[0]?.messageVi).toBe('Dòng 3 của tệp: trùng tên điểm cầu với dòng 2 (THỚI BÌNH).');
    expect(errorsOf(result)[1]?.message).toContain('Line 4 of the file: the point kind “Tỉnh lỵ” is unknown');
    expect(!result.ok && result.goodRows?.map((r) => r.name)).toEqual(['Thới Bình', 'Năm Căn']);
  });

  it('says which column is missing, in the list’s own words', () => {
    const [e] = errorsOf(parsePointCsv(csv('Loại,Liên hệ', 'Huyện,Anh Tùng')));
    expect(e?.code).toBe('missing_columns');
    expect(e?.messageVi).toContain('“Tên điểm cầu”');
  });

  it('refuses more points than one command may add (1,000)', () => {
    const lines = Array.from({ length: 1001 }, (_, i) => `Xã số ${i + 1}`);
    expect(errorsOf(parsePointCsv(csv('Tên điểm cầu', ...lines)))[0]?.code).toBe('too_many_rows');
  });

  it.each([
    ['Xã', 'commune'],
    ['PHƯỜNG', 'commune'],
    ['cap huyen', 'district'],
    ['Thành phố', 'city'],
    ['Sở, ban, ngành', 'department'],
    ['central', 'central'],
    ['Tỉnh lỵ', null],
  ])('the kind cell %j is %s', (text, kind) => {
    expect(pointKindOf(text)).toBe(kind);
  });
});
