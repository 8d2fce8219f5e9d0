// The generic list reader (list.ts): one file → table → rows path for every kind of list. A kind
// made up here proves nothing in the reader belongs to the invitation list or to points.
import { describe, expect, it } from 'vitest';
import { columnSet } from './columns.js';
import { readList, readListText } from './list.js';
import type { RowKind } from './rows.js';
import { buildXlsx, errorsOf, inline, rowsOf } from './test-helpers.js';

type Step = { line: number; title: string; minutes: number };
const stepKind: RowKind<'title' | 'minutes', Step> = {
  columns: columnSet({
    aliases: { title: ['noi dung', 'title'], minutes: ['thoi gian', 'minutes'] },
    labels: { title: { vi: 'Nội dung', en: 'Title' }, minutes: { vi: 'Thời gian', en: 'Minutes' } },
    required: ['title', 'minutes'],
  }),
  headingField: 'title',
  maxRows: 3,
  noRows: { vi: 'không có nội dung.', en: 'no steps.' },
  read(cell, line, say) {
    const minutes = Number(cell('minutes'));
    if (!Number.isInteger(minutes) || minutes <= 0) return { ok: false, issues: [say('field_too_long', 'thời gian sai.', 'bad minutes.')] };
    return { ok: true, row: { line, title: cell('title'), minutes } };
  },
  duplicateKey: (r) => r.title,
  duplicate: (first) => ({ vi: `trùng dòng ${first}.`, en: `same as line ${first}.` }),
};

describe('readList: file → rows with line numbers → a kind’s rows', () => {
  it('reads CSV bytes in any delimiter, finding the header under title lines', () => {
    const bytes = new TextEncoder().encode('CHƯƠNG TRÌNH\nNội dung;Thời gian\nKhai mạc;10\nBáo cáo;30\n');
    expect(rowsOf(readList(bytes, stepKind, 'ct.csv'))).toEqual([
      { line: 3, title: 'Khai mạc', minutes: 10 },
      { line: 4, title: 'Báo cáo', minutes: 30 },
    ]);
  });

  it('reads XLSX bytes to the same rows', () => {
    const xml = `<row r="1">${inline('A1', 'Title')}${inline('B1', 'Minutes')}</row><row r="2">${inline('A2', 'Khai mạc')}${inline('B2', '10')}</row>`;
    expect(rowsOf(readList(buildXlsx([{ name: 'S', xml }]), stepKind))).toEqual([{ line: 2, title: 'Khai mạc', minutes: 10 }]);
  });

  it('gives every row error with its line, the duplicates, and the good rows, and no rows to import', () => {
    const result = readListText('title,minutes\nA,5\nB,x\nA,7\n', stepKind);
    expect(errorsOf(result).map((e) => e.messageVi)).toEqual(['Dòng 3 của tệp: thời gian sai.', 'Dòng 4 của tệp: trùng dòng 2.']);
    expect(!result.ok && result.goodRows).toEqual([{ line: 2, title: 'A', minutes: 5 }]);
  });

  it('keeps the file-level errors of the table reader (format, emptiness) and the kind’s row limit', () => {
    expect(errorsOf(readList(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]), stepKind))[0]?.code).toBe('unsupported_format');
    expect(errorsOf(readList(new Uint8Array(), stepKind))[0]?.code).toBe('file_empty');
    expect(errorsOf(readListText('title,minutes\nA,1\nB,1\nC,1\nD,1\n', stepKind))[0]).toMatchObject({ code: 'too_many_rows', messageVi: expect.stringContaining('hơn 3 dòng') });
    expect(errorsOf(readListText('title,minutes\n', stepKind))[0]).toMatchObject({ code: 'no_rows', message: 'Line 1 of the file: no steps.' });
  });
});
