import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJoinToken } from '../../server/auth/joinToken.js';
import type { Command } from '../../shared/protocol/index.js';
import { Api } from './support/api.js';
import { CENTRAL, CONF, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, refusedJoin, waitFor } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';
import { entryOf } from '../../shared/meeting/buckets.js';

// Access attempts that must fail: each with its own code, and each leaving the conference exactly
// as it was (same seq, same state, same links). The conference is in session with the queue
// open and a request of U Minh waiting, so every refused command had something to change.

let server: TestServer;
let tokens: ConferenceTokens;
let otherTokens: ConferenceTokens;
let chair: MeetingClient;
let clerk: MeetingClient;
let observer: MeetingClient;
let admin: MeetingClient;
let thoiBinh: MeetingClient;
let uMinh: MeetingClient;
let waitingRequest: string;
let speechId: string;

beforeAll(async () => {
  server = await startTestServer();
  tokens = await setUpConference(server);
  otherTokens = await setUpConference(server, 'hn-other-2021');
  chair = await MeetingClient.join(server.url, tokens.chair);
  clerk = await MeetingClient.join(server.url, tokens.clerk);
  observer = await MeetingClient.join(server.url, tokens.observer);
  admin = await MeetingClient.join(server.url, tokens.admin);
  thoiBinh = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
  uMinh = await MeetingClient.join(server.url, tokens.points[U_MINH]!);
  for (const status of ['rollCall', 'inSession'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
  expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
  expect(await thoiBinh.do({ type: 'requestFloor', pointId: THOI_BINH, topic: 'Thủy lợi', kind: 'contribution' })).toMatchObject({ ok: true });
  expect(await uMinh.do({ type: 'requestFloor', pointId: U_MINH, topic: 'Cháy rừng', kind: 'contribution' })).toMatchObject({ ok: true });
  await chair.untilSeq(uMinh.seq);
  const [first, second] = chair.state.queue.waiting;
  expect(await chair.do({ type: 'grantFloor', requestId: first! })).toMatchObject({ ok: true });
  waitingRequest = second!;
  speechId = entryOf(chair.state.queue.requests, first!)!.speechId!;
  // Presence settles before the table starts: every point's online event is in.
  await waitFor(() => entryOf(server.rooms.get(CONF)!.state.presence, U_MINH)?.online === true, 5000, 'presence');
});

afterAll(async () => {
  for (const c of [chair, clerk, observer, admin, thoiBinh, uMinh]) c?.close();
  await server.dispose();
});

async function commandCode(client: MeetingClient, command: Command): Promise<string> {
  const ack = await client.send(command);
  return ack.ok ? 'ACCEPTED' : ack.code;
}

async function httpCode(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<string> {
  const res = await new Api(server.url, token).request(method, path, body);
  return typeof res.body === 'object' && res.body !== null && 'code' in res.body ? `${res.status} ${String((res.body as { code: unknown }).code)}` : `${res.status}`;
}

function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [v, payload, sig] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  change(claims);
  return `${v}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
}

const attempts: [name: string, attempt: () => Promise<string>, expected: string][] = [
  ['a point grants itself the floor', () => commandCode(uMinh, { type: 'grantFloor', requestId: waitingRequest }), 'FORBIDDEN'],
  ['a point marks another point’s attendance', () => commandCode(thoiBinh, { type: 'markAttendance', attendeeId: chair.state.attendeeOrder[3]!, mark: { status: 'absent' } }), 'FORBIDDEN'],
  ['a point reports readiness for another point', () => commandCode(thoiBinh, { type: 'reportReadiness', pointId: U_MINH, headcount: 3 }), 'NOT_YOUR_POINT'],
  ['a point requests the floor in another point’s name', () => commandCode(thoiBinh, { type: 'requestFloor', pointId: CENTRAL, topic: 'Giả danh', kind: 'contribution' }), 'NOT_YOUR_POINT'],
  ['a point withdraws another point’s request', () => commandCode(thoiBinh, { type: 'withdrawRequest', requestId: waitingRequest }), 'NOT_YOUR_POINT'],
  ['a point unmutes another point', () => commandCode(thoiBinh, { type: 'setSelfMute', pointId: U_MINH, muted: false }), 'NOT_YOUR_POINT'],
  ['a point ends another point’s speech', () => commandCode(uMinh, { type: 'endSpeech', speechId }), 'NOT_YOUR_POINT'],
  ['a point changes the layout', () => commandCode(thoiBinh, { type: 'setLayout', mode: 'gallery' }), 'FORBIDDEN'],
  ['an observer requests the floor', () => commandCode(observer, { type: 'requestFloor', pointId: THOI_BINH, topic: 'Quan sát', kind: 'contribution' }), 'FORBIDDEN'],
  ['an observer marks attendance', () => commandCode(observer, { type: 'markAttendance', attendeeId: chair.state.attendeeOrder[0]!, mark: { status: 'absent' } }), 'FORBIDDEN'],
  ['an observer adjourns the conference', () => commandCode(observer, { type: 'setConferenceStatus', status: 'adjourned' }), 'FORBIDDEN'],
  ['the clerk grants the floor', () => commandCode(clerk, { type: 'grantFloor', requestId: waitingRequest }), 'FORBIDDEN'],
  ['the clerk moves the agenda on', () => commandCode(clerk, { type: 'nextAgendaStep' }), 'FORBIDDEN'],
  ['the chair adds a point (setup is the admin’s)', () => commandCode(chair, { type: 'addPoint', name: 'Điểm cầu lạ', kind: 'district' }), 'FORBIDDEN'],
  ['the admin grants the floor (the chair’s)', () => commandCode(admin, { type: 'grantFloor', requestId: waitingRequest }), 'FORBIDDEN'],
  ['a point declares itself online (system only)', () => commandCode(thoiBinh, { type: 'pointOnline', pointId: THOI_BINH }), 'SYSTEM_ONLY'],
  ['the chair sets the active speaker (system only)', () => commandCode(chair, { type: 'setActiveSpeaker', pointId: U_MINH }), 'SYSTEM_ONLY'],
  ['the admin reports a lost signal (system only)', () => commandCode(admin, { type: 'signalLost', pointId: U_MINH }), 'SYSTEM_ONLY'],
  ['joining without a token', () => refusedJoin(server.url, undefined), 'TOKEN_MISSING'],
  ['joining with garbage for a token', () => refusedJoin(server.url, 'not-a-token'), 'TOKEN_MALFORMED'],
  ['joining with a forged signature', () => refusedJoin(server.url, `${tokens.chair.slice(0, -2)}${tokens.chair.endsWith('AA') ? 'BB' : 'AA'}`), 'TOKEN_SIGNATURE'],
  ['a point token rewritten to say chair', () => refusedJoin(server.url, tamper(tokens.points[THOI_BINH]!, (c) => ((c['r'] = 'chair'), delete c['p']))), 'TOKEN_SIGNATURE'],
  ['a token signed with another secret', () => refusedJoin(server.url, signJoinToken(randomBytes(32), { c: CONF, r: 'chair', l: tokens.linkIds['chair']!, x: 4102444800 })), 'TOKEN_SIGNATURE'],
  [
    'an expired token',
    async () => {
      const link = await server.links.issue({ conferenceId: CONF, role: 'observer', ttlMs: 1 });
      await new Promise((r) => setTimeout(r, 5));
      return refusedJoin(server.url, server.links.tokenFor(link));
    },
    'TOKEN_EXPIRED',
  ],
  [
    'a revoked token',
    async () => {
      const link = await server.links.issue({ conferenceId: CONF, role: 'clerk', ttlMs: 3600_000 });
      const res = await new Api(server.url, tokens.admin).post(`/api/conferences/${CONF}/links/${link.id}/revoke`, {});
      expect(res.status).toBe(200);
      return refusedJoin(server.url, server.links.tokenFor(link));
    },
    'TOKEN_REVOKED',
  ],
  ['a token for another conference (socket)', () => refusedJoin(server.url, otherTokens.chair, { conferenceId: CONF }), 'TOKEN_WRONG_CONFERENCE'],
  ['a token for another conference (HTTP command)', () => httpCode(otherTokens.chair, 'POST', `/api/conferences/${CONF}/commands`, { command: { type: 'nextAgendaStep' } }), '403 TOKEN_WRONG_CONFERENCE'],
  ['a point issues itself a chair link', () => httpCode(tokens.points[THOI_BINH]!, 'POST', `/api/conferences/${CONF}/links`, { role: 'chair' }), '403 FORBIDDEN'],
  ['the chair creates a conference (server admin only)', () => httpCode(tokens.chair, 'POST', '/api/conferences', { title: 'X', date: '2021-01-05', organiser: 'Y', venue: 'Z' }), '403 FORBIDDEN'],
  ['an observer sends a command over HTTP', () => httpCode(tokens.observer, 'POST', `/api/conferences/${CONF}/commands`, { command: { type: 'nextAgendaStep' } }), '403 FORBIDDEN'],
  ['a point reads the link list (and so every token)', () => httpCode(tokens.points[U_MINH]!, 'GET', `/api/conferences/${CONF}/links`), '403 FORBIDDEN'],
  ['an HTTP call with a forged bearer token', () => httpCode(`${tokens.admin.slice(0, -2)}xx`, 'GET', `/api/conferences/${CONF}/state`), '401 TOKEN_SIGNATURE'],
];

describe('access attempts that must fail and change nothing', () => {
  it('has at least 20 attempts', () => {
    expect(attempts.length).toBeGreaterThanOrEqual(20);
  });

  it.each(attempts)('%s → refused', async (_name, attempt, expected) => {
    const room = server.rooms.get(CONF)!;
    const before = { seq: room.seq, state: structuredClone(room.state), head: await server.store.lastSeq(CONF) };
    const linksBefore = (await server.links.list(CONF)).filter((l) => l.revokedAt === null).length;
    expect(await attempt()).toBe(expected);
    await room.serially(() => undefined); // anything the attempt queued has run
    expect(room.seq).toBe(before.seq);
    expect(await server.store.lastSeq(CONF)).toBe(before.head);
    expect(room.state).toEqual(before.state);
    // Only the two attempts that set up their own link touch the link list, and leave no usable one.
    expect((await server.links.list(CONF)).filter((l) => l.revokedAt === null && l.expiresAt > Date.now()).length).toBeLessThanOrEqual(linksBefore);
  });
});
