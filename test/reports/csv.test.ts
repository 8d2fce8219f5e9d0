import { beforeAll, describe, expect, it } from 'vitest';
import { splitCsv } from '../../shared/import/csv.js';
import { attendanceReport, logUpTo, type AttendanceReport } from '../../shared/reports/index.js';
import { render } from './render-all.js';
import { scriptedCaMauMeeting, type ScriptedMeeting } from './scripted-meeting.js';
import { entriesOf } from '../../shared/meeting/buckets.js';

// The attendance CSVs of the scripted Cà Mau meeting, read back with the RFC 4180 parser the
// invitation import uses (shared/import/csv.ts).

let meeting: ScriptedMeeting;
let report: AttendanceReport;

function parse(bytes: Buffer, delimiter: ',' | ';' = ','): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM Excel needs
  const text = bytes.subarray(3).toString('utf8');
  expect(text.normalize('NFC')).toBe(text);
  expect(text.endsWith('\r\n')).toBe(true);
  const split = splitCsv(text, delimiter);
  if (!split.ok) throw new Error(split.error.message);
  return split.rows.map((r) => r.cells);
}

beforeAll(() => {
  meeting = scriptedCaMauMeeting();
  const l = logUpTo(meeting.events);
  if (!l.ok) throw new Error(l.message);
  report = attendanceReport(l.log);
});

describe('attendance CSV', () => {
  it('lists every attendee with exact Vietnamese names, status, detail, marker and time', async () => {
    const table = parse(await render(meeting.events, { report: 'attendance', format: 'csv' }));
    const [header, ...rows] = table;
    expect(header?.[3]).toBe('Họ và tên (Name)');
    expect(rows).toHaveLength(112);
    const names = rows.map((r) => r[3]);
    for (const a of entriesOf(meeting.state.attendees)) expect(names).toContain(a.name.normalize('NFC'));
    const { excused, substitute, walkIn, absent } = meeting.cast;
    const byName = (n: string) => rows.find((r) => r[3] === n);
    expect(byName(excused.name)?.slice(5)).toEqual(['Vắng có lý do', excused.reason, '', 'Đoàn Thị Thu Hà', expect.stringMatching(/^04\/01\/2021 07:4\d$/)]);
    expect(byName(substitute.name)?.[6]).toBe('Đặng Văn Lực, Phó Giám đốc Sở Y tế');
    expect(byName(absent.name)?.[5]).toBe('Vắng không lý do');
    expect(byName(walkIn.name)?.slice(1, 8)).toEqual(['Huyện Đầm Dơi', 'Phòng Tài chính - Kế hoạch huyện Đầm Dơi', walkIn.name, walkIn.position, 'Có mặt', '', 'Có']);
  });

  it('totals view: per point, per organisation, overall and the quorum, numbers correct', async () => {
    const [header, ...rows] = parse(await render(meeting.events, { report: 'attendance', format: 'csv', view: 'totals' }));
    expect(header?.slice(0, 4)).toEqual(['Phạm vi (Scope)', 'Tên (Name)', 'Triệu tập (Invited)', 'Bổ sung (Walk-ins)']);
    const overall = rows.find((r) => r[0] === 'Tổng cộng');
    expect(overall?.slice(2).map(Number)).toEqual([111, 1, 108, 1, 1, 1, 1, 109]);
    const central = rows.find((r) => r[0] === 'Điểm cầu' && r[1] === 'Điểm cầu trung tâm UBND tỉnh');
    expect(central?.slice(2).map(Number)).toEqual([48, 0, 45, 1, 1, 1, 0, 46]);
    const pointRows = rows.filter((r) => r[0] === 'Điểm cầu');
    expect(pointRows).toHaveLength(10);
    expect(pointRows.reduce((s, r) => s + Number(r[2]), 0)).toBe(111);
    const orgRows = rows.filter((r) => r[0] === 'Cơ quan, đơn vị');
    expect(orgRows).toHaveLength(report.byOrganisation.length);
    expect(orgRows.reduce((s, r) => s + Number(r[9]), 0)).toBe(109);
    expect(rows.find((r) => r[0] === 'Số lượng tối thiểu (Quorum)')?.[1]).toContain('(56)');
  });

  it('presence view and the semicolon variant for Excel under a Vietnamese locale', async () => {
    const rows = parse(await render(meeting.events, { report: 'attendance', format: 'csv', view: 'presence', delimiter: 'semicolon' }), ';');
    const thoiBinh = rows.find((r) => r[0] === 'Huyện Thới Bình');
    expect(thoiBinh).toEqual(['Huyện Thới Bình', '07:33 Kết nối; 08:50 Mất tín hiệu; 08:51 Có tín hiệu lại; 11:04 Ngắt kết nối', '3:31:00', '1:30', 'Không']);
    expect(rows).toHaveLength(11);
  });
});
