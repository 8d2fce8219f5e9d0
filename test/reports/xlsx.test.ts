import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { render } from './render-all.js';
import { scriptedCaMauMeeting, type ScriptedMeeting } from './scripted-meeting.js';
import { entriesOf } from '../../shared/meeting/buckets.js';

// The attendance workbook read back with exceljs: one sheet per view, header row frozen and
// bold, column widths set, cells with the exact names and the right totals.

let meeting: ScriptedMeeting;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  meeting = scriptedCaMauMeeting();
  wb = new ExcelJS.Workbook();
  const bytes = await render(meeting.events, { report: 'attendance', format: 'xlsx' });
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
});

const values = (ws: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe('attendance XLSX', () => {
  it('has one sheet per view, each with a frozen bold header row and set widths', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Điểm danh', 'Tổng hợp', 'Kết nối']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.columns.every((c) => typeof c.width === 'number' && c.width >= 6)).toBe(true);
    }
    expect(wb.worksheets[0]?.getColumn(4).width).toBe(26);
    expect(wb.created.toISOString()).toBe('2021-01-04T04:11:00.000Z');
  });

  it('the roll-call sheet holds every attendee, names exact in NFC', () => {
    const ws = wb.getWorksheet('Điểm danh');
    if (!ws) throw new Error('no roll-call sheet');
    const [header, ...rows] = values(ws);
    expect(header?.[3]).toBe('Họ và tên (Name)');
    expect(rows).toHaveLength(112);
    const names = rows.map((r) => r[3]);
    for (const a of entriesOf(meeting.state.attendees)) expect(names).toContain(a.name.normalize('NFC'));
    for (const n of names) expect(typeof n === 'string' && n === n.normalize('NFC')).toBe(true);
    const sub = rows.find((r) => r[3] === meeting.cast.substitute.name);
    expect(sub?.slice(5, 7)).toEqual(['Cử người dự thay', 'Đặng Văn Lực, Phó Giám đốc Sở Y tế']);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => i + 1));
  });

  it('the totals sheet has numeric cells that add up', () => {
    const ws = wb.getWorksheet('Tổng hợp');
    if (!ws) throw new Error('no totals sheet');
    const rows = values(ws).slice(1);
    const overall = rows.find((r) => r[0] === 'Tổng cộng');
    expect(overall?.slice(2)).toEqual([111, 1, 108, 1, 1, 1, 1, 109]);
    const points = rows.filter((r) => r[0] === 'Điểm cầu');
    expect(points.reduce((s, r) => s + (r[9] as number), 0)).toBe(109);
  });

  it('the presence sheet has the connection history per point', () => {
    const ws = wb.getWorksheet('Kết nối');
    if (!ws) throw new Error('no presence sheet');
    const ngocHien = values(ws).find((r) => r[0] === 'Huyện Ngọc Hiển');
    expect(ngocHien).toEqual(['Huyện Ngọc Hiển', '07:40 Kết nối; 09:40 Ngắt kết nối; 09:44 Kết nối; 11:11 Ngắt kết nối', '3:27:00', '0:00', 'Không']);
  });
});
