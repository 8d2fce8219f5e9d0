import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { MeetingState } from '../../shared/meeting/state.js';

// The organiser's scenario (organiser.test.ts): the office's own lists and the helpers that count
// its clicks and read the conference back through the API beside the screen.

export const TITLE = 'Hội nghị giao ban trực tuyến tháng 12 năm 2026';
export const POINTS = ['UBND tỉnh Bạc Liêu', 'Huyện Hồng Dân', 'Huyện Phước Long'] as const;
export const TOPIC = 'Tiến độ giải ngân vốn đầu tư công của huyện Hồng Dân';
export const INVITATIONS = [
  'STT,Họ và tên,Chức vụ,Cơ quan,Điểm cầu',
  '1,Phạm Văn Thiều,Chủ tịch UBND tỉnh,UBND tỉnh,UBND tỉnh Bạc Liêu',
  '2,Lê Thị Ái Nam,Phó Chủ tịch UBND tỉnh,UBND tỉnh,UBND tỉnh Bạc Liêu',
  '3,Trần Văn An,Chủ tịch UBND huyện,UBND huyện Hồng Dân,Huyện Hồng Dân',
  '4,Nguyễn Thị Bình,Chánh Văn phòng HĐND và UBND,UBND huyện Hồng Dân,Huyện Hồng Dân',
  '5,Lê Văn Cường,Chủ tịch UBND huyện,UBND huyện Phước Long,Huyện Phước Long',
  // A department invited at two points: the import places it at neither; the organiser does.
  '6,Hồ Văn Dũng,Giám đốc Sở,Sở Kế hoạch và Đầu tư,UBND tỉnh Bạc Liêu',
  '7,Đặng Minh Tâm,Chuyên viên,Sở Kế hoạch và Đầu tư,Huyện Hồng Dân',
].join('\r\n');
// The points' lists as an office keeps them: a CSV with the kind and a contact, and an XLSX with
// the administrative title lines above the header (the import finds the header below them).
export const POINTS_CSV = ['STT,Tên điểm cầu,Loại,Người liên hệ', `1,${POINTS[1]},Huyện,Nguyễn Minh Tú — 0912 345 678`].join('\r\n');
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export async function pointsXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Điểm cầu');
  ws.getCell('A1').value = 'ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU';
  ws.mergeCells('A1:D1');
  ws.getCell('A2').value = 'DANH SÁCH ĐIỂM CẦU HỘI NGHỊ TRỰC TUYẾN';
  ws.mergeCells('A2:D2');
  ws.getRow(4).values = ['STT', 'Tên điểm cầu', 'Cấp', 'Cán bộ kỹ thuật'];
  ws.getRow(5).values = [1, POINTS[2], 'Cấp huyện', 'Lâm Thị Hoa — 0913 456 789'];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const poll = <T>(fn: () => Promise<T> | T, timeout = 45_000) => expect.poll(fn, { timeout, interval: 250 });
export const text = (p: Page, selector: string) => p.locator(selector).first().innerText({ timeout: 5000 }).catch(() => '');
/** The label of a select's chosen option. */
export const chosen = (select: Locator) => select.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');

/** The organiser's clicks and file choices, counted (typing is not a click; choosing in a list is). */
export class Effort {
  clicks = 0;
  files = 0;
  async click(target: Locator): Promise<void> {
    this.clicks += 1;
    await target.click();
  }
  async pick(target: Locator, value: string): Promise<void> {
    this.clicks += 1;
    await target.selectOption(value);
  }
}

/** The server admin's read of the conference, beside the screen. */
export function adminApi(server: { url: string; serverAdminToken: string }) {
  async function api<T>(route: string): Promise<T> {
    const res = await fetch(`${server.url}/api${route}`, { headers: { authorization: `Bearer ${server.serverAdminToken}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }
  return {
    api,
    async conferenceIdOf(title: string): Promise<string> {
      const { conferences } = await api<{ conferences: { conferenceId: string; title: string }[] }>(`/conferences?q=${encodeURIComponent(title)}`);
      const found = conferences.filter((c) => c.title === title);
      expect(found.length).toBe(1);
      return found[0]!.conferenceId;
    },
    /** What the server answers a link's token now (200 honoured, 401 refused). */
    async whoamiStatus(url: string): Promise<number> {
      const res = await fetch(`${server.url}/api/whoami`, { headers: { authorization: `Bearer ${new URL(url).hash.replace(/^#t=/, '')}` } });
      return res.status;
    },
    stateOf: async (id: string) => (await api<{ state: MeetingState }>(`/conferences/${id}/state`)).state,
  };
}
