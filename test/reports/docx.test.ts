import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from './render-all.js';
import { scriptedCaMauMeeting, type ScriptedMeeting } from './scripted-meeting.js';

// The minutes DOCX read back by unzipping it and reading word/document.xml: paragraphs and table
// cells as text, in document order.

let meeting: ScriptedMeeting;
let files: Record<string, Uint8Array>;
let paragraphs: string[];

const decodeXml = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** The text of each w:p, its runs joined. */
function docxParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1] ?? '')).join(''));
}

beforeAll(async () => {
  meeting = scriptedCaMauMeeting();
  files = unzipSync(new Uint8Array(await render(meeting.events, { report: 'minutes', format: 'docx' })));
  paragraphs = docxParagraphs(strFromU8(files['word/document.xml'] ?? new Uint8Array()));
});

describe('minutes DOCX', () => {
  it('is a Word package with the document, styles and fixed core properties', () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'docProps/core.xml']));
    const core = strFromU8(files['docProps/core.xml'] ?? new Uint8Array());
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-04T04:11:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-04T04:11:00Z</dcterms:modified>');
    expect(strFromU8(files['word/styles.xml'] ?? new Uint8Array())).toContain('Times New Roman');
  });

  it('opens with the motto block and title, then time, place and the presiding panel', () => {
    const head = paragraphs.slice(0, 12);
    expect(head).toEqual(
      expect.arrayContaining(['ỦY BAN NHÂN DÂN', 'TỈNH CÀ MAU', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Cà Mau, ngày 04 tháng 01 năm 2021', 'BIÊN BẢN HỘI NGHỊ']),
    );
    expect(paragraphs).toContain('Thời gian: Vào lúc 08 giờ 00 phút, ngày 04 tháng 01 năm 2021.');
    expect(paragraphs).toContain('- Đồng chí Lê Quân, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh;');
    expect(paragraphs).toContain('2. Thư ký hội nghị: Đoàn Thị Thu Hà');
    for (const p of paragraphs) expect(p).toBe(p.normalize('NFC'));
  });

  it('has the speeches in order, each row with speaker, point, topic, start, end and duration', () => {
    let from = 0;
    for (const s of meeting.cast.speakers) {
      const i = paragraphs.findIndex((p, k) => k >= from && p.startsWith(s.name));
      expect(i, s.name).toBeGreaterThanOrEqual(from);
      expect(paragraphs.slice(i + 1, i + 6)).toEqual([s.point, s.topic, s.start, s.end, s.duration === '5:45' ? '5:45 (tạm dừng 1 lần)' : s.duration]);
      from = i + 1;
    }
  });

  it('ends with the closing time and both signature blocks', () => {
    const tail = paragraphs.slice(-10);
    expect(tail).toEqual(
      expect.arrayContaining(['Hội nghị kết thúc vào lúc 11 giờ 00 phút cùng ngày.', 'THƯ KÝ HỘI NGHỊ', 'CHỦ TRÌ HỘI NGHỊ', 'Đoàn Thị Thu Hà', 'Lê Quân']),
    );
    expect(tail.filter((p) => p === '(Ký, ghi rõ họ tên)')).toHaveLength(2);
  });
});
