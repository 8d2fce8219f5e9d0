import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../shared/protocol/index.js';
import { Api } from './support/api.js';
import { MeetingClient } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// The organiser's printed documents against a real server: the connection sheets' PDF is turned
// into images with Debian's pdftoppm and every QR code read back with zbarimg (zbar-tools); each
// must decode to its point's live link, which then opens that point's session. The invitation
// letter is unzipped and read.

let server: TestServer;
let root: Api;
let conferenceId: string;
const work = mkdtempSync(path.join(tmpdir(), 'hoinghi-docs-'));

async function raw(pathname: string): Promise<{ status: number; bytes: Buffer; headers: Headers; json: unknown }> {
  const res = await fetch(`${server.url}${pathname}`, { headers: { authorization: `Bearer ${server.serverAdminToken}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown = null;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    // a document
  }
  return { status: res.status, bytes, headers: res.headers, json };
}

beforeAll(async () => {
  server = await startTestServer();
  root = new Api(server.url, server.serverAdminToken);
  const created = await root.post<{ conferenceId: string }>('/api/conferences', { title: 'Hội nghị trực tuyến giao ban kinh tế - xã hội tháng 1', date: '2026-01-05', startTime: '07:30', organiser: 'Ủy ban nhân dân tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh Cà Mau' });
  conferenceId = created.body.conferenceId;
  const setup: Command[] = [
    { type: 'addPoints', points: [{ id: 'p-tt', name: 'Điểm cầu trung tâm', kind: 'central' }, { id: 'p-tb', name: 'Huyện Thới Bình', kind: 'district' }, { id: 'p-um', name: 'Huyện U Minh', kind: 'district' }, { id: 'p-xa', name: 'Xã Khánh Bình Tây Bắc', kind: 'commune' }] },
    { type: 'updateConference', technicalContact: 'Đ/c Tùng, Trung tâm Tin học, 0290 3831 234' },
    { type: 'addPanelMember', name: 'Lê Quân', position: 'Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' },
  ];
  for (const command of setup) expect((await root.post(`/api/conferences/${conferenceId}/commands`, { command })).body).toMatchObject({ ok: true });
});
afterAll(async () => {
  await server.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('connection sheets (phiếu kết nối)', () => {
  it('refuses while points have no live link, naming them', async () => {
    const res = await raw(`/api/conferences/${conferenceId}/documents/connection-sheets.pdf`);
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'POINTS_WITHOUT_LINK', details: ['p-tb', 'p-um', 'p-xa'] });
    expect((await raw(`/api/conferences/${conferenceId}/documents/connection-sheets.pdf?points=p-nowhere`)).json).toMatchObject({ code: 'UNKNOWN_POINT' });
  });

  it('one A4 page per point; each QR code, read by zbarimg, is that point’s link and opens its console', async () => {
    const issued = await root.post<{ issued: { pointId: string; url: string }[] }>(`/api/conferences/${conferenceId}/links/points`, {});
    const urlOf = new Map(issued.body.issued.map((l) => [l.pointId, l.url]));
    const res = await raw(`/api/conferences/${conferenceId}/documents/connection-sheets.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = path.join(work, 'sheets.pdf');
    writeFileSync(pdf, res.bytes);
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8').normalize('NFC');
    const pages = text.split('\f');
    const order = ['p-tb', 'p-um', 'p-xa'];
    const names = ['HUYỆN THỚI BÌNH', 'HUYỆN U MINH', 'XÃ KHÁNH BÌNH TÂY BẮC'];
    names.forEach((n, i) => {
      expect(pages[i]).toContain(n);
      expect(pages[i]).toContain('PHIẾU KẾT NỐI HỘI NGHỊ TRỰC TUYẾN');
      expect(pages[i]).toContain('07 giờ 30, ngày 05/01/2026');
      expect(pages[i]).toContain('trước giờ khai mạc 30 phút');
      expect(pages[i]).toContain('0290 3831 234');
    });
    execFileSync('pdftoppm', ['-r', '150', '-png', pdf, path.join(work, 'page')]);
    const images = readdirSync(work).filter((f) => f.startsWith('page')).sort();
    expect(images).toHaveLength(3);
    for (const [i, image] of images.entries()) {
      const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', path.join(work, image)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').trim();
      const pointId = order[i]!;
      expect(decoded).toBe(urlOf.get(pointId));
      // the decoded link opens that point's console: its session is the point's
      const token = new URL(decoded).hash.replace(/^#t=/, '');
      const client = await MeetingClient.join(server.url, token);
      expect(client.welcome).toMatchObject({ principal: { role: 'point', pointId } });
      client.close();
    }
  });
});

describe('invitation letter (giấy mời)', () => {
  it('is a DOCX in the administrative form: authority and number, motto, date, recipients = the points, time, place, how to connect', async () => {
    const res = await raw(`/api/conferences/${conferenceId}/documents/invitation.docx?number=15&signDate=2025-12-29`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('giay-moi-2026-01-05.docx');
    const files = unzipSync(new Uint8Array(res.bytes));
    const xml = strFromU8(files['word/document.xml']!);
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    expect(paragraphs).toEqual(
      expect.arrayContaining([
        'ỦY BAN NHÂN DÂN',
        'TỈNH CÀ MAU',
        'Số: 15/GM-UBND',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Cà Mau, ngày 29 tháng 12 năm 2025',
        'GIẤY MỜI',
        'Kính gửi:',
        '- Huyện Thới Bình;',
        '- Huyện U Minh;',
        '- Xã Khánh Bình Tây Bắc;',
      ]),
    );
    expect(paragraphs).not.toContain('- Điểm cầu trung tâm;');
    const body = paragraphs.join('\n');
    expect(body).toContain('1. Thời gian: 07 giờ 30, ngày 05/01/2026.');
    expect(body).toContain('2. Địa điểm: điểm cầu trung tâm tại Hội trường UBND tỉnh Cà Mau');
    expect(body).toContain('3. Hướng dẫn kết nối:');
    expect(body).toContain('trước giờ khai mạc 30 phút');
    expect(body).toContain('Lê Quân, Chủ tịch UBND tỉnh chủ trì');
    // without a number and date the fields are left to fill in
    const blank = strFromU8(unzipSync(new Uint8Array((await raw(`/api/conferences/${conferenceId}/documents/invitation.docx`)).bytes))['word/document.xml']!);
    expect(blank).toContain('Số: ……/GM-UBND');
    expect(blank).toContain('Cà Mau, ngày …… tháng …… năm ……');
    // a number typed with its own sign, as the console's field shows it, is not signed twice
    const signed = strFromU8(unzipSync(new Uint8Array((await raw(`/api/conferences/${conferenceId}/documents/invitation.docx?number=${encodeURIComponent('15/GM-VP')}`)).bytes))['word/document.xml']!);
    expect(signed).toContain('Số: 15/GM-VP<');
    expect((await raw(`/api/conferences/${conferenceId}/documents/invitation.docx?signDate=29-12-2025`)).json).toMatchObject({ code: 'MALFORMED' });
  });

  it('is for the admin only', async () => {
    const chair = await root.post<{ link: { url: string } }>(`/api/conferences/${conferenceId}/links`, { role: 'chair' });
    const token = new URL(chair.body.link.url).hash.slice(3);
    for (const doc of ['invitation.docx', 'connection-sheets.pdf']) {
      expect((await root.as(token).get(`/api/conferences/${conferenceId}/documents/${doc}`)).status).toBe(403);
    }
  });
});
