import QRCode from 'qrcode';
import { authorityLines } from '../../shared/reports/authority.js';
import { formatIsoDate } from '../../shared/reports/time.js';
import { centredTitle, labelled, paragraph } from '../reports/pdf-blocks.js';
import { contentWidth, finish, newDocument } from '../reports/pdf-document.js';

// The connection sheet (phiếu kết nối): one A4 page per point, sent with the invitation letter.
// The point's operator types the link or scans its QR code; the QR code is made by the `qrcode`
// package from the very URL printed under it.

export interface SheetConference {
  title: string;
  organiser: string;
  date: string;
  startTime: string | null;
  venue: string;
  technicalContact: string;
  /** epoch ms of the last logged event: the PDF's creation date, so the same record prints the same file */
  asOf: number;
}

export interface SheetPoint {
  name: string;
  url: string;
}

/** "07 giờ 30, ngày 04/01/2021" — the time as the invitation gives it. */
export function whenText(date: string, startTime: string | null): string {
  const day = `ngày ${formatIsoDate(date)}`;
  if (!startTime) return day;
  const [h, m] = startTime.split(':');
  return `${h} giờ ${m}, ${day}`;
}

export const EARLY_LINE_TEST_VI = 'Đề nghị điểm cầu kết nối trước giờ khai mạc 30 phút để kiểm tra đường truyền (hình ảnh, âm thanh).';
export const EARLY_LINE_TEST_EN = 'Please connect 30 minutes before the opening for the line test (picture and sound).';

export async function connectionSheetsPdf(conference: SheetConference, points: readonly SheetPoint[]): Promise<Buffer> {
  const doc = newDocument({ title: `Phiếu kết nối - ${conference.title}`, author: conference.organiser, subject: 'Phiếu kết nối hội nghị trực tuyến', createdAt: conference.asOf, layout: 'portrait' });
  const authority = authorityLines(conference.organiser);
  for (const [i, point] of points.entries()) {
    if (i > 0) doc.addPage();
    doc.font('bold').fontSize(11);
    for (const line of authority) centredTitle(doc, line, 11);
    doc.moveDown(1.2);
    centredTitle(doc, 'PHIẾU KẾT NỐI HỘI NGHỊ TRỰC TUYẾN', 15);
    doc.moveDown(0.3);
    centredTitle(doc, conference.title, 12, 'italic');
    doc.moveDown(1);
    labelled(doc, 'Thời gian:', whenText(conference.date, conference.startTime));
    labelled(doc, 'Địa điểm chính:', conference.venue);
    doc.moveDown(0.6);
    centredTitle(doc, 'ĐIỂM CẦU', 12);
    centredTitle(doc, point.name.toLocaleUpperCase('vi'), 18);
    doc.moveDown(0.6);
    // Large enough to scan from a printed page: ~7 cm, with the quiet zone qrcode adds.
    const size = 200;
    const png = await QRCode.toBuffer(point.url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 600 });
    const x = doc.page.margins.left + (contentWidth(doc) - size) / 2;
    doc.image(png, x, doc.y, { width: size, height: size });
    doc.y += size + 10;
    paragraph(doc, 'Đường liên kết (mở bằng Chrome, Edge, Firefox hoặc Cốc Cốc, hoặc quét mã QR):', 11, 'italic');
    doc.font('regular').fontSize(8).text(point.url, doc.page.margins.left, doc.y, { width: contentWidth(doc), align: 'left' });
    doc.moveDown(1);
    paragraph(doc, EARLY_LINE_TEST_VI, 12, 'bold');
    paragraph(doc, EARLY_LINE_TEST_EN, 10, 'italic');
    doc.moveDown(0.6);
    labelled(doc, 'Liên hệ kỹ thuật:', conference.technicalContact || '…………………………………');
    paragraph(doc, 'Đường liên kết dành riêng cho điểm cầu này; không chia sẻ cho nơi khác.', 10, 'italic');
  }
  return finish(doc);
}
