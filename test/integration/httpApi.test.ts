import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CONFERENCE_ID } from '../../shared/demo/caMau2021.js';
import { Api } from './support/api.js';
import { MeetingClient } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// The HTTP side as an integration uses it, on a server that seeded the Cà Mau demo: probes and
// metrics, security headers, the SPA fallback, conferences, links, invitation import, state and log.

const FIXTURES = path.resolve(import.meta.dirname, '../../shared/import/fixtures');
const clientDir = mkdtempSync(path.join(tmpdir(), 'hoinghi-client-'));
writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>hoinghi</title><div id="app"></div>');
writeFileSync(path.join(clientDir, 'app.js'), 'console.log("app")');

let server: TestServer;
let root: Api;
const DEMO = CA_MAU_2021_CONFERENCE_ID;

beforeAll(async () => {
  server = await startTestServer({ clientDir, env: { HOINGHI_SEED_DEMO: 'true' } });
  root = new Api(server.url, server.serverAdminToken);
});
afterAll(async () => {
  await server.dispose();
  rmSync(clientDir, { recursive: true, force: true });
});

describe('probes, headers, static client', () => {
  it('answers /healthz, /readyz (no media in this server) and /metrics', async () => {
    const api = new Api(server.url);
    expect(await api.get('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.get('/readyz')).toEqual(expect.objectContaining({ status: 200, body: { status: 'ready', checks: { store: true }, down: {} } }));
    const chair = await MeetingClient.join(server.url, await demoToken('chair'));
    await chair.send({ type: 'setLayout', mode: 'gallery' });
    const metrics = await api.get<string>('/metrics');
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.body).toContain('hoinghi_connected_sockets{role="chair"} 1');
    expect(metrics.body).toMatch(/hoinghi_active_conferences 1\n/);
    expect(metrics.body).toMatch(/hoinghi_events_appended_total \d+/);
    expect(metrics.body).toMatch(/hoinghi_append_duration_seconds_count \d+/);
    expect(metrics.body).toMatch(/hoinghi_commands_total\{outcome="refused"\} \d+/);
    chair.close();
  });

  it('sends a CSP that allows only what the client needs, and no referrer', async () => {
    const res = await new Api(server.url).get('/join');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("media-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the built client and falls back to index.html for client routes, never for /api', async () => {
    const api = new Api(server.url);
    expect(await api.get('/join')).toMatchObject({ status: 200, body: expect.stringContaining('<div id="app">') });
    expect(await api.get('/chair/anything')).toMatchObject({ status: 200, body: expect.stringContaining('<div id="app">') });
    expect(await api.get('/app.js')).toMatchObject({ status: 200, body: 'console.log("app")' });
    expect(await api.get('/api/nope')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});

async function demoToken(role: string, pointId?: string): Promise<string> {
  const res = await root.get<{ links: { role: string; pointId?: string; url: string; revokedAt: number | null }[] }>(`/api/conferences/${DEMO}/links`);
  const link = res.body.links.find((l) => l.role === role && l.pointId === pointId && l.revokedAt === null);
  if (!link) throw new Error(`no ${role} link`);
  return new URL(link.url).hash.slice(3);
}

describe('the seeded demo', () => {
  it('has one link per role and per point, and a server that lists it', async () => {
    expect(server.demoConferenceId).toBe(DEMO);
    const list = await root.get<{ conferences: { conferenceId: string; seq: number }[] }>('/api/conferences');
    expect(list.body.conferences.map((c) => c.conferenceId)).toEqual([DEMO]);
    const state = await root.get<{ state: { pointOrder: string[] } }>(`/api/conferences/${DEMO}/state`);
    const links = await root.get<{ links: { role: string; pointId?: string }[] }>(`/api/conferences/${DEMO}/links`);
    const roles = links.body.links.map((l) => (l.role === 'point' ? `point:${l.pointId}` : l.role)).sort();
    expect(roles).toEqual(['admin', 'chair', 'clerk', 'observer', ...state.body.state.pointOrder.map((p) => `point:${p}`)].sort());
  });
});

describe('conferences over HTTP', () => {
  it('creates, refuses a duplicate, updates, reads state and the log in pages', async () => {
    const created = await root.post<{ conferenceId: string; seq: number }>('/api/conferences', { title: 'Hội nghị giao ban tháng 1', date: '2021-01-11', organiser: 'UBND tỉnh Cà Mau', venue: 'Phòng họp số 1' });
    expect(created.status).toBe(201);
    const id = created.body.conferenceId;
    expect(id).toMatch(/^hn-[0-9a-f]{12}$/);
    expect(await root.post('/api/conferences', { id, title: 'X', date: '2021-01-11', organiser: 'Y', venue: 'Z' })).toMatchObject({ status: 409, body: { code: 'CONFERENCE_EXISTS' } });
    expect(await root.post('/api/conferences', { title: '', date: '11/01/2021', organiser: 'Y', venue: 'Z' })).toMatchObject({ status: 400, body: { code: 'INVALID_COMMAND', details: expect.any(Array) } });
    expect(await root.patch(`/api/conferences/${id}`, { title: 'Hội nghị giao ban tháng 1/2021' })).toMatchObject({ status: 200, body: { ok: true, seq: 2 } });
    expect(await root.patch(`/api/conferences/${id}`, { title: 'Hội nghị giao ban tháng 1/2021' })).toMatchObject({ status: 409, body: { code: 'NO_CHANGE' } });
    expect(await root.patch(`/api/conferences/${id}`, { status: 'closed' })).toMatchObject({ status: 400, body: { code: 'INVALID_COMMAND' } });
    const state = await root.get<{ seq: number; state: { conference: { title: string } } }>(`/api/conferences/${id}/state`);
    expect(state.body.seq).toBe(2);
    expect(state.body.state.conference.title).toBe('Hội nghị giao ban tháng 1/2021');
    const page1 = await root.get<{ headSeq: number; events: { seq: number }[] }>(`/api/conferences/${DEMO}/events?after=0&limit=40`);
    const page2 = await root.get<{ headSeq: number; events: { seq: number }[] }>(`/api/conferences/${DEMO}/events?after=40&limit=40`);
    expect(page1.body.events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(page2.body.events[0]?.seq).toBe(41);
    const ahead = await root.get<{ reset: boolean; events: unknown[] }>(`/api/conferences/${DEMO}/events?after=${page1.body.headSeq + 10}`);
    expect(ahead.body).toMatchObject({ reset: true, events: [] });
    expect(await root.get(`/api/conferences/nope/state`)).toMatchObject({ status: 404, body: { code: 'UNKNOWN_CONFERENCE' } });
  });
});

describe('links over HTTP', () => {
  it('issues for a known point only, refuses revoking the link in use, and lists urls with the token in the fragment', async () => {
    const admin = new Api(server.url, await demoToken('admin'));
    expect(await admin.post(`/api/conferences/${DEMO}/links`, { role: 'point', pointId: 'cm-atlantis' })).toMatchObject({ status: 404, body: { code: 'UNKNOWN_POINT' } });
    expect(await admin.post(`/api/conferences/${DEMO}/links`, { role: 'chair', pointId: 'cm-thoi-binh' })).toMatchObject({ status: 400, body: { code: 'INVALID_COMMAND' } });
    expect(await admin.post(`/api/conferences/${DEMO}/links`, { role: 'system' })).toMatchObject({ status: 400 });
    const issued = await admin.post<{ link: { id: string; url: string; expiresAt: number; createdAt: number } }>(`/api/conferences/${DEMO}/links`, { role: 'observer', label: 'Ban biên tập', ttlHours: 2 });
    expect(issued.status).toBe(201);
    expect(issued.body.link.url).toMatch(new RegExp(`^${server.url}/join#t=v1\\.`));
    expect(issued.body.link.expiresAt - issued.body.link.createdAt).toBe(2 * 3600_000);
    const own = (await admin.get<{ links: { id: string; role: string; revokedAt: null | number }[] }>(`/api/conferences/${DEMO}/links`)).body.links.find((l) => l.role === 'admin')!;
    expect(await admin.post(`/api/conferences/${DEMO}/links/${own.id}/revoke`, {})).toMatchObject({ status: 409, body: { code: 'OWN_LINK' } });
    expect(await admin.post(`/api/conferences/${DEMO}/links/lnothere/revoke`, {})).toMatchObject({ status: 404, body: { code: 'UNKNOWN_LINK' } });
  });
});

describe('invitation list import', () => {
  it('imports an XLSX file into the demo and refuses a CSV with bad rows, naming each line', async () => {
    const clerk = new Api(server.url, await demoToken('clerk'));
    const xlsx = readFileSync(path.join(FIXTURES, 'danh-sach-trieu-tap.libreoffice.xlsx'));
    const ok = await clerk.post<{ imported: number; format: string }>(`/api/conferences/${DEMO}/invitations?mode=replace`, new Uint8Array(xlsx), {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(ok.status, JSON.stringify(ok.body).slice(0, 500)).toBe(200);
    expect(ok.body.format).toBe('xlsx');
    expect(ok.body.imported).toBeGreaterThan(0);
    const before = (await root.get<{ seq: number }>(`/api/conferences/${DEMO}/state`)).body.seq;
    const bad = await clerk.post<{ code: string; details: { line: number | null }[] }>(`/api/conferences/${DEMO}/invitations?mode=append`, new Uint8Array(readFileSync(path.join(FIXTURES, 'broken-rows.csv'))), { 'content-type': 'text/csv' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('IMPORT_INVALID');
    expect(bad.body.details.some((d) => typeof d.line === 'number')).toBe(true);
    expect((await root.get<{ seq: number }>(`/api/conferences/${DEMO}/state`)).body.seq).toBe(before);
    const observer = new Api(server.url, await demoToken('observer'));
    expect(await observer.post(`/api/conferences/${DEMO}/invitations`, new Uint8Array(xlsx))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});

describe('a link that expires while connected', () => {
  it('ends the session with TOKEN_EXPIRED', async () => {
    const link = await server.links.issue({ conferenceId: DEMO, role: 'observer', ttlMs: 1500 });
    const observer = await MeetingClient.join(server.url, server.links.tokenFor(link));
    await observer.untilDisconnected(5000);
    expect(observer.ended.map((e) => e.code)).toEqual(['TOKEN_EXPIRED']);
  });
});
