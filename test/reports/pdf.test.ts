import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfFonts, pdfInfo, pdfText, render } from './render-all.js';
import { scriptedCaMauMeeting, type ScriptedMeeting } from './scripted-meeting.js';
import { entriesOf } from '../../shared/meeting/buckets.js';

// The PDFs read back with pdftotext (poppler-utils): every name with its diacritics exact in NFC,
// the motto block, the totals, the speeches in order with durations; and the font embedded, so
// no viewer substitutes a glyph.

let meeting: ScriptedMeeting;
let minutesPdf: Buffer;
let attendancePdf: Buffer;

beforeAll(async () => {
  meeting = scriptedCaMauMeeting();
  minutesPdf = await render(meeting.events, { report: 'minutes', format: 'pdf' });
  attendancePdf = await render(meeting.events, { report: 'attendance', format: 'pdf' });
});

describe('PDF font', () => {
  it('embeds only the subset Noto Serif faces, with a Unicode map', () => {
    for (const pdf of [minutesPdf, attendancePdf]) {
      const fonts = pdfFonts(pdf);
      expect(fonts.length).toBeGreaterThanOrEqual(2);
      for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSerif-\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    }
  });

  it('carries the log time as its creation date', () => {
    const info = pdfInfo(minutesPdf);
    expect(info['CreationDate']).toBe('2021-01-04T04:11:00Z');
    expect(info['Title']).toContain('BIÊN BẢN HỘI NGHỊ');
  });
});

describe('minutes PDF', () => {
  it('has the national motto block, organiser, title, place and signature blocks', () => {
    const text = pdfText(minutesPdf);
    expect(text.normalize('NFC')).toBe(text);
    for (const s of [
      'ỦY BAN NHÂN DÂN TỈNH CÀ MAU',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Cà Mau, ngày 04 tháng 01 năm 2021',
      'BIÊN BẢN HỘI NGHỊ',
      'Vào lúc 08 giờ 00 phút, ngày 04 tháng 01 năm 2021.',
      'Điểm cầu trung tâm UBND tỉnh, Ủy ban nhân dân tỉnh Cà Mau.',
      'Đồng chí Nguyễn Tiến Hải, Bí thư Tỉnh ủy;',
      'Thư ký hội nghị: Đoàn Thị Thu Hà',
      'Hội nghị kết thúc vào lúc 11 giờ 00 phút cùng ngày.',
      'THƯ KÝ HỘI NGHỊ',
      'CHỦ TRÌ HỘI NGHỊ',
      '(Ký, ghi rõ họ tên)',
    ])
      expect(text).toContain(s);
    for (const p of ['Huyện Thới Bình', 'Huyện Trần Văn Thời', 'Huyện Đầm Dơi', 'Huyện Năm Căn', 'Huyện Ngọc Hiển']) expect(text).toContain(p);
  });

  it('sets the authority on whole words, one line each, centred over its short rule', () => {
    // -layout keeps the page's lines: the province name must never wrap inside itself ("CÀ" / "MAU").
    const lines = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', '-l', '1', '-', '-'], { input: minutesPdf }).toString('utf8').split('\n');
    const body = lines.findIndex((l) => /^\s*ỦY BAN NHÂN DÂN\s{2,}CỘNG HÒA/.test(l));
    expect(body, lines.slice(0, 6).join('\n')).toBeGreaterThanOrEqual(0);
    expect(lines[body + 1]).toMatch(/^\s*TỈNH CÀ MAU\s{2,}Độc lập - Tự do - Hạnh phúc/);
    expect(lines.slice(0, body + 4).join('\n')).not.toMatch(/TỈNH CÀ\s*\n\s*MAU/);
  });

  it('lists the speeches in order with their times and durations', () => {
    const text = pdfText(minutesPdf);
    let from = 0;
    for (const s of meeting.cast.speakers) {
      const i = text.indexOf(s.name, from);
      expect(i, s.name).toBeGreaterThan(from);
      const row = text.slice(i, i + 400);
      for (const part of [s.start, s.end, s.duration]) expect(row, `${s.name} ${part}`).toContain(part);
      from = i;
    }
    expect(text).toContain('5:45 (tạm dừng 1 lần)');
    // The steps in agenda order with their actual times.
    const steps = ['1. Tuyên bố lý do', '2. Báo cáo tình hình', '3. Thảo luận', '4. Phát biểu chỉ đạo', '5. Kết luận, bế mạc'].map((s) => text.indexOf(s));
    expect(steps.every((v, k) => v > 0 && (k === 0 || v > (steps[k - 1] ?? 0)))).toBe(true);
    expect(text).toContain('từ 08:45 đến 10:15 (1 giờ 30 phút; dự kiến 90 phút).');
  });
});

describe('attendance PDF', () => {
  it('names every attendee exactly (NFC) and prints the totals and quorum', () => {
    const text = pdfText(attendancePdf);
    expect(text.normalize('NFC')).toBe(text);
    for (const a of entriesOf(meeting.state.attendees)) expect(text, a.name).toContain(a.name.normalize('NFC'));
    expect(text).toContain('BÁO CÁO ĐIỂM DANH');
    expect(text).toContain('Tổng cộng 111 1 108 1 1 1 1 109');
    expect(text).toContain('Tối thiểu 50% đại biểu được triệu tập (56); có 109 đại biểu tham dự: đủ số lượng.');
    expect(text).toContain(meeting.cast.excused.reason);
    expect(text).toContain('Đặng Văn Lực, Phó Giám đốc Sở Y tế');
    expect(text).toContain(`${meeting.cast.walkIn.name} (bổ sung)`);
    expect(text).toContain('07:33 Kết nối; 08:50 Mất tín hiệu; 08:51 Có tín hiệu lại; 11:04 Ngắt kết nối');
  });
});
