import { describe, expect, it } from 'vitest';
import { splitCsv } from '../import/csv.js';
import { BOM, csvDocument, csvField } from './csv.js';

// RFC 4180 output that a real parser reads back to the same cells.

describe('CSV writer', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(csvField('Lê Quân')).toBe('Lê Quân');
    expect(csvField('Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh')).toBe('"Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"');
    expect(csvField('Trường "Chuyên"')).toBe('"Trường ""Chuyên"""');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField(' lề ')).toBe('" lề "');
    expect(csvField(42)).toBe('42');
  });

  it('neutralises a text cell that would start a spreadsheet formula (OWASP), keeps numbers (issue 14)', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField("+cmd|' /C calc'!A0")).toBe(`"'+cmd|' /C calc'!A0"`);
    expect(csvField('-1')).toBe(`"'-1"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField(-3)).toBe('-3');
    expect(csvField('a=b')).toBe('a=b');
  });

  it('writes NFC text even from NFD input, with a BOM and CRLF', () => {
    const nfd = 'Nguyễn Tiến Hải'.normalize('NFD');
    const doc = csvDocument([['Họ và tên'], [nfd]]);
    expect(doc.startsWith(BOM)).toBe(true);
    expect(doc).toBe(`${BOM}Họ và tên\r\nNguyễn Tiến Hải\r\n`);
  });

  it('round-trips awkward cells through the import parser', () => {
    const cells = [['STT', 'Ghi chú'], ['1', 'dòng một\r\ndòng hai'], ['2', '"trích dẫn", có dấu phẩy'], ['3', '']];
    const split = splitCsv(csvDocument(cells).slice(1), ',');
    if (!split.ok) throw new Error(split.error.message);
    expect(split.rows.map((r) => r.cells)).toEqual(cells);
  });
});
