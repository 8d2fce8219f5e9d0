import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from './decode.js';
import { parseInvitationCsv, parseInvitationList } from './index.js';
import { errorsOf, fixture, rowsOf } from './test-helpers.js';

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const full = bom ? `\uFEFF${text}` : text;
  const out = new Uint8Array(full.length * 2);
  for (let i = 0; i < full.length; i += 1) {
    const c = full.charCodeAt(i);
    out[2 * i + (littleEndian ? 0 : 1)] = c & 0xff;
    out[2 * i + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}

const LIST = 'Họ và tên,Chức vụ,Cơ quan,Điểm cầu\r\nĐặng Ngọc Ẩn,Chủ tịch UBND huyện,UBND huyện Thới Bình,Thới Bình\r\n';

describe('encodings', () => {
  it('refuses a Windows-1258 file instead of importing mojibake', () => {
    const bytes = fixture('windows-1258.csv');
    // The fixture is genuine Windows-1258 (Node's ICU decodes it back to the Vietnamese text).
    expect(new TextDecoder('windows-1258').decode(bytes).normalize('NFC')).toBe(LIST);
    const [e] = errorsOf(parseInvitationList(bytes, 'danh-sach.csv'));
    expect(e?.code).toBe('not_utf8');
    expect(e?.messageVi).toContain('Windows-1258');
    expect(e?.messageVi).toContain('dòng 1');
    expect(e?.message).toContain('CSV UTF-8');
  });

  it('decodes Excel "Unicode text" (UTF-16 LE with BOM, tabs)', () => {
    const rows = rowsOf(parseInvitationList(fixture('excel-unicode-text-utf16le.txt')));
    expect(rows.map((r) => r.name)).toEqual(['Nguyễn Tiến Hải', 'Trần Văn Hiện', 'Lê Quân']);
    expect(rows[1]?.position).toBe('Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh');
  });

  it('decodes UTF-16 BE with BOM', () => {
    expect(rowsOf(parseInvitationList(utf16(LIST, false, true)))[0]?.organisation).toBe('UBND huyện Thới Bình');
  });

  it.each([true, false])('refuses UTF-16 without BOM (little endian: %s)', (le) => {
    const [e] = errorsOf(parseInvitationList(utf16(LIST, le, false)));
    expect(e?.code).toBe('utf16_without_bom');
  });

  it('accepts UTF-8 with and without BOM alike', () => {
    const plain = new TextEncoder().encode(LIST);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(parseInvitationList(withBom)).toEqual(parseInvitationList(plain));
    expect(rowsOf(parseInvitationList(plain))).toHaveLength(1);
  });

  it('refuses text that was already garbled by a wrong decode', () => {
    const garbled = new TextDecoder('windows-1252').decode(new TextEncoder().encode(LIST));
    expect(garbled).toContain('áº·ng');
    expect(errorsOf(parseInvitationCsv(garbled))[0]?.code).toBe('double_encoded');
    expect(errorsOf(parseInvitationCsv('Họ tên,Chức vụ,Đơn vị,Điểm cầu\nL\uFFFD Qu\uFFFDn,a,b,c\n'))[0]?.code).toBe('not_utf8');
  });

  it('validates UTF-8 exactly as a fatal TextDecoder does', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let round = 0; round < 3000; round += 1) {
      const len = next() % 12;
      // Mostly bytes around the multi-byte boundaries, where validators go wrong.
      const bytes = Uint8Array.from({ length: len }, () => {
        const pick = [0x41, 0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0, 0xc0, 0x8f, 0x90];
        return next() % 3 === 0 ? next() & 0xff : (pick[next() % pick.length] as number);
      });
      let ok = true;
      try {
        strict.decode(bytes);
      } catch {
        ok = false;
      }
      expect(firstInvalidUtf8(bytes) === -1, Array.from(bytes).join(',')).toBe(ok);
    }
  });
});

describe('files that are not a list', () => {
  it('explains .xls (97-2003) and password-protected workbooks', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const [e] = errorsOf(parseInvitationList(ole, 'danh-sach.xls'));
    expect(e?.code).toBe('unsupported_format');
    expect(e?.messageVi).toContain('.xls');
  });

  it('explains an HTML table saved as .xls by a web system', () => {
    const html = new TextEncoder().encode('<html><body><table><tr><td>Họ tên</td></tr></table></body></html>');
    expect(errorsOf(parseInvitationList(html, 'export.xls'))[0]?.code).toBe('unsupported_format');
  });

  it('says the file is empty or too large', () => {
    expect(errorsOf(parseInvitationList(new Uint8Array(0)))[0]?.code).toBe('file_empty');
    expect(errorsOf(parseInvitationList(new TextEncoder().encode('\r\n\r\n')))[0]?.code).toBe('file_empty');
    const big = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41);
    const [e] = errorsOf(parseInvitationList(big));
    expect(e?.code).toBe('file_too_large');
    expect(e?.messageVi).toContain('5 MB');
    expect(errorsOf(parseInvitationCsv('ầ'.repeat(2 * 1024 * 1024)))[0]?.code).toBe('file_too_large');
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', () => {
    const bytes = new TextEncoder().encode(LIST);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(rowsOf(parseInvitationList(buffer))).toHaveLength(1);
  });

  it('refuses a file named .xlsx that is not one', () => {
    expect(errorsOf(parseInvitationList(new TextEncoder().encode(LIST), 'danh-sach.xlsx'))[0]?.code).toBe('xlsx_corrupt');
  });
});
