import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingConnection } from '../../client/net/connection.js';
import { MeetingReplica } from '../../client/state/replica.js';
import { ServerClock } from '../../client/state/serverClock.js';
import { SILENT_NODE_MS } from '../../client/net/silentNode.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import { ClusterNodesSchema } from '../../shared/protocol/socket.js';
import { CENTRAL, NAM_CAN, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient, refusedJoin } from '../integration/support/meetingClient.js';
import { startCluster, until, type NodeName, type TestCluster } from './support/cluster.js';
import { entryOf } from '../../shared/meeting/buckets.js';

// Clients move to another node by themselves when theirs dies. Three nodes (processes on
// 127.0.0.2-4, their own PostgreSQL and Redis), A in region CM (Cà Mau), B in BL (Bạc Liêu), C in
// none; the conference is written by A, the chair is on A. Two points connect to C with the
// browser's own connection module (client/net/connection.ts, in Node): they are told the live
// nodes; C is SIGKILLed; each moves to A or B with its token and last seq, catches up, is held
// by a live node (so the point is never recorded offline) and sends commands again, all within
// 10 s of the kill. Also: placement by region and load over HTTP, by the region in a point's record
// (the organiser's updatePoint, sent through C), and the origins a page of one node may open its
// socket from on another (the registry's nodes, nothing else).

let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient; // on A
const clients: { close(): void }[] = [];
const timings: Record<string, number> = {};

const online = (client: MeetingClient, pointId: string) => entryOf(client.state.presence, pointId)?.online ?? false;
const presenceEvents = (client: MeetingClient, pointId: string, type: MeetingEvent['type']) =>
  client.log.filter((e) => e.event.type === type && 'pointId' in e.event && e.event.pointId === pointId).length;

/** The browser's connection module, to one node, without asking for placement (the test puts it on C). */
function connect(node: NodeName, token: string): { connection: MeetingConnection; replica: MeetingReplica } {
  const replica = new MeetingReplica();
  const connection = new MeetingConnection({ token, replica, clock: new ServerClock(), url: cluster.url(node), placement: false });
  connection.start();
  clients.push({ close: () => connection.stop() });
  return { connection, replica };
}

const caughtUp = (c: MeetingConnection) => c.status.kind === 'connected' && c.status.caughtUp;

async function placement(node: NodeName, query = '', token?: string): Promise<string[]> {
  const response = await fetch(`${cluster.url(node)}/api/cluster/placement${query}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  expect(response.status).toBe(200);
  return ClusterNodesSchema.parse(await response.json()).nodes.map((n) => n.url);
}

/** Which node holds a device of the point now, by the registry (cluster_point_devices of live nodes). */
async function holders(pointId: string): Promise<string[]> {
  const { rows } = await cluster.db.query<{ url: string }>(
    `SELECT n.public_url AS url FROM cluster_point_devices d JOIN cluster_nodes n ON n.node_id = d.node_id
      WHERE d.point_id = $1 AND d.live + d.standby > 0 AND n.seen_at > now() - interval '5 seconds'`,
    [pointId],
  );
  return rows.map((r) => r.url).sort();
}

beforeAll(async () => {
  cluster = await startCluster();
  await cluster.startNode('A', { HOINGHI_NODE_REGION: 'CM' });
  await Promise.all([cluster.startNode('B', { HOINGHI_NODE_REGION: 'BL' }), cluster.startNode('C')]);
  tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  chair = await MeetingClient.join(cluster.url('A'), tokens.chair);
  clients.push(chair);
  expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
  // every node has seen the three in the registry (its tick reads it once a second)
  // (all three: B and C start together, and B's first read of the registry may come before C's row)
  await until(async () => (await Promise.all((['A', 'B', 'C'] as const).map((n) => placement(n)))).every((list) => list.length === 3), 10_000, 'three nodes in every node’s directory');
}, 180_000);

afterAll(async () => {
  process.stdout.write(`${JSON.stringify({ failover: timings })}\n`);
  for (const c of clients) c.close();
  await cluster?.dispose();
});

describe('clients move to another node when theirs dies', () => {
  it('placement over HTTP: the region asked for first, then nodes of no region, then the others; every live node listed', async () => {
    const [a, b, c] = (['A', 'B', 'C'] as const).map((n) => cluster.url(n));
    expect(await placement('A', '?region=BL')).toEqual([b, c, a]);
    expect(await placement('C', '?region=CM')).toEqual([a, c, b]);
    expect((await placement('B')).sort()).toEqual([a, b, c].sort());
    const bad = await fetch(`${cluster.url('A')}/api/cluster/placement?region=${encodeURIComponent('<script>')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('placement by the point’s record: Thới Bình, whose record says BL, is told B first by every node and connects there, naming no region', async () => {
    const [a, b, c] = (['A', 'B', 'C'] as const).map((n) => cluster.url(n));
    const token = tokens.points[THOI_BINH]!;
    // The organiser sets it once, through C (forwarded to A, the writer); every node reads it from the log.
    const admin = await MeetingClient.join(cluster.url('C'), tokens.admin);
    clients.push(admin);
    expect(await admin.do({ type: 'updatePoint', pointId: THOI_BINH, region: 'BL' })).toMatchObject({ ok: true });
    for (const node of ['A', 'B', 'C'] as const) {
      await until(async () => (await placement(node, '', token))[0] === b, 5_000, `${node} places Thới Bình on B`);
      expect(await placement(node, '', token)).toEqual([b, c, a]);
    }
    // The record wins over a link's ?region= (an old or mistyped one); other links are not affected.
    expect(await placement('A', '?region=CM', token)).toEqual([b, c, a]);
    expect(await placement('A', '?region=CM', tokens.points[NAM_CAN]!)).toEqual([a, c, b]);
    // A refused token is refused as on every route (the console then stays, and its handshake says why).
    const refused = await fetch(`${a}/api/cluster/placement`, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(refused.status).toBe(401);
    // The browser's connection module, from A's page, with no region anywhere: placed on B, and its
    // `nodes` notice (B's ranking for it, from the same record) starts with B.
    const replica = new MeetingReplica();
    const thoiBinh = new MeetingConnection({ token, replica, clock: new ServerClock(), url: cluster.url('A') });
    thoiBinh.start();
    clients.push({ close: () => thoiBinh.stop() });
    await until(() => caughtUp(thoiBinh) && thoiBinh.nodes.length === 3, 10_000, 'Thới Bình connected and told the nodes');
    expect(thoiBinh.node).toBe(b);
    expect(thoiBinh.nodes).toEqual([b, c, a]);
    expect(replica.state.points[THOI_BINH]?.region).toBe('BL');
    thoiBinh.stop();
  });

  it('a page of one node may open its socket on another (the registry’s nodes), a foreign page may not; the CSP lets the page reach them', async () => {
    const fromA = await MeetingClient.join(cluster.url('B'), tokens.observer, { extraHeaders: { Origin: cluster.url('A') } });
    fromA.close();
    expect(await refusedJoin(cluster.url('B'), tokens.observer, { extraHeaders: { Origin: 'http://127.0.0.9:3000' } })).toBe('ORIGIN_REFUSED');
    // Long polling from A's page to C needs CORS: C answers it for A's origin only.
    const preflight = (origin: string) => fetch(`${cluster.url('C')}/socket.io/?EIO=4&transport=polling`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' } });
    expect((await preflight(cluster.url('A'))).headers.get('access-control-allow-origin')).toBe(cluster.url('A'));
    expect((await preflight('http://127.0.0.9:3000')).headers.get('access-control-allow-origin')).toBeNull();
    const csp = (await fetch(`${cluster.url('A')}/`)).headers.get('content-security-policy') ?? '';
    const connectSrc = csp.split(';').find((d) => d.trim().startsWith('connect-src')) ?? '';
    for (const node of ['B', 'C'] as const) {
      const host = new URL(cluster.url(node)).host;
      expect(connectSrc).toContain(`http://${host}`);
      expect(connectSrc).toContain(`ws://${host}`);
    }
    expect(connectSrc).not.toContain('127.0.0.9');
  });

  it('SIGKILL of C: its points reconnect to A or B by themselves, catch up, are held by a live node and send commands again within 10 s, never recorded offline', async () => {
    const namCan = connect('C', tokens.points[NAM_CAN]!);
    const uMinh = connect('C', tokens.points[U_MINH]!);
    const points = [namCan, uMinh];
    await until(() => points.every((p) => caughtUp(p.connection) && p.connection.nodes.length === 3), 10_000, 'both points on C, told the three nodes');
    await until(() => online(chair, NAM_CAN) && online(chair, U_MINH), 5_000, 'both points online for the chair');
    expect(points.map((p) => p.connection.node)).toEqual([cluster.url('C'), cluster.url('C')]);
    // Something happens while they move: the chair's command lands in their catch-up.
    const killedAt = Date.now();
    await cluster.nodes.get('C')!.kill9();
    const deadC = cluster.url('C');
    cluster.nodes.delete('C');
    const during = await chair.do({ type: 'setConferenceStatus', status: 'inSession' });
    expect(during).toMatchObject({ ok: true });
    const duringSeq = (during as { seq: number }).seq;

    await until(() => points.every((p) => caughtUp(p.connection) && p.connection.node !== deadC), 10_000, 'both points connected again elsewhere', () =>
      points.map((p) => ({ node: p.connection.node, status: p.connection.status })),
    );
    timings['reconnectedAfterKill_ms'] = Date.now() - killedAt;
    const live = [cluster.url('A'), cluster.url('B')];
    for (const p of points) expect(live).toContain(p.connection.node);
    await until(() => points.every((p) => p.replica.seq >= duringSeq), 5_000, 'the points caught up the event sent while they moved');
    expect(points.every((p) => p.replica.state.conference?.status === 'inSession')).toBe(true);
    timings['caughtUpAfterKill_ms'] = Date.now() - killedAt;

    await until(async () => (await holders(NAM_CAN)).some((u) => live.includes(u)) && (await holders(U_MINH)).some((u) => live.includes(u)), 10_000, 'a live node holds each point');
    timings['heldByLiveNodeAfterKill_ms'] = Date.now() - killedAt;

    const ack = await namCan.connection.send({ type: 'reportReadiness', pointId: NAM_CAN, headcount: 9 });
    expect(ack).toMatchObject({ ok: true });
    timings['commandAckedAfterKill_ms'] = Date.now() - killedAt;
    expect(timings['commandAckedAfterKill_ms']).toBeLessThan(10_000);

    // Past the dead-node bound (5 s heartbeat + 1 s tick + 5 s grace): they never went offline.
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 13_000 - Date.now())));
    const probe = await chair.do({ type: 'reportReadiness', pointId: U_MINH, headcount: 4 });
    await chair.untilSeq((probe as { seq: number }).seq);
    for (const pointId of [NAM_CAN, U_MINH]) {
      expect(online(chair, pointId)).toBe(true);
      expect(presenceEvents(chair, pointId, 'pointWentOffline')).toBe(0);
    }
    // The dead node is gone from the list the points are told.
    await until(() => points.every((p) => p.connection.nodes.length === 2 && !p.connection.nodes.includes(deadC)), 5_000, 'C gone from the points’ lists');
  }, 90_000);

  it('B freezes (SIGSTOP: a silent machine, no TCP reset): the console on B hears nothing for 6 s, moves to A by itself and catches up', async () => {
    const central = connect('B', tokens.points[CENTRAL]!);
    await until(() => caughtUp(central.connection) && central.connection.nodes.length === 2, 10_000, 'the central point on B, told the two live nodes');
    expect(central.connection.node).toBe(cluster.url('B'));
    const b = cluster.nodes.get('B')!;
    const frozenAt = Date.now();
    process.kill(-b.child.pid!, 'SIGSTOP');
    try {
      const during = await chair.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 7 });
      expect(during).toMatchObject({ ok: true });
      // the watchdog's 6 s (client/net/silentNode.ts), its 0.5 s look, and a reconnect and catch-up
      await until(() => caughtUp(central.connection) && central.connection.node === cluster.url('A'), 10_000, 'the central point moved to A', () => ({
        node: central.connection.node,
        status: central.connection.status,
      }));
      timings['movedOffFrozenNode_ms'] = Date.now() - frozenAt;
      await until(() => central.replica.seq >= (during as { seq: number }).seq, 5_000, 'the event sent while it moved, caught up');
      // Not before the watchdog's bound: a node that is slow (or briefly stopped) keeps its consoles that long.
      expect(timings['movedOffFrozenNode_ms']).toBeGreaterThanOrEqual(SILENT_NODE_MS);
      expect(await central.connection.send({ type: 'reportReadiness', pointId: CENTRAL, headcount: 12 })).toMatchObject({ ok: true });
    } finally {
      // SIGKILL ends a stopped process too; SIGTERM would wait for a SIGCONT.
      await b.kill9();
      cluster.nodes.delete('B');
    }
  }, 60_000);
});
