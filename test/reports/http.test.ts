import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsv } from '../../shared/import/csv.js';
import { Api } from '../integration/support/api.js';
import { CONF, setUpConference, type ConferenceTokens } from '../integration/support/fixture.js';
import { startTestServer, type TestServer } from '../integration/support/testServer.js';
import { EXPORT_ITEMS, exportUrl, fetchReport } from '../../client/ui/reports/exports.js';
import { pdfText } from './render-all.js';
import { entryOf } from '../../shared/meeting/buckets.js';
import type { MeetingState } from '../../shared/meeting/state.js';

// The export endpoints on a real server (port 0, SQLite in a temp dir): each format with its
// content type and a Vietnamese file name (RFC 5987), the report as of a seq, who may export
// (chair, clerk, admin; observers only when the admin allows; points never), and clear errors.

let server: TestServer;
let tokens: ConferenceTokens;
let state: Pick<MeetingState, 'attendeeOrder' | 'attendees'>;

const base = `/api/conferences/${CONF}/reports`;

async function download(token: string, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${server.url}${base}/${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  tokens = await setUpConference(server);
  const chair = new Api(server.url, tokens.chair);
  const clerk = new Api(server.url, tokens.clerk);
  const command = async (api: Api, c: Record<string, unknown>) => {
    const r = await api.post(`/api/conferences/${CONF}/commands`, { command: c });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  await command(chair, { type: 'setConferenceStatus', status: 'rollCall' });
  const s = await clerk.get<{ state: typeof state }>(`/api/conferences/${CONF}/state`);
  state = s.body.state;
  const [first, second, ...rest] = state.attendeeOrder;
  await command(clerk, { type: 'markAttendance', attendeeId: first, mark: { status: 'present' } });
  await command(clerk, { type: 'markAttendance', attendeeId: second, mark: { status: 'excused', reason: 'Họp Thường trực Tỉnh ủy' } });
  for (const id of rest) await command(clerk, { type: 'markAttendance', attendeeId: id, mark: { status: 'present' } });
  await command(chair, { type: 'setConferenceStatus', status: 'inSession' });
  await command(chair, { type: 'startAgenda' });
  await command(chair, { type: 'nextAgendaStep' });
}, 60_000);

afterAll(async () => {
  await server?.dispose();
});

describe('report endpoints', () => {
  it('serve every format with its content type and a Vietnamese file name', async () => {
    const cases = [
      ['attendance.csv', 'text/csv; charset=utf-8', 'Báo cáo điểm danh (danh sách) - 04-01-2021.csv'],
      ['attendance.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Báo cáo điểm danh - 04-01-2021.xlsx'],
      ['attendance.pdf', 'application/pdf', 'Báo cáo điểm danh - 04-01-2021.pdf'],
      ['minutes.pdf', 'application/pdf', 'Biên bản hội nghị - 04-01-2021.pdf'],
      ['minutes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Biên bản hội nghị - 04-01-2021.docx'],
      ['minutes.md', 'text/markdown; charset=utf-8', 'Biên bản hội nghị - 04-01-2021.md'],
    ] as const;
    for (const [file, type, name] of cases) {
      const r = await download(tokens.chair, file);
      expect(r.status, file).toBe(200);
      expect(r.headers.get('content-type'), file).toBe(type);
      const disposition = r.headers.get('content-disposition') ?? '';
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '';
      expect(decodeURIComponent(encoded), file).toBe(name);
      expect(disposition, file).toMatch(/^attachment; filename="[\x20-\x7e]+";/);
      expect(Number(r.headers.get('content-length')), file).toBe(r.bytes.length);
    }
  });

  it('the bodies are the reports of this conference', async () => {
    const csv = await download(tokens.clerk, 'attendance.csv');
    const split = splitCsv(csv.bytes.subarray(3).toString('utf8'), ',');
    if (!split.ok) throw new Error(split.error.message);
    const names = split.rows.slice(1).map((r) => r.cells[3]);
    expect(names).toEqual(state.attendeeOrder.map((id) => entryOf(state.attendees, id)?.name));
    expect(split.rows.find((r) => r.cells[3] === 'Trần Văn Hiện')?.cells[6]).toBe('Họp Thường trực Tỉnh ủy');

    const pdf = pdfText((await download(tokens.chair, 'minutes.pdf')).bytes);
    expect(pdf).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(pdf).toContain('Tuyên bố lý do, giới thiệu đại biểu');
    const docx = unzipSync(new Uint8Array((await download(tokens.chair, 'minutes.docx')).bytes));
    expect(strFromU8(docx['word/document.xml'] ?? new Uint8Array())).toContain('Nguyễn Tiến Hải');
  });

  it('renders the log as of a seq, and refuses a seq past the head', async () => {
    const head = Number((await download(tokens.chair, 'attendance.csv')).headers.get('x-report-seq'));
    expect(head).toBeGreaterThan(10);
    const early = await download(tokens.chair, 'attendance.csv?view=totals&seq=5');
    expect(early.status).toBe(200);
    expect(early.headers.get('x-report-seq')).toBe('5');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(early.headers.get('content-disposition') ?? '')?.[1] ?? '')).toBe(
      'Báo cáo điểm danh (tổng hợp) - 04-01-2021 - đến sự kiện 5.csv',
    );
    const past = await download(tokens.chair, `minutes.md?seq=${head + 100}`);
    expect(past.status).toBe(400);
    expect(JSON.parse(past.bytes.toString('utf8'))).toMatchObject({ code: 'REPORT_SEQ_OUT_OF_RANGE' });
  });

  it('observers may export only once the admin allows it; points never', async () => {
    expect((await download(tokens.observer, 'minutes.md')).status).toBe(403);
    const point = await download(Object.values(tokens.points)[1] ?? '', 'attendance.csv');
    expect(point.status).toBe(403);
    expect(JSON.parse(point.bytes.toString('utf8'))).toMatchObject({ code: 'FORBIDDEN' });

    const admin = new Api(server.url, tokens.admin);
    expect((await admin.get(`${base}/observer-access`)).body).toMatchObject({ allowed: false });
    expect((await new Api(server.url, tokens.chair).request('PUT', `${base}/observer-access`, { allowed: true })).status).toBe(403);
    const allowed = await admin.request('PUT', `${base}/observer-access`, { allowed: true });
    expect(allowed.status).toBe(200);
    expect((await download(tokens.observer, 'minutes.md')).status).toBe(200);
    await admin.request('PUT', `${base}/observer-access`, { allowed: false });
    expect((await download(tokens.observer, 'minutes.md')).status).toBe(403);
  });

  it("every item of the consoles' Export menu downloads through the client helper", async () => {
    for (const item of EXPORT_ITEMS) {
      const got = await fetchReport(fetch, exportUrl(server.url, CONF, item, 20), tokens.clerk, 'fallback');
      if (!got.ok) throw new Error(`${item.key}: ${got.code} ${got.message}`);
      expect(got.fileName, item.key).toMatch(/^(Báo cáo điểm danh|Biên bản hội nghị).* - 04-01-2021 - đến sự kiện 20\.(csv|xlsx|pdf|docx|md)$/);
      expect(got.blob.size, item.key).toBeGreaterThan(100);
    }
    const refused = await fetchReport(fetch, exportUrl(server.url, CONF, EXPORT_ITEMS[0]!), tokens.observer, 'x');
    expect(refused).toMatchObject({ ok: false, status: 403, code: 'FORBIDDEN' });
  });

  it('bad requests get a clear code and change nothing', async () => {
    const head = (await download(tokens.chair, 'minutes.md')).headers.get('x-report-seq');
    expect((await download(tokens.chair, 'minutes.csv')).status).toBe(400);
    expect((await download(tokens.chair, 'attendance.exe')).status).toBe(404);
    expect((await download(tokens.chair, 'attendance.csv?view=everything')).status).toBe(400);
    expect((await download(tokens.chair, 'attendance.csv?seq=-1')).status).toBe(400);
    expect((await download(tokens.chair, 'attendance.csv?unknown=1')).status).toBe(400);
    const noToken = await fetch(`${server.url}${base}/minutes.pdf`);
    expect(noToken.status).toBe(401);
    const bad = await new Api(server.url, tokens.admin).request('PUT', `${base}/observer-access`, { allowed: 'yes' });
    expect(bad.status).toBe(400);
    expect((await download(tokens.chair, 'minutes.md')).headers.get('x-report-seq')).toBe(head);
  });
});
