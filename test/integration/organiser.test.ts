import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyConferenceCommands } from '../../shared/meeting/copy-conference.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import type { Command } from '../../shared/protocol/index.js';
import { Api } from './support/api.js';
import { MeetingClient } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// The organiser's server side (issue #13, docs/ORGANISER-API.md) against a real server and its
// SQLite file: who a token is, the list with search, a copy through the core's commands, links
// with their openings, the line-test board, the log as JSON lines, closing for good, and every
// organiser command refused for chair, clerk, point and observer over socket and HTTP.

let server: TestServer;
let root: Api;
const tokenOf = (url: string) => new URL(url).hash.slice(3);

async function newConference(title: string, date: string): Promise<string> {
  const created = await root.post<{ conferenceId: string }>('/api/conferences', { title, date, startTime: '07:30', organiser: 'UBND tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh' });
  expect(created.status).toBe(201);
  return created.body.conferenceId;
}

async function command(conferenceId: string, c: Command, api = root) {
  return api.post<{ ok: boolean; code?: string }>(`/api/conferences/${conferenceId}/commands`, { command: c });
}

async function issue(conferenceId: string, body: Record<string, unknown>): Promise<{ id: string; url: string; token: string }> {
  const res = await root.post<{ link: { id: string; url: string } }>(`/api/conferences/${conferenceId}/links`, body);
  expect(res.status).toBe(201);
  return { ...res.body.link, token: tokenOf(res.body.link.url) };
}

/** A conference with a central point, two districts, a panel of two, two steps, a list of three. */
async function prepared(title: string, date: string): Promise<string> {
  const id = await newConference(title, date);
  const setup: Command[] = [
    { type: 'addPoints', points: [{ id: 'p-tt', name: 'Điểm cầu trung tâm', kind: 'central' }, { id: 'p-tb', name: 'Huyện Thới Bình', kind: 'district' }, { id: 'p-um', name: 'Huyện U Minh', kind: 'district', contact: '0290 111' }] },
    { type: 'updateConference', kind: 'thematic', technicalContact: 'Tổ kỹ thuật, 0290 3831 234', clerkName: 'Trần Thư Ký' },
    { type: 'addPanelMember', id: 'pm-1', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy' },
    { type: 'addPanelMember', id: 'pm-2', name: 'Lê Quân', position: 'Chủ tịch UBND tỉnh', organisation: 'UBND tỉnh' },
    { type: 'addAgendaStep', id: 'st-1', title: 'Báo cáo', kind: 'report', plannedMinutes: 20, plannedStart: '07:30', presidingMemberId: 'pm-2', presenter: 'Giám đốc Sở' },
    { type: 'addAgendaStep', id: 'st-2', title: 'Thảo luận', kind: 'discussion', plannedMinutes: 40, presidingMemberId: 'pm-1' },
    {
      type: 'importInvitationList',
      mode: 'replace',
      rows: [
        { line: 2, name: 'Nguyễn Văn An', position: 'Chánh Văn phòng', organisation: 'Văn phòng UBND tỉnh', point: 'p-tt' },
        { line: 3, name: 'Lê Minh Hùng', position: 'Chủ tịch', organisation: 'HĐND huyện Thới Bình', point: 'Thới Bình' },
        { line: 4, name: 'Võ Hữu Tâm', position: 'Chủ tịch', organisation: 'HĐND huyện U Minh', point: 'p-um' },
      ],
    },
    { type: 'setQuorum', quorum: { kind: 'count', present: 2 } },
    // an organisation at no single point, and one moved to its point by hand (R-SETUP-9)
    { type: 'addOrganisation', id: 'org-so-yt', name: 'Sở Y tế' },
    { type: 'addOrganisation', id: 'org-tb-nv', name: 'Phòng Nội vụ Thới Bình' },
    { type: 'updateOrganisation', organisationId: 'org-tb-nv', pointId: 'p-tb' },
  ];
  for (const c of setup) expect((await command(id, c)).body).toMatchObject({ ok: true });
  return id;
}

beforeAll(async () => {
  server = await startTestServer();
  root = new Api(server.url, server.serverAdminToken);
});
afterAll(async () => {
  await server.dispose();
});

describe('the organiser over HTTP', () => {
  it('whoami tells a server-admin link from a conference link', async () => {
    expect((await root.get('/api/whoami')).body).toMatchObject({ serverAdmin: true, conferenceId: null, role: 'admin' });
    const id = await newConference('Hội nghị thử', '2026-01-05');
    const link = await issue(id, { role: 'admin' });
    expect((await root.as(link.token).get('/api/whoami')).body).toMatchObject({ serverAdmin: false, conferenceId: id, role: 'admin' });
    expect((await new Api(server.url).get('/api/whoami')).status).toBe(401);
    // a conference admin does not see the server's list
    expect((await root.as(link.token).get('/api/conferences')).status).toBe(403);
  });

  it('R-ORG-6: lists conferences by phase, searched by title (diacritics ignored) and date', async () => {
    const a = await newConference('Hội nghị giao ban tháng 3', '2026-03-02');
    const b = await prepared('Hội nghị tổng kết năm', '2026-12-20');
    for (const status of ['scheduled', 'rollCall'] as const) await command(b, { type: 'setConferenceStatus', status });
    const all = await root.get<{ conferences: { conferenceId: string; phase: string; date: string; points: number }[] }>('/api/conferences');
    const dates = all.body.conferences.map((c) => c.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(all.body.conferences.find((c) => c.conferenceId === a)).toMatchObject({ phase: 'upcoming', points: 0 });
    expect(all.body.conferences.find((c) => c.conferenceId === b)).toMatchObject({ phase: 'inProgress', points: 3, kind: 'thematic' });
    const found = await root.get<{ conferences: { conferenceId: string }[] }>('/api/conferences?q=giao%20ban%20thang');
    expect(found.body.conferences.map((c) => c.conferenceId)).toEqual([a]);
    const inRange = await root.get<{ conferences: { conferenceId: string }[] }>('/api/conferences?from=2026-12-01&to=2026-12-31');
    expect(inRange.body.conferences.map((c) => c.conferenceId)).toEqual([b]);
    const running = await root.get<{ conferences: { conferenceId: string }[] }>('/api/conferences?phase=inProgress');
    expect(running.body.conferences.map((c) => c.conferenceId)).toEqual([b]);
    expect((await root.get('/api/conferences?from=03-2026')).body).toMatchObject({ code: 'MALFORMED' });
  });

  it('R-ORG-9: a copy is made of logged core commands and carries exactly the setup, field by field', async () => {
    const source = await prepared('Giao ban tháng 1', '2026-01-10');
    for (const status of ['scheduled', 'rollCall', 'inSession'] as const) await command(source, { type: 'setConferenceStatus', status });
    const before = (await root.get<{ state: MeetingState }>(`/api/conferences/${source}/state`)).body.state;
    const copied = await root.post<{ conferenceId: string; copied: Record<string, number> }>(`/api/conferences/${source}/copy`, { title: 'Giao ban tháng 2', date: '2026-02-10', startTime: '08:00' });
    expect(copied.status).toBe(201);
    expect(copied.body.copied).toEqual({ points: 3, organisations: 5, panel: 2, agenda: 2, attendees: 3 });
    const id = copied.body.conferenceId;
    const s = (await root.get<{ state: MeetingState }>(`/api/conferences/${id}/state`)).body.state;
    const src = before as MeetingState;
    expect(s.conference).toMatchObject({ title: 'Giao ban tháng 2', date: '2026-02-10', startTime: '08:00', status: 'draft', kind: 'thematic', technicalContact: 'Tổ kỹ thuật, 0290 3831 234', clerkName: 'Trần Thư Ký', quorum: { kind: 'count', present: 2 } });
    expect(s.points).toEqual(src.points);
    expect(s.pointOrder).toEqual(src.pointOrder);
    expect(s.panel).toEqual(src.panel);
    // organisations with their points (R-SETUP-9): placed by the import, by hand, or at none
    expect(s.organisations).toEqual(src.organisations);
    expect(s.organisationOrder).toEqual(src.organisationOrder);
    expect(Object.values(s.organisations).map((o) => [o.name, o.pointId])).toEqual([
      ['Văn phòng UBND tỉnh', 'p-tt'],
      ['HĐND huyện Thới Bình', 'p-tb'],
      ['HĐND huyện U Minh', 'p-um'],
      ['Sở Y tế', null],
      ['Phòng Nội vụ Thới Bình', 'p-tb'],
    ]);
    expect(s.agenda.steps['st-1']).toMatchObject({ plannedStart: '07:30', presidingMemberId: 'pm-2', presenter: 'Giám đốc Sở', runs: [] });
    // the log of the copy is the core's commands' events, the same a replay of copyConferenceCommands gives
    const log = await root.get<string>(`/api/conferences/${id}/events.jsonl`);
    const types = log.body.trim().split('\n').map((l) => (JSON.parse(l) as { event: { type: string } }).event.type);
    expect(types[0]).toBe('conferenceCreated');
    expect(types.filter((t) => t === 'pointAdded')).toHaveLength(3);
    expect(copyConferenceCommands(src, { id, title: 'x', date: '2026-02-10' }, { invitationList: true }).length).toBeGreaterThan(5);
    // the source is untouched; a conference admin cannot copy
    const link = await issue(source, { role: 'admin' });
    expect((await root.as(link.token).post(`/api/conferences/${source}/copy`, { title: 'X', date: '2026-02-10' })).status).toBe(403);
    expect((await root.post(`/api/conferences/${source}/copy`, { title: '', date: '2026-02-10' })).body).toMatchObject({ code: 'INVALID_COMMAND' });
    expect((await root.post(`/api/conferences/nowhere/copy`, { title: 'X', date: '2026-02-10' })).status).toBe(404);
  });

  it('R-ORG-1: points imported from the office’s spreadsheet through the one list reader: 100 communes in one addPoints, a broken file imports nothing', async () => {
    const id = await newConference('Hội nghị với 100 xã', '2026-07-01');
    const rows = Array.from({ length: 100 }, (_, i) => `${i + 1};Xã số ${i + 1};;Cán bộ xã ${i + 1}`);
    const file = new TextEncoder().encode(['STT;Tên điểm cầu;Loại;Liên hệ', '0;Điểm cầu trung tâm UBND tỉnh;Trung tâm;', ...rows].join('\r\n'));
    const ok = await root.post<{ ok: boolean; imported: number; format: string }>(`/api/conferences/${id}/points/import?fileName=xa.csv`, file, { 'content-type': 'text/csv' });
    expect(ok.body).toMatchObject({ ok: true, imported: 101, format: 'csv' });
    const s = (await root.get<{ state: MeetingState }>(`/api/conferences/${id}/state`)).body.state;
    expect(s.pointOrder).toHaveLength(101);
    const first = s.points[s.pointOrder[0] as string];
    const last = s.points[s.pointOrder[100] as string];
    expect(first).toMatchObject({ name: 'Điểm cầu trung tâm UBND tỉnh', kind: 'central' });
    expect(last).toMatchObject({ name: 'Xã số 100', kind: 'commune', contact: 'Cán bộ xã 100' });
    const headBefore = (await root.get<{ seq: number }>(`/api/conferences/${id}/state`)).body.seq;

    // one bad line: every error by line of the file, nothing imported
    const broken = new TextEncoder().encode('Tên điểm cầu,Loại\nXã Mới,Xã\nXã Mới,Xã\n,Xã\nXã Khác,Tỉnh lỵ\n');
    const bad = await root.post<{ code: string; details: { line: number; code: string; messageVi: string }[] }>(`/api/conferences/${id}/points/import`, broken, { 'content-type': 'text/csv' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('IMPORT_INVALID');
    expect(bad.body.details.map((d) => [d.line, d.code])).toEqual([[3, 'duplicate_row'], [4, 'missing_name'], [5, 'unknown_point_kind']]);
    expect(bad.body.details[0]?.messageVi).toMatch(/^Dòng 3 của tệp: /);
    // the core still decides: a name already there refuses the whole list (R-ORG-1)
    const again = await root.post<{ code: string }>(`/api/conferences/${id}/points/import`, new TextEncoder().encode('Tên điểm cầu\nXã số 7\nXã Mới\n'));
    expect(again.body).toMatchObject({ code: 'DUPLICATE_NAME' });
    expect((await root.post(`/api/conferences/${id}/points/import?kind=village`, file)).body).toMatchObject({ code: 'MALFORMED' });
    expect((await root.get<{ seq: number }>(`/api/conferences/${id}/state`)).body.seq).toBe(headBefore);
  });

  it('R-ORG-5, R-ORG-7: links for every point, who opened which and when, the board and the JSON-lines log', async () => {
    const id = await prepared('Kiểm tra đường truyền', '2026-04-01');
    const bulk = await root.post<{ issued: { pointId: string; url: string; live: boolean }[] }>(`/api/conferences/${id}/links/points`, {});
    expect(bulk.status).toBe(201);
    expect(bulk.body.issued.map((l) => l.pointId)).toEqual(['p-tt', 'p-tb', 'p-um']);
    expect((await root.post<{ issued: unknown[] }>(`/api/conferences/${id}/links/points`, {})).body.issued).toEqual([]);
    const tb = bulk.body.issued[1]!;
    const client = await MeetingClient.join(server.url, tokenOf(tb.url));
    await expect.poll(async () => (await root.get<{ rows: { pointId: string; linkOpened: boolean; online: boolean }[] }>(`/api/conferences/${id}/line-test`)).body.rows.find((r) => r.pointId === 'p-tb')).toMatchObject({ linkOpened: true, online: true });
    expect(await client.send({ type: 'reportPreflight', pointId: 'p-tb', camera: 'ok', microphone: 'ok', network: { verdict: 'good', rttMs: 4 } })).toMatchObject({ ok: true });
    client.close();
    const again = await MeetingClient.join(server.url, tokenOf(tb.url));
    again.close();
    const links = await root.get<{ links: { id: string; pointId?: string; opens: number; firstOpenedAt: number | null; lastOpenedAt: number | null; live: boolean }[] }>(`/api/conferences/${id}/links`);
    const tbLink = links.body.links.find((l) => l.pointId === 'p-tb')!;
    await expect.poll(async () => (await root.get<{ links: { pointId?: string; opens: number }[] }>(`/api/conferences/${id}/links`)).body.links.find((l) => l.pointId === 'p-tb')?.opens).toBe(2);
    expect(tbLink).toMatchObject({ live: true, firstOpenedAt: expect.any(Number) });
    expect(links.body.links.find((l) => l.pointId === 'p-um')).toMatchObject({ opens: 0, firstOpenedAt: null });
    const board = (await root.get<{ rows: { pointId: string; preflightPassed: boolean | null; attention: boolean }[] }>(`/api/conferences/${id}/line-test`)).body.rows;
    expect(board.find((r) => r.pointId === 'p-tb')).toMatchObject({ preflightPassed: true });
    expect(board.find((r) => r.pointId === 'p-um')).toMatchObject({ preflightPassed: null, attention: true });
    // one linkOpened in the log for two openings
    const log = await root.get<string>(`/api/conferences/${id}/events.jsonl`);
    expect(log.headers.get('content-type')).toContain('application/x-ndjson');
    expect(log.headers.get('content-disposition')).toContain('attachment');
    const lines = log.body.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; event: { type: string } });
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.filter((l) => l.event.type === 'linkOpened')).toHaveLength(1);
    // re-issue with a new expiry: the old link stops, the new one lives for a day
    const reissued = await root.post<{ revoked: { live: boolean }; reissued: { expiresAt: number; createdAt: number; pointId: string } }>(`/api/conferences/${id}/links/${tbLink.id}/revoke`, { reissue: true, ttlHours: 24 });
    expect(reissued.body.revoked.live).toBe(false);
    expect(reissued.body.reissued).toMatchObject({ pointId: 'p-tb' });
    expect(reissued.body.reissued.expiresAt - reissued.body.reissued.createdAt).toBe(24 * 3600 * 1000);
  });

  it('closing for good ends the points’ links and keeps the archive for the office', async () => {
    const id = await prepared('Hội nghị sẽ đóng', '2026-05-01');
    const admin = await issue(id, { role: 'admin' });
    const chair = await issue(id, { role: 'chair' });
    const point = await issue(id, { role: 'point', pointId: 'p-tb' });
    expect((await root.post(`/api/conferences/${id}/close`)).body).toMatchObject({ code: 'INVALID_TRANSITION' });
    for (const status of ['scheduled', 'rollCall', 'inSession', 'adjourned'] as const) await command(id, { type: 'setConferenceStatus', status });
    expect((await root.as(chair.token).post(`/api/conferences/${id}/close`)).status).toBe(403);
    const closed = await root.as(admin.token).post(`/api/conferences/${id}/close`);
    expect(closed.body).toMatchObject({ ok: true, revokedLinks: 2 });
    expect((await root.as(point.token).get(`/api/conferences/${id}/state`)).body).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await root.as(chair.token).get(`/api/conferences/${id}/state`)).body).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect((await root.as(admin.token).get(`/api/conferences/${id}/events.jsonl`)).status).toBe(200);
    expect((await command(id, { type: 'updateConference', title: 'Sửa' }, root.as(admin.token))).body).toMatchObject({ code: 'CONFERENCE_CLOSED' });
    expect((await root.get<{ conferences: { conferenceId: string; phase: string }[] }>('/api/conferences?phase=ended')).body.conferences.map((c) => c.conferenceId)).toContain(id);
  });
});

describe('every organiser command refused for chair, clerk, point and observer', () => {
  const organiserCommands: Command[] = [
    { type: 'updateConference', title: 'Sửa tên', kind: 'review', technicalContact: 'x' },
    { type: 'addPoints', points: [{ name: 'Xã Mới', kind: 'commune' }] },
    { type: 'addPoint', name: 'Xã Mới 2', kind: 'commune' },
    { type: 'updatePoint', pointId: 'p-tb', name: 'Thới Bình mới' },
    { type: 'removePoint', pointId: 'p-um' },
    { type: 'reorderPoints', pointIds: ['p-tt', 'p-um', 'p-tb'] },
    { type: 'addPanelMember', name: 'A', position: 'B', organisation: 'C' },
    { type: 'updatePanelMember', memberId: 'pm-1', position: 'Đồng chủ trì' },
    { type: 'reorderPanel', memberIds: ['pm-2', 'pm-1'] },
    { type: 'addAgendaStep', title: 'Bế mạc', kind: 'conclusion', plannedMinutes: 5 },
    { type: 'updateAgendaStep', stepId: 'st-1', plannedStart: '09:00', presidingMemberId: 'pm-1' },
    { type: 'reorderAgenda', stepIds: ['st-2', 'st-1'] },
    { type: 'setQuorum', quorum: null },
    { type: 'setSpeakingLimits', limits: { contribution: 100, reply: 60, pointOfOrder: 30, directive: null, warningSeconds: 10 } },
    { type: 'setMaxOpenFloors', max: 2 },
    { type: 'addOrganisation', name: 'Sở Tư pháp', pointId: 'p-tt' },
    { type: 'updateOrganisation', organisationId: 'org-so-yt', pointId: 'p-um' },
    { type: 'removeOrganisation', organisationId: 'org-so-yt' },
    { type: 'setConferenceStatus', status: 'scheduled' },
  ];

  it('R-AUTH-6: refused over HTTP and over the socket, nothing recorded', async () => {
    const id = await prepared('Quyền', '2026-06-01');
    const tokens = {
      chair: (await issue(id, { role: 'chair' })).token,
      clerk: (await issue(id, { role: 'clerk' })).token,
      point: (await issue(id, { role: 'point', pointId: 'p-tb' })).token,
      observer: (await issue(id, { role: 'observer' })).token,
    };
    const headBefore = (await root.get<{ seq: number }>(`/api/conferences/${id}/state`)).body.seq;
    for (const [role, token] of Object.entries(tokens)) {
      const api = root.as(token);
      for (const c of organiserCommands) {
        const res = await command(id, c, api);
        expect(res.status, `${role} ${c.type} over HTTP`).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      // the organiser's own routes too
      expect((await api.patch(`/api/conferences/${id}`, { title: 'X' })).status).toBe(403);
      expect((await api.post(`/api/conferences/${id}/links/points`, {})).status).toBe(403);
      expect((await api.post(`/api/conferences/${id}/points/import`, new TextEncoder().encode('Tên điểm cầu\nXã Mới\n'))).status).toBe(403);
      expect((await api.post(`/api/conferences/${id}/close`)).status).toBe(403);
      expect((await api.get(`/api/conferences/${id}/line-test`)).status).toBe(403);
      expect((await api.get(`/api/conferences/${id}/events.jsonl`)).status).toBe(403);
      expect((await api.post(`/api/conferences/${id}/copy`, { title: 'X', date: '2026-01-01' })).status).toBe(403);
      const socket = await MeetingClient.join(server.url, token);
      for (const c of organiserCommands) expect(await socket.send(c), `${role} ${c.type} over the socket`).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      socket.close();
    }
    // points and observers are refused outright for callPoint too; the chair may call a point
    for (const role of ['clerk', 'point', 'observer'] as const) {
      expect((await command(id, { type: 'callPoint', pointId: 'p-um' }, root.as(tokens[role]))).body).toMatchObject({ code: 'FORBIDDEN' });
    }
    // only the server's own records were added: the links being opened, the point coming and going
    const after = await root.get<{ events: { event: { type: string } }[] }>(`/api/conferences/${id}/events?after=${headBefore}`);
    const serverOwn = ['linkOpened', 'pointWentOnline', 'pointWentOffline'];
    expect(after.body.events.map((e) => e.event.type).filter((t) => !serverOwn.includes(t))).toEqual([]);
    expect(after.body.events.filter((e) => e.event.type === 'linkOpened')).toHaveLength(4);
  });
});
