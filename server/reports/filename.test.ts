import { describe, expect, it } from 'vitest';
import { asciiFallback, contentDisposition, rfc5987 } from './filename.js';

describe('download file names', () => {
  it('encodes the Vietnamese name per RFC 5987 with an ASCII fallback', () => {
    const h = contentDisposition('Biên bản hội nghị - 04-01-2021.pdf');
    expect(h).toBe(
      `attachment; filename="Bien ban hoi nghi - 04-01-2021.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%99i%20ngh%E1%BB%8B%20-%2004-01-2021.pdf`,
    );
  });

  it('escapes the characters encodeURIComponent leaves alone and that RFC 5987 does not allow', () => {
    expect(rfc5987("Báo cáo (tổng hợp) * 'x'.csv")).toBe('B%C3%A1o%20c%C3%A1o%20%28t%E1%BB%95ng%20h%E1%BB%A3p%29%20%2A%20%27x%27.csv');
    expect(decodeURIComponent(rfc5987('Điểm danh (đ).csv'))).toBe('Điểm danh (đ).csv');
  });

  it('keeps the fallback inside a quoted-string', () => {
    expect(asciiFallback('Đầm Dơi "Đ" \\ 東.csv')).toBe('Dam Doi _D_ _ _.csv');
  });
});
