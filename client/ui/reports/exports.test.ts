import { describe, expect, it } from 'vitest';
import { EXPORT_STRINGS } from './strings.js';
import { EXPORT_ITEMS, exportUrl, fetchReport, fileNameFromDisposition } from './exports.js';

describe('export menu helpers', () => {
  it('builds the report URLs, with the seq appended to an existing query', () => {
    const totals = EXPORT_ITEMS.find((i) => i.key === 'attendanceTotalsCsv');
    const docx = EXPORT_ITEMS.find((i) => i.key === 'minutesDocx');
    if (!totals || !docx) throw new Error('menu items missing');
    expect(exportUrl('https://hn.example', 'ca-mau 2021', docx)).toBe('https://hn.example/api/conferences/ca-mau%202021/reports/minutes.docx');
    expect(exportUrl('', 'c1', totals, 42)).toBe('/api/conferences/c1/reports/attendance.csv?view=totals&seq=42');
    expect(exportUrl('', 'c1', docx, 7)).toBe('/api/conferences/c1/reports/minutes.docx?seq=7');
  });

  it('reads the Vietnamese name from an RFC 5987 header, else the plain one', () => {
    expect(fileNameFromDisposition(`attachment; filename="Bien ban.pdf"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf`, 'x')).toBe('Biên bản.pdf');
    expect(fileNameFromDisposition('attachment; filename="Bien ban.pdf"', 'x')).toBe('Bien ban.pdf');
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A`, 'x')).toBe('x');
    expect(fileNameFromDisposition(null, 'minutes.pdf')).toBe('minutes.pdf');
  });

  it('returns the API refusal as code and message, and a network failure as NETWORK', async () => {
    const refused = (async () => new Response(JSON.stringify({ code: 'FORBIDDEN', message: 'Only the chair…' }), { status: 403 })) as typeof fetch;
    expect(await fetchReport(refused, '/x', 't', 'f')).toEqual({ ok: false, status: 403, code: 'FORBIDDEN', message: 'Only the chair…' });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await fetchReport(down, '/x', 't', 'f')).toMatchObject({ ok: false, code: 'NETWORK' });
  });

  it('has a label for every item in both languages', () => {
    for (const lang of ['vi', 'en'] as const) for (const item of EXPORT_ITEMS) expect(EXPORT_STRINGS[lang].items[item.key].length).toBeGreaterThan(0);
  });
});
