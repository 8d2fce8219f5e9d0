import ExcelJS from 'exceljs';
import { attendanceTable, ATTENDANCE_VIEWS, type AttendanceReport } from '../../shared/reports/index.js';
import { stableZip } from './zip-stable.js';

// The attendance report as an Excel workbook: one sheet per view (roll-call, totals, presence),
// header row bold and frozen, column widths set, an autofilter on the roll-call. The tables are
// the same ones the CSV prints, so the two formats always agree.

export async function attendanceXlsx(r: AttendanceReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(r.asOf.at);
  wb.creator = 'hoinghi';
  wb.lastModifiedBy = 'hoinghi';
  wb.created = when;
  wb.modified = when;
  wb.title = `Báo cáo điểm danh - ${r.conference.title}`;
  wb.company = r.conference.organiser;

  for (const view of ATTENDANCE_VIEWS) {
    const t = attendanceTable(r, view);
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    ws.columns = t.header.map((header, i) => ({ header, width: t.widths[i] ?? 14 }));
    for (const row of t.rows) ws.addRow(row);
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', wrapText: true };
    head.height = 32;
    head.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
    });
    if (view === 'attendees' && t.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.header.length } };
  }
  const raw = await wb.xlsx.writeBuffer();
  return stableZip(new Uint8Array(raw as ArrayBuffer), r.asOf.at);
}
