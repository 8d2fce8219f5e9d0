import type { FigurePictures, Minutes, MinutesSpeech } from '../../shared/reports/index.js';
import { GENERAL_NOTES_HEADING, OTHER_SPEECHES_HEADING, speechCells, stepTime } from '../../shared/reports/minutes-text.js';
import { pdfFigures } from './figures.js';
import { centredTitle, heading, labelled, paragraph, sectionHeading, signatures } from './pdf-blocks.js';
import { finish, newDocument, numberPages, type Doc } from './pdf-document.js';
import { table, type Column } from './pdf-table.js';

// The minutes (biên bản hội nghị) as a PDF in the administrative document form, A4 portrait.

const SPEECH_COLUMNS: Column[] = [
  { header: 'STT', weight: 0.65, align: 'center' },
  { header: 'Người phát biểu', weight: 2.4 },
  { header: 'Điểm cầu', weight: 1.4 },
  { header: 'Nội dung', weight: 2.4 },
  { header: 'Bắt đầu', weight: 1.05, align: 'center' },
  { header: 'Kết thúc', weight: 1.05, align: 'center' },
  { header: 'Thời lượng', weight: 1.3, align: 'center' },
];

function speeches(doc: Doc, list: readonly MinutesSpeech[]): void {
  if (list.length === 0) return;
  doc.moveDown(0.3);
  table(
    doc,
    SPEECH_COLUMNS,
    list.map((s) => ({
      cells: [
        s.no,
        ...speechCells(s),
      ],
    })),
    { fontSize: 9.5, padding: 3 },
  );
}

export async function minutesPdf(m: Minutes, pictures: FigurePictures = {}): Promise<Buffer> {
  const doc = newDocument({
    title: `${m.title} - ${m.subtitle}`,
    author: m.conference.organiser,
    subject: 'Biên bản hội nghị trực tuyến',
    createdAt: m.asOf.at,
    layout: 'portrait',
  });
  heading(doc, { authority: m.authority, nation: m.nation, motto: m.motto, placeDate: m.placeDate });
  centredTitle(doc, m.title, 15);
  doc.moveDown(0.2);
  centredTitle(doc, m.subtitle, 12.5);
  doc.moveDown(0.8);

  labelled(doc, 'Thời gian:', `${m.timeLine}.`);
  labelled(doc, 'Địa điểm:', `${m.place}.`);
  labelled(
    doc,
    'Hình thức:',
    m.connectionPoints.length
      ? `trực tuyến, kết nối ${m.connectionPoints.length} điểm cầu: ${m.connectionPoints.join('; ')}.`
      : 'trực tiếp tại điểm cầu trung tâm.',
  );

  sectionHeading(doc, 'I. THÀNH PHẦN THAM DỰ');
  labelled(doc, '1. Đoàn chủ tọa:', m.presidingPanel.length ? '' : '(chưa có)');
  for (const p of m.presidingPanel) paragraph(doc, `- Đồng chí ${p.name}, ${p.position};`, 12, 'regular', 18);
  labelled(doc, '2. Thư ký hội nghị:', m.clerks.join(', ') || '…');
  labelled(doc, '3. Đại biểu:', m.attendance.summary);
  paragraph(doc, m.attendance.quorum.label, 12, 'italic', 18);
  doc.moveDown(0.3);
  table(
    doc,
    [
      { header: 'Điểm cầu', weight: 3 },
      { header: 'Triệu tập', weight: 1, align: 'right' },
      { header: 'Có mặt', weight: 1, align: 'right' },
      { header: 'Dự thay', weight: 1, align: 'right' },
      { header: 'Vắng có lý do', weight: 1.2, align: 'right' },
      { header: 'Vắng không lý do', weight: 1.3, align: 'right' },
      { header: 'Bổ sung', weight: 1, align: 'right' },
    ],
    [
      ...m.attendance.byPoint.map((p) => ({
        cells: [p.name, p.tally.invited, p.tally.present, p.tally.substitutes, p.tally.excused, p.tally.absent, p.tally.walkIns],
      })),
      {
        bold: true,
        cells: ['Tổng cộng', ...[m.attendance.overall].flatMap((t) => [t.invited, t.present, t.substitutes, t.excused, t.absent, t.walkIns])],
      },
    ],
    { fontSize: 10, padding: 3 },
  );

  sectionHeading(doc, 'II. NỘI DUNG HỘI NGHỊ');
  for (const s of m.steps) {
    sectionHeading(doc, `${s.no}. ${s.title}`, 12);
    const when = stepTime(s);
    labelled(doc, 'Thời gian:', when);
    if (s.presenter) labelled(doc, 'Trình bày:', s.presenter);
    if (s.presiding) labelled(doc, 'Điều hành:', s.presiding);
    speeches(doc, s.speeches);
    for (const n of s.notes) paragraph(doc, n, 12, 'regular', 18);
    pdfFigures(doc, s.figures, pictures);
  }
  if (m.otherSpeeches.length) {
    sectionHeading(doc, OTHER_SPEECHES_HEADING, 12);
    speeches(doc, m.otherSpeeches);
  }
  if (m.generalNotes.length) {
    sectionHeading(doc, GENERAL_NOTES_HEADING, 12);
    for (const n of m.generalNotes) paragraph(doc, n, 12, 'regular', 18);
  }
  pdfFigures(doc, m.otherFigures, pictures);

  doc.moveDown(0.5);
  paragraph(doc, m.closing);
  signatures(doc, [m.signatures.clerk, m.signatures.chair]);
  paragraph(doc, `Lập từ nhật ký sự kiện đến sự kiện số ${m.asOf.seq} (${m.asOf.label}).`, 8.5, 'italic');
  numberPages(doc);
  return finish(doc);
}
