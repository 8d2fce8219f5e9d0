import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { CENTRAL, CONF, NAM_CAN, setUpConference, THOI_BINH, tokenOf, U_MINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, refusedJoin } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// What happens to live sessions: a revoked link is cut off at once, a second device on a point
// takes over or waits as a standby (and the chair sees it), foreign origins and guessing IPs are
// turned away.

let server: TestServer;
let tokens: ConferenceTokens;
let root: Api;

beforeAll(async () => {
  server = await startTestServer();
  tokens = await setUpConference(server);
  root = new Api(server.url, server.serverAdminToken);
});
afterAll(async () => {
  await server.dispose();
});

describe('revocation', () => {
  it('ends a live socket at once, tells it why, and the reissued link works', async () => {
    const issued = await root.post<{ link: { id: string; url: string } }>(`/api/conferences/${CONF}/links`, { role: 'clerk', label: 'Thư ký dự phòng' });
    const clerk = await MeetingClient.join(server.url, tokenOf(issued.body.link.url));
    const gone = clerk.untilDisconnected();
    const res = await new Api(server.url, tokens.admin).post<{ reissued: { url: string } }>(`/api/conferences/${CONF}/links/${issued.body.link.id}/revoke`, { reissue: true });
    expect(res.status).toBe(200);
    await gone;
    expect(clerk.ended).toEqual([{ code: 'TOKEN_REVOKED', message: expect.any(String) }]);
    expect(await refusedJoin(server.url, tokenOf(issued.body.link.url))).toBe('TOKEN_REVOKED');
    const again = await MeetingClient.join(server.url, tokenOf(res.body.reissued.url));
    expect(again.welcome?.principal).toMatchObject({ role: 'clerk', name: 'Thư ký dự phòng' });
    again.close();
  });

  it('survives a restart: a revoked link stays revoked on the same data dir', async () => {
    const dataDir = server.dataDir;
    const link = await server.links.issue({ conferenceId: CONF, role: 'observer', ttlMs: 3600_000 });
    const token = server.links.tokenFor(link);
    await server.links.revoke(CONF, link.id);
    await server.close();
    server = await startTestServer({ dataDir });
    root = new Api(server.url, server.serverAdminToken);
    expect(await refusedJoin(server.url, token)).toBe('TOKEN_REVOKED');
    // Links not revoked still open, with the same token (same persisted secret).
    const chair = await MeetingClient.join(server.url, tokens.chair);
    expect(chair.welcome?.principal.role).toBe('chair');
    chair.close();
  });
});

describe('a second device on one point', () => {
  it('takes over: the old device is told and closed, the chair sees the takeover', async () => {
    const chair = await MeetingClient.join(server.url, tokens.chair);
    const first = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
    const firstGone = first.untilDisconnected();
    const second = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
    await firstGone;
    expect(first.ended.map((e) => e.code)).toEqual(['SESSION_REPLACED']);
    expect(second.welcome?.standby).toBe(false);
    expect(server.connections.canSendMedia(second.socket.id!)).toBe(true);
    expect(server.connections.ofPoint(CONF, THOI_BINH)).toHaveLength(1);
    await expect.poll(() => chair.devices.some((d) => d.pointId === THOI_BINH && d.change === 'takeover' && d.live === 1 && d.standby === 0), { timeout: 5000 }).toBe(true);
    second.close();
    chair.close();
  });

  it('waits as a standby when the link says so: receives, cannot command or send media, is promoted when the live one leaves', async () => {
    const issued = await root.post<{ link: { url: string } }>(`/api/conferences/${CONF}/links`, { role: 'point', pointId: U_MINH, secondDevice: 'standby' });
    const token = tokenOf(issued.body.link.url);
    const chair = await MeetingClient.join(server.url, tokens.chair);
    const live = await MeetingClient.join(server.url, token);
    const standby = await MeetingClient.join(server.url, token);
    expect(live.welcome?.standby).toBe(false);
    expect(standby.welcome?.standby).toBe(true);
    expect(server.connections.canSendMedia(standby.socket.id!)).toBe(false);
    expect(await standby.send({ type: 'setSelfMute', pointId: U_MINH, muted: true })).toMatchObject({ ok: false, code: 'STANDBY' });
    await expect.poll(() => chair.devices.some((d) => d.pointId === U_MINH && d.live === 1 && d.standby === 1), { timeout: 5000 }).toBe(true);
    live.close();
    await expect.poll(() => standby.standbyNotices, { timeout: 5000 }).toEqual([false]);
    expect(server.connections.canSendMedia(standby.socket.id!)).toBe(true);
    await expect.poll(() => chair.devices.some((d) => d.pointId === U_MINH && d.change === 'promoted'), { timeout: 5000 }).toBe(true);
    standby.close();
    chair.close();
  });
});

describe('one socket cannot hold its conference up', () => {
  it('refuses commands past 32 in flight and a second concurrent catch-up, then carries on', async () => {
    // The central point opens and closes its own microphone freely (a district point's opens only
    // by the chair's grant, R-MEDIA-8): its microphone starts open, so the burst mutes first.
    const point = await MeetingClient.join(server.url, tokens.points[CENTRAL]!);
    const room = server.rooms.get(CONF)!;
    const before = room.seq;
    const acks = await Promise.all(Array.from({ length: 48 }, (_, i) => point.send({ type: 'setSelfMute', pointId: CENTRAL, muted: i % 2 === 0 })));
    const limited = acks.filter((a) => !a.ok && a.code === 'RATE_LIMITED').length;
    const accepted = acks.filter((a) => a.ok).length;
    expect(limited).toBeGreaterThan(0);
    expect(accepted + limited).toBe(48);
    expect(accepted).toBeGreaterThanOrEqual(32);
    // Count this socket's events only: the join's own presence event may still be on its way to
    // disk when the burst starts (appends are committed by the store's writer thread).
    const selfMutes = (await server.store.read(CONF, before)).filter((e) => e.event.type === 'selfMuteChanged' && e.event.pointId === CENTRAL);
    expect(selfMutes.length).toBe(accepted);
    const [a, b] = await Promise.all([point.emitRaw('catchUp', { afterSeq: 0 }), point.emitRaw('catchUp', { afterSeq: 0 })]);
    expect([a, b]).toContainEqual(expect.objectContaining({ ok: false, code: 'RATE_LIMITED' }));
    expect([a, b]).toContainEqual(expect.objectContaining({ ok: true }));
    expect(await point.send({ type: 'setSelfMute', pointId: CENTRAL, muted: true })).toMatchObject({ ok: expect.any(Boolean) });
    point.close();
  });
});

describe('origin check', () => {
  it('refuses a browser socket from another site, accepts the server’s own origin', async () => {
    expect(await refusedJoin(server.url, tokens.observer, { extraHeaders: { origin: 'https://evil.example' } })).not.toBe('ACCEPTED');
    const own = await MeetingClient.join(server.url, tokens.observer, { extraHeaders: { origin: server.url } });
    own.close();
  });
});

describe('failed joins are rate-limited per IP', () => {
  it('throttles an IP after its burst of failures and names the refusal, while a valid token still gets in (issue 14)', async () => {
    const limited = await startTestServer({ failedJoins: { capacity: 3, refillMs: 60_000 } });
    try {
      const t = await setUpConference(limited);
      for (let i = 0; i < 3; i++) expect(await refusedJoin(limited.url, `v1.guess${i}.AAAA`)).not.toBe('ACCEPTED');
      expect(await refusedJoin(limited.url, 'v1.guess3.AAAA')).toBe('RATE_LIMITED');
      const bad = await new Api(limited.url, 'v1.guess4.AAAA').get(`/api/conferences/${CONF}/state`);
      expect(bad.status).toBe(429);
      expect(bad.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(await refusedJoin(limited.url, t.points[NAM_CAN]!)).toBe('ACCEPTED');
      expect((await new Api(limited.url, t.admin).get(`/api/conferences/${CONF}/state`)).status).toBe(200);
    } finally {
      await limited.dispose();
    }
  });
});
