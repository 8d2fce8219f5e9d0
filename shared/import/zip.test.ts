import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseInvitationList } from './index.js';
import { errorsOf, fixture, rowsOf } from './test-helpers.js';
import { ZipTooLarge, readZipDirectory, readZipEntry } from './zip.js';

/** Rewrites the uncompressed size the central directory claims for every entry. */
function forgeDirectorySizes(zip: Uint8Array, claimed: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let o = 0; o + 4 <= out.length; o += 1) {
    if (view.getUint32(o, true) === 0x02014b50) view.setUint32(o + 24, claimed, true);
  }
  return out;
}

describe('zip reading', () => {
  const zeros = new Uint8Array(1024 * 1024);

  it('reads stored and deflated parts', () => {
    const zip = zipSync({ 'a.xml': [strToU8('<a>Thới Bình</a>'), { level: 0 }], 'b.bin': zeros });
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['a.xml', 0],
      ['b.bin', 8],
    ]);
    expect(new TextDecoder().decode(readZipEntry(zip, entries[0]!, 1000))).toBe('<a>Thới Bình</a>');
    const inflated = readZipEntry(zip, entries[1]!, zeros.length);
    expect(inflated.length).toBe(zeros.length);
    expect(inflated.every((b) => b === 0)).toBe(true);
  });

  it('stops inflating past the allowance even when the directory lies about the size', () => {
    const zip = forgeDirectorySizes(zipSync({ 'b.bin': zeros }), 10);
    const [entry] = readZipDirectory(zip);
    expect(entry?.size).toBe(10);
    expect(() => readZipEntry(zip, entry!, 100 * 1024)).toThrow(ZipTooLarge);
  });

  it('refuses an XLSX that would inflate past 32 MB, quickly, whatever its directory claims', () => {
    const bomb = fixture('zip-bomb.xlsx');
    expect(bomb.length).toBeLessThan(100 * 1024);
    for (const bytes of [bomb, forgeDirectorySizes(bomb, 100)]) {
      const started = Date.now();
      const [e] = errorsOf(parseInvitationList(bytes));
      expect(e?.code).toBe('file_too_large');
      expect(e?.messageVi).toContain('32 MB');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it('reads an XLSX whose parts are stored uncompressed', () => {
    const inline = (ref: string, t: string): string => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const sheet = `<worksheet><sheetData><row r="1">${inline('A1', 'Họ tên')}${inline('B1', 'Chức vụ')}${inline('C1', 'Đơn vị')}${inline('D1', 'Điểm cầu')}</row><row r="2">${inline('A2', 'Lê Quân')}${inline('B2', 'Chủ tịch')}${inline('C2', 'UBND tỉnh')}${inline('D2', 'Trung tâm')}</row></sheetData></worksheet>`;
    const zip = zipSync(
      {
        '_rels/.rels': strToU8('<Relationships><Relationship Id="r1" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="DS" r:id="r1"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="r1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        'xl/worksheets/sheet1.xml': strToU8(sheet),
      },
      { level: 0 },
    );
    expect(rowsOf(parseInvitationList(zip))).toEqual([{ line: 2, name: 'Lê Quân', position: 'Chủ tịch', organisation: 'UBND tỉnh', point: 'Trung tâm' }]);
  });
});
