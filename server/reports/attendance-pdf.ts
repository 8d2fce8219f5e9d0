import { authorityLines, localityOf, NATIONAL_MOTTO, NATIONAL_NAME, type AttendanceReport } from '../../shared/reports/index.js';
import { centredTitle, heading, paragraph, sectionHeading } from './pdf-blocks.js';
import { finish, newDocument, numberPages } from './pdf-document.js';
import { table, type Column, type TableRow } from './pdf-table.js';

// The attendance report (báo cáo điểm danh) as a PDF, A4 landscape for the wide roll-call table:
// per point, attendees grouped by organisation; then the totals, the quorum and the presence.

const ATTENDEE_COLUMNS: Column[] = [
  { header: 'STT', weight: 0.5, align: 'center' },
  { header: 'Họ và tên', weight: 2.1 },
  { header: 'Chức vụ', weight: 3 },
  { header: 'Tình trạng', weight: 1.3 },
  { header: 'Lý do / Người dự thay', weight: 2.3 },
  { header: 'Người điểm danh', weight: 1.4 },
  { header: 'Thời điểm', weight: 1.4, align: 'center' },
];

const TALLY_COLUMNS = (first: string): Column[] => [
  { header: first, weight: 3.2 },
  { header: 'Triệu tập', weight: 1, align: 'right' },
  { header: 'Bổ sung', weight: 1, align: 'right' },
  { header: 'Có mặt', weight: 1, align: 'right' },
  { header: 'Dự thay', weight: 1, align: 'right' },
  { header: 'Vắng có lý do', weight: 1.1, align: 'right' },
  { header: 'Vắng không lý do', weight: 1.2, align: 'right' },
  { header: 'Chưa điểm danh', weight: 1.2, align: 'right' },
  { header: 'Tham dự', weight: 1, align: 'right' },
];

type T = AttendanceReport['overall'];
const tallyCells = (t: T): number[] => [t.invited, t.walkIns, t.present, t.substitutes, t.excused, t.absent, t.unmarked, t.attending];

export async function attendancePdf(r: AttendanceReport): Promise<Buffer> {
  const doc = newDocument({
    title: `Báo cáo điểm danh - ${r.conference.title}`,
    author: r.conference.organiser,
    subject: 'Báo cáo điểm danh hội nghị trực tuyến',
    createdAt: r.asOf.at,
    layout: 'landscape',
  });
  heading(doc, {
    authority: authorityLines(r.conference.organiser),
    nation: NATIONAL_NAME,
    motto: NATIONAL_MOTTO,
    placeDate: `${localityOf(r.conference.organiser, r.conference.venue)}, ${r.conference.longDate}`,
  });
  centredTitle(doc, 'BÁO CÁO ĐIỂM DANH', 15);
  centredTitle(doc, r.conference.title, 11.5);
  centredTitle(doc, `Số liệu đến ${r.asOf.label} (sự kiện số ${r.asOf.seq})`, 10, 'italic');
  doc.moveDown(0.6);

  sectionHeading(doc, 'I. TỔNG HỢP');
  paragraph(doc, r.quorum.label, 11);
  doc.moveDown(0.3);
  table(doc, TALLY_COLUMNS('Điểm cầu'), [
    ...r.byPoint.map((l) => ({ cells: [l.name, ...tallyCells(l.tally)] })),
    { bold: true, cells: ['Tổng cộng', ...tallyCells(r.overall)] },
  ]);
  table(doc, TALLY_COLUMNS('Cơ quan, đơn vị'), [
    ...r.byOrganisation.map((l) => ({ cells: [l.name, ...tallyCells(l.tally)] })),
    { bold: true, cells: ['Tổng cộng', ...tallyCells(r.overall)] },
  ]);

  sectionHeading(doc, 'II. DANH SÁCH ĐIỂM DANH THEO ĐIỂM CẦU');
  for (const p of r.points) {
    if (p.organisations.length === 0) continue;
    const t = p.tally;
    sectionHeading(doc, `${p.name} (${p.kindLabel}): ${t.attending}/${t.invited + t.walkIns} đại biểu tham dự`, 11);
    if (p.readiness) paragraph(doc, `Báo sẵn sàng lúc ${p.readiness.at}, ${p.readiness.headcount} người tại điểm cầu (${p.readiness.by}).`, 9.5, 'italic');
    const rows: TableRow[] = [];
    for (const o of p.organisations) {
      rows.push({ group: `${o.name} (${o.tally.attending}/${o.tally.invited + o.tally.walkIns})` });
      for (const a of o.rows)
        rows.push({ cells: [a.no, a.walkIn ? `${a.name} (bổ sung)` : a.name, a.position, a.statusLabel, a.detail, a.markedBy, a.markedAt] });
    }
    table(doc, ATTENDEE_COLUMNS, rows, { fontSize: 8.5, padding: 2.5 });
  }

  sectionHeading(doc, 'III. KẾT NỐI CỦA CÁC ĐIỂM CẦU');
  table(
    doc,
    [
      { header: 'Điểm cầu', weight: 2 },
      { header: 'Diễn biến kết nối', weight: 6 },
      { header: 'Thời gian kết nối', weight: 1.3, align: 'center' },
      { header: 'Mất tín hiệu', weight: 1.2, align: 'center' },
    ],
    r.presence.map((p) => ({
      cells: [p.name, p.moments.map((m) => `${m.time} ${m.label}`).join('; ') || 'Chưa kết nối', p.connected, p.signalLost],
    })),
  );
  numberPages(doc);
  return finish(doc);
}
