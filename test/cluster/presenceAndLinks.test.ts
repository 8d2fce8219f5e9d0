import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, tokenOf, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient, refusedJoin } from '../integration/support/meetingClient.js';
import { startThreeNodes, until, type TestCluster } from './support/cluster.js';
import { entryOf } from '../../shared/meeting/buckets.js';

// Presence and link revocation across three nodes (processes on 127.0.0.2-4, their own
// PostgreSQL and Redis). The conference is created through A, so A writes it; the chair is on A.
// A point's devices may be on any node, on two at once, and a node may die with them: the chair
// must see the point online as long as some live node holds a device of it, once, and offline
// after the grace (5 s, server/app.ts) once none does. A link revoked through A (or every link of
// a conference closed for good) ends its sessions on every node and is refused everywhere after.

const GRACE_MS = 5_000;
/** a dead node's devices stop counting after a lease's term (5 s), the writer's sweep runs every 1 s, then the grace */
const DEAD_NODE_BOUND_MS = 5_000 + 1_000 + GRACE_MS + 2_000;

let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient; // on A
const clients: MeetingClient[] = [];
const timings: Record<string, number> = {};

async function join(node: 'A' | 'B' | 'C', token: string): Promise<MeetingClient> {
  const client = await MeetingClient.join(cluster.url(node), token);
  clients.push(client);
  return client;
}

const online = (client: MeetingClient, pointId: string) => entryOf(client.state.presence, pointId)?.online ?? false;
const presenceEvents = (client: MeetingClient, pointId: string, type: MeetingEvent['type']) =>
  client.log.filter((e) => e.event.type === type && 'pointId' in e.event && e.event.pointId === pointId).length;

beforeAll(async () => {
  cluster = await startThreeNodes();
  tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  chair = await join('A', tokens.chair);
  expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
}, 180_000);

afterAll(async () => {
  process.stdout.write(`${JSON.stringify({ presenceAndLinks: timings })}\n`);
  for (const c of clients) c.close();
  await cluster?.dispose();
});

describe('presence and links across three nodes', () => {
  it('A writes the conference; a point connected to C is online for the chair on A, with its pre-flight, readiness and link opening', async () => {
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('A'));
    const joinedAt = Date.now();
    const namCan = await join('C', tokens.points[NAM_CAN]!);
    await until(() => online(chair, NAM_CAN), 5_000, 'Năm Căn online on A');
    timings['onlineOnA_ms'] = Date.now() - joinedAt;
    expect(await namCan.do({ type: 'reportPreflight', pointId: NAM_CAN, camera: 'ok', microphone: 'ok', network: { verdict: 'good', rttMs: 14 } })).toMatchObject({ ok: true });
    const ready = await namCan.do({ type: 'reportReadiness', pointId: NAM_CAN, headcount: 12 });
    expect(ready).toMatchObject({ ok: true });
    await chair.untilSeq((ready as { seq: number }).seq);
    expect(entryOf(chair.state.lineTest.preflight, NAM_CAN)).toMatchObject({ camera: 'ok', microphone: 'ok' });
    expect(entryOf(chair.state.readiness, NAM_CAN)).toMatchObject({ headcount: 12 });
    expect(entryOf(chair.state.lineTest.linkOpens, tokens.linkIds[NAM_CAN]!)).toBeDefined();
  }, 60_000);

  it('a point connected through B and C at once is recorded online once, and offline only when both devices have left', async () => {
    const first = await join('B', tokens.points[THOI_BINH]!);
    await until(() => online(chair, THOI_BINH), 5_000, 'Thới Bình online');
    const second = await join('C', tokens.points[THOI_BINH]!);
    // One live device per point across nodes: the link takes over (its default), so the device on
    // B is replaced as on one node; the one on C stays: past the grace, the point is still online.
    await until(() => first.ended.some((n) => n.code === 'SESSION_REPLACED'), 5_000, 'the device on B replaced');
    first.close();
    await new Promise((r) => setTimeout(r, GRACE_MS + 3_000));
    const probe = await chair.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 3 }); // a fresh seq to read up to
    await chair.untilSeq((probe as { seq: number }).seq);
    expect(online(chair, THOI_BINH)).toBe(true);
    expect(presenceEvents(chair, THOI_BINH, 'pointWentOnline')).toBe(1);
    expect(presenceEvents(chair, THOI_BINH, 'pointWentOffline')).toBe(0);
    // The last device leaves: offline after the grace, everywhere.
    const leftAt = Date.now();
    second.close();
    const onB = await join('B', tokens.observer);
    await until(() => !online(chair, THOI_BINH) && !online(onB, THOI_BINH), GRACE_MS + 3_000, 'Thới Bình offline on A and B');
    timings['offlineAfterLastDevice_ms'] = Date.now() - leftAt;
    expect(presenceEvents(chair, THOI_BINH, 'pointWentOffline')).toBe(1);
    onB.close();
  }, 60_000);

  it('a link revoked through A ends its session on C at once and C refuses it after; the re-issued link joins C', async () => {
    const uMinh = await join('C', tokens.points[U_MINH]!);
    await until(() => online(chair, U_MINH), 5_000, 'U Minh online');
    const revokedAt = Date.now();
    const revoked = await cluster.api('A').post<{ reissued: { url: string; id: string } }>(`/api/conferences/${CONF}/links/${tokens.linkIds[U_MINH]}/revoke`, { reissue: true });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    await until(() => uMinh.ended.some((n) => n.code === 'TOKEN_REVOKED') && uMinh.socket.disconnected, 5_000, 'U Minh’s session on C ended');
    timings['revokedEndedOnC_ms'] = Date.now() - revokedAt;
    expect(await refusedJoin(cluster.url('C'), tokens.points[U_MINH])).toBe('TOKEN_REVOKED');
    expect(await refusedJoin(cluster.url('B'), tokens.points[U_MINH])).toBe('TOKEN_REVOKED');
    const again = await join('C', tokenOf(revoked.body.reissued.url));
    expect(again.welcome?.linkId).toBe(revoked.body.reissued.id);
    tokens.points[U_MINH] = tokenOf(revoked.body.reissued.url);
    tokens.linkIds[U_MINH] = revoked.body.reissued.id;
  }, 60_000);

  it('with Redis away, a link revoked through A still ends its session on C within a tick', async () => {
    const namCan2 = await cluster.api('A').post<{ link: { url: string; id: string } }>(`/api/conferences/${CONF}/links`, { role: 'observer', label: 'Phòng họp dự phòng' });
    expect(namCan2.status, JSON.stringify(namCan2.body)).toBe(201);
    const observer = await join('C', tokenOf(namCan2.body.link.url));
    await cluster.redis.stop();
    try {
      const revokedAt = Date.now();
      const revoked = await cluster.api('A').post(`/api/conferences/${CONF}/links/${namCan2.body.link.id}/revoke`, {});
      expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
      await until(() => observer.ended.some((n) => n.code === 'TOKEN_REVOKED'), 5_000, 'the observer’s session on C ended');
      timings['revokedEndedOnCWithoutRedis_ms'] = Date.now() - revokedAt;
    } finally {
      await cluster.redis.start();
    }
  }, 60_000);

  it('SIGKILL of C: its points are offline for the chair on A and a client on B within the stated bound', async () => {
    const onB = await join('B', tokens.observer);
    expect(online(onB, NAM_CAN) && online(onB, U_MINH)).toBe(true);
    const killedAt = Date.now();
    await cluster.nodes.get('C')!.kill9();
    cluster.nodes.delete('C');
    await until(
      () => [chair, onB].every((c) => !online(c, NAM_CAN) && !online(c, U_MINH)),
      DEAD_NODE_BOUND_MS + 5_000,
      'Năm Căn and U Minh offline on A and B',
      () => ({ chair: chair.state.presence, onB: onB.state.presence }),
    );
    timings['offlineAfterNodeKill_ms'] = Date.now() - killedAt;
    expect(timings['offlineAfterNodeKill_ms']).toBeLessThan(DEAD_NODE_BOUND_MS);
    expect(presenceEvents(chair, NAM_CAN, 'pointWentOffline')).toBe(1);
    onB.close();
  }, 60_000);

  it('a conference closed for good through A ends the sessions of its links on B', async () => {
    const thoiBinh = await join('B', tokens.points[THOI_BINH]!);
    for (const status of ['inSession', 'adjourned'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
    const closedAt = Date.now();
    const closed = await cluster.api('A').post(`/api/conferences/${CONF}/close`, {});
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await until(() => thoiBinh.ended.some((n) => n.code === 'TOKEN_REVOKED'), 5_000, 'Thới Bình’s session on B ended');
    timings['closedEndedOnB_ms'] = Date.now() - closedAt;
    expect(await refusedJoin(cluster.url('B'), tokens.points[THOI_BINH])).toBe('TOKEN_REVOKED');
  }, 60_000);
});
