import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpConference, THOI_BINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startCluster, until, type NodeName, type TestCluster } from './support/cluster.js';
import { heartbeatStale, liveOn, standbyLinkOf, waitingOn } from './support/pointDevices.js';

// Which standby becomes live when a point's live device leaves, across three nodes (processes on
// 127.0.0.2-4, their own PostgreSQL and Redis; the chair on A), where the cluster's queue
// (cluster_point_standbys) cannot be what decides: a standby row of a node that died. Issue #15;
// the ordinary cases are in devicesAcrossNodes.test.ts.

let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient;
const clients: MeetingClient[] = [];
const timings: Record<string, number> = {};

async function join(node: NodeName, token: string): Promise<MeetingClient> {
  const client = await MeetingClient.join(cluster.url(node), token);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  cluster = await startCluster();
  await cluster.startNode('A');
  await Promise.all([cluster.startNode('B'), cluster.startNode('C')]);
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

