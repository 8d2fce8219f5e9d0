import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReportSchema, type HealthReport } from '../../shared/media/health.js';
import { MEDIA_PUSH_EVENT } from '../../shared/protocol/media.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, tokenOf, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startThreeNodes, until, type TestCluster } from './support/cluster.js';
import * as devices from './support/pointDevices.js';

// One live device per point, the presiding consoles' `devices` counts and link health, across
// three nodes (processes on 127.0.0.2-4, their own PostgreSQL and Redis). The conference is
// created through A, so A writes it; the chair is on A. What one node does with a point's second
// device (gateway/pointDevices.ts: a takeover link replaces the live device, a standby link waits
// and is promoted when the live one leaves) must hold when the two devices are on two nodes.

let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient; // on A
const clients: MeetingClient[] = [];
const timings: Record<string, number> = {};
/** every link-health report the chair's console got, newest last */
const reports: HealthReport[] = [];

async function join(node: 'A' | 'B' | 'C', token: string): Promise<MeetingClient> {
  const client = await MeetingClient.join(cluster.url(node), token);
  clients.push(client);
  return client;
}

/** The nodes whose standbys of the point wait, oldest first, by the database (cluster_point_standbys). */
const liveOn = (pointId: string) => devices.liveOn(cluster, pointId);
const standbyLinkOf = (pointId: string, label: string) => devices.standbyLinkOf(cluster, pointId, label);

async function waitingOn(pointId: string): Promise<string[]> {
  const { rows } = await cluster.db.query<{ url: string }>(
    `SELECT n.url FROM cluster_point_standbys s JOIN cluster_nodes n ON n.node_id = s.node_id
      WHERE s.conference_id = $1 AND s.point_id = $2 ORDER BY s.waiting_since`,
    [CONF, pointId],
  );
  return rows.map((r) => r.url);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const lastDevices = (pointId: string) => chair.devices.filter((d) => d.pointId === pointId).at(-1);
const healthOf = (pointId: string) => reports.at(-1)?.points.find((p) => p.pointId === pointId);

beforeAll(async () => {
  cluster = await startThreeNodes();
  tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  chair = await join('A', tokens.chair);
  // The chair's console gets the SFU's link-health report as a media push (its media session opens with the socket).
  (chair.socket as unknown as { on(event: string, listener: (push: unknown) => void): void }).on(MEDIA_PUSH_EVENT, (push) => {
    const message = push as { type?: string; report?: unknown };
    if (message.type === 'health') reports.push(HealthReportSchema.parse(message.report));
  });
  expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
}, 180_000);

afterAll(async () => {
  process.stdout.write(`${JSON.stringify({ devicesAcrossNodes: timings })}\n`);
  for (const c of clients) c.close();
  await cluster?.dispose();
});

describe('one live device per point across three nodes', () => {
  it('a takeover link opened on B replaces the live device on C, as on one node; the chair on A is told once, one live', async () => {
    const first = await join('C', tokens.points[NAM_CAN]!);
    expect(first.welcome?.standby).toBe(false);
    await until(async () => (await liveOn(NAM_CAN)).length === 1, 5_000, 'Năm Căn’s device on C written');
    const joinedAt = Date.now();
    const second = await join('B', tokens.points[NAM_CAN]!);
    expect(second.welcome?.standby).toBe(false);
    await until(() => first.ended.some((n) => n.code === 'SESSION_REPLACED') && first.socket.disconnected, 5_000, 'the device on C replaced');
    timings['replacedOnC_ms'] = Date.now() - joinedAt;
    await until(async () => (await liveOn(NAM_CAN)).join() === cluster.url('B'), 5_000, 'one live device, on B', async () => liveOn(NAM_CAN));
    await until(() => lastDevices(NAM_CAN)?.change === 'takeover', 5_000, 'the chair told of the takeover', () => chair.devices);
    expect(lastDevices(NAM_CAN)).toMatchObject({ live: 1, standby: 0 });
    // The device that took over commands as the point; the replaced one's socket is gone.
    expect(await second.do({ type: 'reportReadiness', pointId: NAM_CAN, headcount: 9 })).toMatchObject({ ok: true });
  }, 60_000);

  it('a standby link opened on B waits while the live device is on C; the chair on A counts both; it becomes live when C’s leaves', async () => {
    const created = await cluster.api('A').post<{ link: { url: string; id: string } }>(`/api/conferences/${CONF}/links`, { role: 'point', pointId: U_MINH, label: 'Máy dự phòng', secondDevice: 'standby' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const spare = tokenOf(created.body.link.url);
    const live = await join('C', spare);
    expect(live.welcome?.standby).toBe(false);
    await until(async () => (await liveOn(U_MINH)).length === 1, 5_000, 'U Minh’s device on C written');
    const standby = await join('B', spare);
    expect(standby.welcome?.standby).toBe(true);
    expect(await standby.do({ type: 'reportReadiness', pointId: U_MINH, headcount: 4 })).toMatchObject({ ok: false, code: 'STANDBY' });
    // The chair on A is told by B: one live (on C), one standby (on B).
    await until(() => lastDevices(U_MINH)?.standby === 1, 5_000, 'the chair told of the standby', () => chair.devices);
    expect(lastDevices(U_MINH)).toMatchObject({ live: 1, standby: 1, change: 'joined' });
    expect(live.ended).toEqual([]);
    // The live device on C leaves: the standby on B becomes live, and says so to its console.
    const leftAt = Date.now();
    live.close();
    await until(() => standby.standbyNotices.includes(false), 5_000, 'the standby on B promoted', () => standby.standbyNotices);
    timings['standbyPromotedOnB_ms'] = Date.now() - leftAt;
    await until(() => lastDevices(U_MINH)?.change === 'promoted', 5_000, 'the chair told of the promotion', () => chair.devices);
    expect(lastDevices(U_MINH)).toMatchObject({ live: 1, standby: 0 });
    expect(await liveOn(U_MINH)).toEqual([cluster.url('B')]);
    expect(await standby.do({ type: 'reportReadiness', pointId: U_MINH, headcount: 4 })).toMatchObject({ ok: true });
  }, 60_000);

  it('the standby that waited longest is promoted, on whichever node: live on A, standbys on B then C; A leaves: B’s, not C’s; B leaves: C’s', async () => {
    const spare = await standbyLinkOf(THOI_BINH, 'Máy dự phòng 1');
    const live = await join('A', spare);
    expect(live.welcome?.standby).toBe(false);
    await until(async () => (await liveOn(THOI_BINH)).join() === cluster.url('A'), 5_000, 'Thới Bình’s live device on A written');
    const onB = await join('B', spare);
    expect(onB.welcome?.standby).toBe(true);
    const onC = await join('C', spare);
    expect(onC.welcome?.standby).toBe(true);
    // The database dated them as they joined: B's waits first.
    expect(await waitingOn(THOI_BINH)).toEqual([cluster.url('B'), cluster.url('C')]);
    await until(() => lastDevices(THOI_BINH)?.standby === 2, 5_000, 'the chair told of two standbys', () => chair.devices);

    const leftAt = Date.now();
    live.close();
    await until(() => onB.standbyNotices.includes(false), 5_000, 'the standby on B promoted', () => ({ b: onB.standbyNotices, c: onC.standbyNotices }));
    timings['olderStandbyPromotedOnB_ms'] = Date.now() - leftAt;
    // C's stays a standby: past a tick of every node (each settles its points every second), nothing changes.
    await sleep(2_500);
    expect(onC.standbyNotices).toEqual([]);
    expect(await liveOn(THOI_BINH)).toEqual([cluster.url('B')]);
    expect(await waitingOn(THOI_BINH)).toEqual([cluster.url('C')]);
    expect(await onC.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 6 })).toMatchObject({ ok: false, code: 'STANDBY' });
    expect(await onB.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 6 })).toMatchObject({ ok: true });
    await until(() => lastDevices(THOI_BINH)?.change === 'promoted', 5_000, 'the chair told of the promotion', () => chair.devices);
    expect(lastDevices(THOI_BINH)).toMatchObject({ live: 1, standby: 1 });

    const bLeftAt = Date.now();
    onB.close();
    await until(() => onC.standbyNotices.includes(false), 5_000, 'the standby on C promoted', () => onC.standbyNotices);
    timings['nextStandbyPromotedOnC_ms'] = Date.now() - bLeftAt;
    expect(onC.standbyNotices).toEqual([false]);
    await until(async () => (await liveOn(THOI_BINH)).join() === cluster.url('C'), 5_000, 'one live device, on C', async () => liveOn(THOI_BINH));
    expect(await waitingOn(THOI_BINH)).toEqual([]);
    await until(() => lastDevices(THOI_BINH)?.change === 'promoted' && lastDevices(THOI_BINH)?.standby === 0, 5_000, 'the chair told of C’s promotion', () => chair.devices);
    expect(lastDevices(THOI_BINH)).toMatchObject({ live: 1, standby: 0 });
    expect(await onC.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 7 })).toMatchObject({ ok: true });
    onC.close();
    await until(async () => (await liveOn(THOI_BINH)).length === 0, 5_000, 'Thới Bình without a device');
  }, 60_000);

  it('a later standby on the live device’s own node waits while an older one waits on another node', async () => {
    const spare = await standbyLinkOf(THOI_BINH, 'Máy dự phòng 2');
    const live = await join('A', spare);
    expect(live.welcome?.standby).toBe(false);
    await until(async () => (await liveOn(THOI_BINH)).join() === cluster.url('A'), 5_000, 'Thới Bình’s live device on A written');
    const onB = await join('B', spare);
    const onA = await join('A', spare);
    expect([onB.welcome?.standby, onA.welcome?.standby]).toEqual([true, true]);
    expect(await waitingOn(THOI_BINH)).toEqual([cluster.url('B'), cluster.url('A')]);
    // On one node A would promote its own standby at once; across nodes B's waited longer.
    live.close();
    await until(() => onB.standbyNotices.includes(false), 5_000, 'the standby on B promoted', () => ({ a: onA.standbyNotices, b: onB.standbyNotices }));
    await sleep(2_500);
    expect(onA.standbyNotices).toEqual([]);
    expect(await liveOn(THOI_BINH)).toEqual([cluster.url('B')]);
    expect(await waitingOn(THOI_BINH)).toEqual([cluster.url('A')]);
    onB.close();
    await until(() => onA.standbyNotices.includes(false), 5_000, 'the standby on A promoted', () => onA.standbyNotices);
    onA.close();
    await until(async () => (await liveOn(THOI_BINH)).length === 0, 5_000, 'Thới Bình without a device');
  }, 60_000);

  it('the live device’s node dies (SIGKILL of B): the standby that waited longest (on C, not the later one on A) is promoted once B stops counting', async () => {
    const spare = await standbyLinkOf(THOI_BINH, 'Máy dự phòng 3');
    const live = await join('B', spare);
    expect(live.welcome?.standby).toBe(false);
    await until(async () => (await liveOn(THOI_BINH)).join() === cluster.url('B'), 5_000, 'Thới Bình’s live device on B written');
    const onC = await join('C', spare);
    const onA = await join('A', spare);
    expect([onC.welcome?.standby, onA.welcome?.standby]).toEqual([true, true]);
    expect(await waitingOn(THOI_BINH)).toEqual([cluster.url('C'), cluster.url('A')]);
    const killedAt = Date.now();
    await cluster.nodes.get('B')!.kill9();
    live.close(); // its socket died with B; no reconnection anywhere
    try {
      // B's row counts for 5 s after its last heartbeat (DEVICE_FRESH_MS), then the next tick promotes.
      await until(() => onC.standbyNotices.includes(false), 10_000, 'the standby on C promoted', () => ({ a: onA.standbyNotices, c: onC.standbyNotices }));
      timings['olderStandbyPromotedOnCAfterKill_ms'] = Date.now() - killedAt;
      await sleep(2_500);
      expect(onA.standbyNotices).toEqual([]);
      expect(await waitingOn(THOI_BINH)).toEqual([cluster.url('A')]);
      expect(await onC.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 5 })).toMatchObject({ ok: true });
    } finally {
      cluster.nodes.delete('B');
      await cluster.startNode('B'); // the tests below use B
    }
    expect(await liveOn(THOI_BINH)).toEqual([cluster.url('C')]);
    onC.close();
    onA.close();
    await until(async () => (await liveOn(THOI_BINH)).length === 0 && (await waitingOn(THOI_BINH)).length === 0, 5_000, 'Thới Bình without a device');
  }, 90_000);

  it('with Redis away, a takeover through another node still replaces the live device within a tick', async () => {
    const first = await join('C', tokens.points[THOI_BINH]!);
    await until(async () => (await liveOn(THOI_BINH)).length === 1, 5_000, 'Thới Bình’s device on C written');
    await cluster.redis.stop();
    try {
      const joinedAt = Date.now();
      const second = await join('B', tokens.points[THOI_BINH]!);
      expect(second.welcome?.standby).toBe(false);
      await until(() => first.ended.some((n) => n.code === 'SESSION_REPLACED'), 5_000, 'the device on C replaced without Redis');
      timings['replacedOnCWithoutRedis_ms'] = Date.now() - joinedAt;
      await until(async () => (await liveOn(THOI_BINH)).join() === cluster.url('B'), 5_000, 'one live device, on B');
    } finally {
      await cluster.redis.start();
    }
  }, 60_000);
});

describe('link health across three nodes', () => {
  it('the chair on A sees the link health of a point connected to C, merged into its one report', async () => {
    const onB = await join('B', tokens.points[NAM_CAN]!);
    await until(async () => (await liveOn(NAM_CAN)).join() === cluster.url('B'), 5_000, 'Năm Căn’s live device on B');
    const onC = await join('C', tokens.points[NAM_CAN]!); // takes Năm Căn over from B
    expect(onC.welcome?.standby).toBe(false);
    await until(() => onB.socket.disconnected, 5_000, 'Năm Căn’s device on B replaced');
    await until(async () => (await liveOn(NAM_CAN)).join() === cluster.url('C'), 5_000, 'one live device, on C');
    // A report sampled after that: B's entry of the replaced device is not connected, so a connected
    // entry can only be C's (the chair's node A never held a session of Năm Căn).
    const from = Date.now() + 1_000;
    await until(() => (reports.at(-1)?.at ?? 0) > from, 10_000, 'a fresh report');
    expect(reports.at(-1)!.conferenceId).toBe(CONF);
    expect(healthOf(NAM_CAN)).toMatchObject({ pointId: NAM_CAN, connected: true });
  }, 60_000);

  it('SIGKILL of C: its points stop showing connected in the chair’s report once its shares stop (3 s)', async () => {
    expect(healthOf(NAM_CAN)?.connected).toBe(true);
    const killedAt = Date.now();
    await cluster.nodes.get('C')!.kill9();
    cluster.nodes.delete('C');
    // What remains of Năm Căn is B's entry of its replaced device (not connected), if any.
    await until(() => healthOf(NAM_CAN)?.connected !== true && reports.at(-1)!.at > killedAt, 10_000, 'Năm Căn no longer connected in the chair’s report', () => reports.at(-1));
    timings['healthGoneAfterKill_ms'] = Date.now() - killedAt;
    expect(chair.socket.connected).toBe(true);
  }, 60_000);
});
