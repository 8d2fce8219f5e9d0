import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { authorityLines } from '../../shared/reports/authority.js';
import { NATIONAL_MOTTO, NATIONAL_NAME } from '../../shared/reports/labels.js';
import { localityOf } from '../../shared/reports/minutes.js';
import { formatLongDate } from '../../shared/reports/time.js';
import { administrativeHeading, DOCX_CM, DOCX_FONT, para } from '../reports/docx-blocks.js';
import { stableZip } from '../reports/zip-stable.js';
import { EARLY_LINE_TEST_VI, whenText, type SheetConference } from './connection-sheets-pdf.js';

// The invitation letter draft (giấy mời) in the administrative form of Nghị định 30/2020: the
// authority and its number on the left, the nation, motto and place-date on the right, the title,
// "Kính gửi" the points, time, place, how to connect, then where it goes and who signs. A draft:
// the office edits the wording, fills the number if it did not give one, and signs.

export interface InvitationInput extends SheetConference {
  /** the presiding panel's first member, who chairs ("đồng chí … chủ trì") */
  chairedBy: string | null;
  pointNames: readonly string[];
  /** số văn bản; blank leaves dots to fill in */
  number: string | undefined;
  /** YYYY-MM-DD of signing; blank leaves dots */
  signDate: string | undefined;
}

/** "UBND" from "Ủy ban nhân dân tỉnh Cà Mau": the authority's short name in the number. */
function shortAuthority(organiser: string): string {
  const body = authorityLines(organiser)[0] ?? '';
  const known: Record<string, string> = { 'ỦY BAN NHÂN DÂN': 'UBND', 'HỘI ĐỒNG NHÂN DÂN': 'HĐND', 'VĂN PHÒNG': 'VP' };
  return known[body] ?? body.split(' ').map((w) => w[0] ?? '').join('');
}

/**
 * "Số: 15/GM-UBND". The office may type the whole number with its own sign ("15/GM-VP", as the
 * console's field suggests): a number that has one is printed as typed, not signed twice.
 */
export function letterNumber(number: string | undefined, organiser: string): string {
  if (number?.includes('/')) return `Số: ${number}`;
  return `Số: ${number ?? '……'}/GM-${shortAuthority(organiser)}`;
}

export async function invitationDocx(input: InvitationInput): Promise<Buffer> {
  const dots = '……';
  const number = letterNumber(input.number, input.organiser);
  const place = localityOf(input.organiser, input.venue);
  const placeDate = `${place}, ${input.signDate ? formatLongDate(input.signDate) : `ngày ${dots} tháng ${dots} năm ${dots}`}`;
  const line = (label: string, value: string) =>
    new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 80 }, indent: { firstLine: DOCX_CM }, children: [new TextRun({ text: `${label} `, bold: true }), new TextRun({ text: value })] });
  const children = [
    administrativeHeading({ authority: authorityLines(input.organiser), below: [number], nation: NATIONAL_NAME, motto: NATIONAL_MOTTO, placeDate }),
    para('GIẤY MỜI', { align: AlignmentType.CENTER, run: { bold: true, size: 28 }, before: 360, after: 0 }),
    para(`Dự ${input.title.charAt(0).toLocaleLowerCase('vi')}${input.title.slice(1)}`, { align: AlignmentType.CENTER, run: { bold: true }, after: 240 }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 60 }, children: [new TextRun({ text: 'Kính gửi:', bold: false })] }),
    ...input.pointNames.map((name) => para(`- ${name};`, { align: AlignmentType.LEFT, indent: 3 * DOCX_CM, after: 0 })),
    para(
      `${input.organiser} tổ chức ${input.title.charAt(0).toLocaleLowerCase('vi')}${input.title.slice(1)} theo hình thức trực tuyến${input.chairedBy ? `, do đồng chí ${input.chairedBy} chủ trì` : ''}.`,
      { indent: DOCX_CM, before: 200 },
    ),
    line('1. Thời gian:', `${whenText(input.date, input.startTime)}.`),
    line('2. Địa điểm:', `điểm cầu trung tâm tại ${input.venue} và các điểm cầu trực tuyến nêu trên.`),
    line(
      '3. Hướng dẫn kết nối:',
      `mỗi điểm cầu mở đường liên kết (hoặc quét mã QR) trên phiếu kết nối gửi kèm bằng trình duyệt Chrome, Edge, Firefox hoặc Cốc Cốc trên máy tính của phòng họp có camera và micro. ${EARLY_LINE_TEST_VI}`,
    ),
    line('4. Liên hệ kỹ thuật:', input.technicalContact || '…………………………………'),
    para(`Kính mời các đồng chí đến dự hội nghị đúng thời gian./.`, { indent: DOCX_CM, before: 120 }),
    para('Nơi nhận:', { align: AlignmentType.LEFT, run: { bold: true, italics: true, size: 24 }, before: 360, after: 0 }),
    para('- Như trên;', { align: AlignmentType.LEFT, run: { size: 22 }, after: 0 }),
    para('- Lưu: VT.', { align: AlignmentType.LEFT, run: { size: 22 } }),
    para('TM. ' + (authorityLines(input.organiser)[0] ?? ''), { align: AlignmentType.RIGHT, run: { bold: true }, before: 0, after: 0 }),
    para('(Chức vụ, ký, ghi rõ họ tên)', { align: AlignmentType.RIGHT, run: { italics: true } }),
  ];
  const doc = new Document({
    creator: input.organiser,
    title: `Giấy mời - ${input.title}`,
    lastModifiedBy: 'hoinghi',
    styles: { default: { document: { run: { font: DOCX_FONT, size: 26 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2 * DOCX_CM, bottom: 2 * DOCX_CM, left: 3 * DOCX_CM, right: 2 * DOCX_CM } } }, children }],
  });
  return stableZip(new Uint8Array(await Packer.toBuffer(doc)), input.asOf);
}
