// The importer must answer every input with a result, never an exception: random bytes, random
// CSV-like text, and real workbooks cut short or with bytes flipped (as a failed upload leaves them).
import { describe, expect, it } from 'vitest';
import { parseInvitationCsv, parseInvitationList } from './index.js';
import type { ImportResult } from './index.js';
import { fixture } from './test-helpers.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function expectWellFormed(result: ImportResult): void {
  if (result.ok) {
    expect(result.rows.length).toBeGreaterThan(0);
    for (const r of result.rows) expect(r.name.length * r.point.length).toBeGreaterThan(0);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(typeof e.code).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.messageVi.length).toBeGreaterThan(0);
    }
  }
}

describe('fuzz: never throws', () => {
  it('random bytes', () => {
    const next = rng(1);
    for (let i = 0; i < 400; i += 1) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 600) }, () => Math.floor(next() * 256));
      // Some start like a zip so the XLSX path is fuzzed too.
      if (i % 3 === 0) bytes.set([0x50, 0x4b, 0x03, 0x04].slice(0, bytes.length));
      expectWellFormed(parseInvitationList(bytes));
    }
  });

  it('random CSV-like text', () => {
    const next = rng(2);
    const alphabet = [',', ';', '\t', '"', '"', '\n', '\r', '\r\n', ' ', 'a', 'Ẩ', 'Họ tên', 'Chức vụ', 'Đơn vị', 'Điểm cầu', 'Lê Quân', '\u00A0', 'sep=;', '\uFEFF', '('];
    for (let i = 0; i < 1500; i += 1) {
      const parts = Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]);
      const text = parts.join('');
      expectWellFormed(parseInvitationCsv(text));
      expectWellFormed(parseInvitationList(new TextEncoder().encode(text)));
    }
  });

  it.each(['danh-sach-trieu-tap.exceljs.xlsx', 'danh-sach-trieu-tap.libreoffice.xlsx'])('%s cut short at many lengths', (name) => {
    const whole = fixture(name);
    const step = Math.max(1, Math.floor(whole.length / 150));
    for (let len = 0; len < whole.length; len += step) {
      const result = parseInvitationList(whole.subarray(0, len), name);
      expectWellFormed(result);
      // A zip cut before its central directory cannot be read.
      if (len < whole.length - 22) expect(result.ok).toBe(false);
    }
  });

  it('a real workbook with bytes flipped', () => {
    const whole = fixture('danh-sach-trieu-tap.exceljs.xlsx');
    const next = rng(3);
    for (let i = 0; i < 300; i += 1) {
      const bytes = whole.slice();
      for (let k = 0; k < 1 + Math.floor(next() * 4); k += 1) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      expectWellFormed(parseInvitationList(bytes));
    }
  });
});
