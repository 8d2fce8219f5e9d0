import type { AttendanceReport } from './attendance.js';
import type { ReportTally } from './tally.js';

// The attendance report as plain tables (a header row, then rows): the one layout CSV, XLSX and
// the PDF tables all print, so the three formats cannot disagree on a column.

export type Cell = string | number;

export interface Table {
  /** Sheet / file name part: short, Vietnamese. */
  name: string;
  /** English slug for URLs (?view=attendees). */
  view: AttendanceView;
  header: string[];
  rows: Cell[][];
  /** Suggested column widths in characters (XLSX). */
  widths: number[];
}

export const ATTENDANCE_VIEWS = ['attendees', 'totals', 'presence'] as const;
export type AttendanceView = (typeof ATTENDANCE_VIEWS)[number];

export function attendeesTable(r: AttendanceReport): Table {
  const rows: Cell[][] = [];
  for (const p of r.points)
    for (const o of p.organisations)
      for (const a of o.rows)
        rows.push([
          a.no,
          p.name,
          o.name,
          a.name,
          a.position,
          a.statusLabel,
          a.detail,
          a.walkIn ? 'Có' : '',
          a.markedBy,
          a.markedAt,
        ]);
  return {
    name: 'Điểm danh',
    view: 'attendees',
    header: [
      'STT (No.)',
      'Điểm cầu (Point)',
      'Cơ quan, đơn vị (Organisation)',
      'Họ và tên (Name)',
      'Chức vụ (Position)',
      'Tình trạng (Status)',
      'Lý do / Người dự thay (Reason / Substitute)',
      'Khách mời bổ sung (Walk-in)',
      'Người điểm danh (Marked by)',
      'Thời điểm (Marked at)',
    ],
    rows,
    widths: [6, 22, 34, 26, 34, 18, 34, 10, 18, 17],
  };
}

const tallyCells = (t: ReportTally): number[] => [
  t.invited,
  t.walkIns,
  t.present,
  t.substitutes,
  t.excused,
  t.absent,
  t.unmarked,
  t.attending,
];

export const TALLY_HEADER = [
  'Triệu tập (Invited)',
  'Bổ sung (Walk-ins)',
  'Có mặt (Present)',
  'Dự thay (Substitutes)',
  'Vắng có lý do (Excused)',
  'Vắng không lý do (Absent)',
  'Chưa điểm danh (Unmarked)',
  'Tham dự (Attending)',
];

export function totalsTable(r: AttendanceReport): Table {
  const rows: Cell[][] = [
    ...r.byPoint.map((l) => ['Điểm cầu', l.name, ...tallyCells(l.tally)]),
    ...r.byOrganisation.map((l) => ['Cơ quan, đơn vị', l.name, ...tallyCells(l.tally)]),
    ['Tổng cộng', 'Toàn hội nghị', ...tallyCells(r.overall)],
  ];
  rows.push(['Số lượng tối thiểu (Quorum)', r.quorum.label, '', '', '', '', '', '', '', '']);
  return {
    name: 'Tổng hợp',
    view: 'totals',
    header: ['Phạm vi (Scope)', 'Tên (Name)', ...TALLY_HEADER],
    rows,
    widths: [18, 40, 12, 12, 12, 12, 14, 16, 16, 12],
  };
}

export function presenceTable(r: AttendanceReport): Table {
  return {
    name: 'Kết nối',
    view: 'presence',
    header: [
      'Điểm cầu (Point)',
      'Diễn biến kết nối (Connection history)',
      'Thời gian kết nối (Connected)',
      'Thời gian mất tín hiệu (Signal lost)',
      'Đang kết nối (Online at report time)',
    ],
    rows: r.presence.map((p) => [
      p.name,
      p.moments.map((m) => `${m.time} ${m.label}`).join('; '),
      p.connected,
      p.signalLost,
      p.onlineAtEnd ? 'Có' : 'Không',
    ]),
    widths: [24, 70, 16, 18, 14],
  };
}

export function attendanceTable(r: AttendanceReport, view: AttendanceView): Table {
  return view === 'attendees' ? attendeesTable(r) : view === 'totals' ? totalsTable(r) : presenceTable(r);
}
