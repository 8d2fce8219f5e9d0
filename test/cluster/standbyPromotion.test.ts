import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMOTE_WAIT_MS } from '../../server/cluster/devicesAcrossNodes.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient, type ConnectOptions } from '../integration/support/meetingClient.js';
import { startThreeNodes, until, type NodeName, type TestCluster } from './support/cluster.js';
import { heartbeatStale, liveOn, standbyLinkOf, waitingDevices, waitingOn } from './support/pointDevices.js';

// Which standby becomes live when a point's live device leaves, across three nodes (processes on
// 127.0.0.2-4, their own PostgreSQL and Redis; the chair on A), where the cluster's queue
// (cluster_point_standbys) cannot be what decides: a standby waiting on a node that died, and the
// database stopped. Issue #15; the ordinary cases are in devicesAcrossNodes.test.ts.

let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient;
const clients: MeetingClient[] = [];
const timings: Record<string, number> = {};

async function join(node: NodeName, token: string, options: ConnectOptions = {}): Promise<MeetingClient> {
  const client = await MeetingClient.join(cluster.url(node), token, options);
  clients.push(client);
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  cluster = await startThreeNodes();
  tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  chair = await join('A', tokens.chair);
  expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
}, 180_000);

afterAll(async () => {
  process.stdout.write(`${JSON.stringify({ standbyPromotion: timings })}\n`);
  for (const c of clients) c.close();
  await cluster?.dispose();
});

describe('a standby row of a node that died', () => {
  it('is passed over as soon as its node’s heartbeat is stale: live on A, the oldest standby on B, a later one on C; B dies; A’s leaves: C’s at once', async () => {
    const spare = await standbyLinkOf(cluster, THOI_BINH, 'Máy dự phòng 1');
    const live = await join('A', spare);
    await until(async () => (await liveOn(cluster, THOI_BINH)).join() === cluster.url('A'), 5_000, 'Thới Bình’s live device on A written');
    const onB = await join('B', spare);
    const onC = await join('C', spare);
    expect([onB.welcome?.standby, onC.welcome?.standby]).toEqual([true, true]);
    expect(await waitingOn(cluster, THOI_BINH)).toEqual([cluster.url('B'), cluster.url('C')]);
    const urlOfB = cluster.url('B');
    await cluster.nodes.get('B')!.kill9();
    onB.close(); // its socket died with B
    try {
      // B's row (the head of the queue) stays in the table; B stops counting when its heartbeat is stale.
      await until(() => heartbeatStale(cluster, urlOfB), 15_000, 'B’s heartbeat stale');
      const leftAt = Date.now();
      live.close();
      await until(() => onC.standbyNotices.includes(false), 5_000, 'the standby on C promoted', () => onC.standbyNotices);
      timings['standbyOnCPromotedPastDeadB_ms'] = Date.now() - leftAt;
      // a tick at most (1 s) plus the departure's notice; a stray row would hold it for 10 s
      expect(timings['standbyOnCPromotedPastDeadB_ms']).toBeLessThan(2_500);
      await until(async () => (await liveOn(cluster, THOI_BINH)).join() === cluster.url('C'), 5_000, 'one live device, on C');
      expect(await onC.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 5 })).toMatchObject({ ok: true });
    } finally {
      cluster.nodes.delete('B');
      await cluster.startNode('B'); // the tests below use B
    }
    onC.close();
    await until(async () => (await liveOn(cluster, THOI_BINH)).length === 0, 5_000, 'Thới Bình without a device');
  }, 90_000);
});

describe('a standby whose node died, joining another node', () => {
  it('with the socket id it waited as, keeps its place: live on A, standbys on B then C; B dies, B’s device joins C again; A’s leaves: that one is promoted, not C’s', async () => {
    const spare = await standbyLinkOf(cluster, THOI_BINH, 'Máy dự phòng 4');
    const live = await join('A', spare);
    await until(async () => (await liveOn(cluster, THOI_BINH)).join() === cluster.url('A'), 5_000, 'Thới Bình’s live device on A written');
    const onB = await join('B', spare);
    const onC = await join('C', spare);
    expect([onB.welcome?.standby, onC.welcome?.standby]).toEqual([true, true]);
    const waitedAs = onB.socket.id!;
    expect(await waitingDevices(cluster, THOI_BINH)).toEqual([waitedAs, onC.socket.id]);
    await cluster.nodes.get('B')!.kill9();
    onB.close();
    try {
      // At once, as the client's failover does (B's heartbeat still counts for up to 5 s).
      const again = await join('C', spare, { waitedAs });
      expect(again.welcome?.standby).toBe(true);
      expect(await waitingDevices(cluster, THOI_BINH)).toEqual([again.socket.id, onC.socket.id]);
      live.close();
      await until(() => again.standbyNotices.includes(false), 5_000, 'the device that waited longest promoted', () => ({ again: again.standbyNotices, c: onC.standbyNotices }));
      await sleep(2_500);
      expect(onC.standbyNotices).toEqual([]);
      expect(await waitingDevices(cluster, THOI_BINH)).toEqual([onC.socket.id]);
      expect(await again.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 5 })).toMatchObject({ ok: true });
      again.close();
      await until(() => onC.standbyNotices.includes(false), 5_000, 'C’s promoted next');
      onC.close();
    } finally {
      cluster.nodes.delete('B');
      await cluster.startNode('B');
    }
    await until(async () => (await liveOn(cluster, THOI_BINH)).length === 0, 5_000, 'Thới Bình without a device');
  }, 90_000);
});

describe('the live device leaves while the database is away', () => {
  it('its node promotes its own oldest standby at once; once the database is back, it stays the one live device and the queue is right', async () => {
    const spare = await standbyLinkOf(cluster, U_MINH, 'Máy dự phòng 2');
    const live = await join('A', spare);
    await until(async () => (await liveOn(cluster, U_MINH)).join() === cluster.url('A'), 5_000, 'U Minh’s live device on A written');
    const onB = await join('B', spare);
    const onA = await join('A', spare);
    expect([onB.welcome?.standby, onA.welcome?.standby]).toEqual([true, true]);
    expect(await waitingOn(cluster, U_MINH)).toEqual([cluster.url('B'), cluster.url('A')]);
    const toldBefore = chair.devices.length;
    await cluster.postgres.stop();
    const stoppedAt = Date.now();
    try {
      const leftAt = Date.now();
      live.close();
      // B's waited longer, but B cannot know of the departure: A's own is promoted rather than none.
      await until(() => onA.standbyNotices.includes(false), 5_000, 'the standby on A promoted without the database', () => ({ a: onA.standbyNotices, b: onB.standbyNotices }));
      timings['ownStandbyPromotedWithoutDatabase_ms'] = Date.now() - leftAt;
      // told `left` then `promoted`, each with A's devices alone (the other nodes' cannot be read)
      await until(() => chair.devices.slice(toldBefore).some((d) => d.pointId === U_MINH && d.change === 'promoted' && d.live === 1), 5_000, 'the chair told of the promotion', () => chair.devices);
      expect(await onB.do({ type: 'reportReadiness', pointId: U_MINH, headcount: 4 })).toMatchObject({ ok: false, code: 'STANDBY' });
      // Down past every heartbeat's term (5 s): when it is back every node looks dead until it writes its heartbeat again.
      await sleep(Math.max(0, stoppedAt + 7_000 - Date.now()));
    } finally {
      await cluster.postgres.start();
    }
    const startedAt = Date.now();
    await until(async () => (await liveOn(cluster, U_MINH)).join() === cluster.url('A') && (await waitingOn(cluster, U_MINH)).join() === cluster.url('B'), 15_000, 'the database says: live on A, B’s waiting', async () => ({ live: await liveOn(cluster, U_MINH), waiting: await waitingOn(cluster, U_MINH) }));
    timings['rowsRightAfterStart_ms'] = Date.now() - startedAt;
    // Past every node's ticks (and A's heartbeat written again): B neither promotes its own nor replaces A's.
    await sleep(3_000);
    expect(onA.ended).toEqual([]);
    expect(onB.standbyNotices).toEqual([]);
    expect(await liveOn(cluster, U_MINH)).toEqual([cluster.url('A')]);
    await until(async () => (await onA.do({ type: 'reportReadiness', pointId: U_MINH, headcount: 4 })).ok, 15_000, 'A’s device commands once a node writes again');
    // The queue goes on as before the outage: A's leaves, B's is promoted.
    onA.close();
    await until(() => onB.standbyNotices.includes(false), 5_000, 'the standby on B promoted', () => onB.standbyNotices);
    await until(async () => (await liveOn(cluster, U_MINH)).join() === cluster.url('B') && (await waitingOn(cluster, U_MINH)).length === 0, 5_000, 'one live device, on B');
    onB.close();
    await until(async () => (await liveOn(cluster, U_MINH)).length === 0, 5_000, 'U Minh without a device');
  }, 90_000);

  it('the database not answering (the point’s lock held): A promotes its own after 2 s, B admits a device alone; once it answers, one live device, the later written, on both nodes’ view', async () => {
    const spare = await standbyLinkOf(cluster, NAM_CAN, 'Máy dự phòng 3');
    const live = await join('A', spare);
    await until(async () => (await liveOn(cluster, NAM_CAN)).join() === cluster.url('A'), 5_000, 'Năm Căn’s live device on A written');
    const onA = await join('A', spare);
    expect(onA.welcome?.standby).toBe(true);
    // A join needs the database (its link is checked there), so a database that does not answer
    // the point's lock, rather than one stopped, is what lets two nodes each decide alone.
    const holder = await cluster.db.connect();
    const lock = JSON.stringify(['point-live', CONF, NAM_CAN]);
    let admitted: MeetingClient | undefined;
    try {
      await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 7))', [lock]);
      const leftAt = Date.now();
      live.close();
      await until(() => onA.standbyNotices.includes(false), 5_000, 'the standby on A promoted without the database’s answer');
      timings['ownStandbyPromotedPastTheWait_ms'] = Date.now() - leftAt;
      expect(timings['ownStandbyPromotedPastTheWait_ms']).toBeGreaterThanOrEqual(PROMOTE_WAIT_MS);
      // B's admission waits 2 s for the lock, then admits by B's devices alone (none): live.
      admitted = await join('B', spare);
      expect(admitted.welcome?.standby).toBe(false);
      await sleep(1_500);
      expect([onA.ended, admitted.ended]).toEqual([[], []]);
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtextextended($1, 7))', [lock]).finally(() => holder.release());
    }
    const onB = admitted!;
    const answeredAt = Date.now();
    // A's promotion is written once its promotion's transaction (behind the lock) has ended; B's
    // device was written at its admission: A's row is the later, so B's device is replaced.
    await until(() => onB.ended.some((n) => n.code === 'SESSION_REPLACED'), 10_000, 'B’s device replaced', () => ({ a: onA.ended, b: onB.ended }));
    timings['twoLiveSettled_ms'] = Date.now() - answeredAt;
    await until(async () => (await liveOn(cluster, NAM_CAN)).join() === cluster.url('A'), 5_000, 'one live device, on A', async () => liveOn(cluster, NAM_CAN));
    await sleep(2_000);
    expect(onA.ended).toEqual([]);
    expect(await liveOn(cluster, NAM_CAN)).toEqual([cluster.url('A')]);
    // no place in the queue left by the late claim of B's device (admitted live)
    expect(await waitingDevices(cluster, NAM_CAN)).toEqual([]);
    expect(await onA.do({ type: 'reportReadiness', pointId: NAM_CAN, headcount: 3 })).toMatchObject({ ok: true });
    onA.close();
    await until(async () => (await liveOn(cluster, NAM_CAN)).length === 0, 5_000, 'Năm Căn without a device');
  }, 90_000);
});
