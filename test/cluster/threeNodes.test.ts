import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { floorHolderPointIds, queueInOrder } from '../../shared/meeting/selectors-floor.js';
import type { Command, MeetingEvent } from '../../shared/protocol/index.js';
import type { Ack, StoredMeetingEvent } from '../../shared/protocol/socket.js';
import type { Api } from '../integration/support/api.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import { eventsShownTo, MeetingClient, viewOf, withoutCounters } from '../integration/support/meetingClient.js';
import { readWholeLog } from '../integration/support/log.js';
import { startCluster, until as waitUntil, type NodeName, type TestCluster } from './support/cluster.js';

// Three hoinghi nodes as separate processes (server/main.ts, as an operator runs it), each on its
// own loopback address (127.0.0.2, .3, .4), on one PostgreSQL and one Redis that the test starts.
// Clients connect to different nodes. The conference is created through node B, so B writes it
// (holds its lease); the chair is on A, points on B and C. Then: commands from every node land
// in one ordered log; the chair on A gives the floor to the point on C and every client sees it;
// B is SIGKILLed mid-meeting and another node writes the conference within 10 s with no
// acknowledged command lost or invented; Redis, then PostgreSQL, are restarted mid-meeting.
// The tests of this file run in order and share the cluster.

let cluster: TestCluster;
let tokens: ConferenceTokens;

/** Polls `check` (which may ask the database or a node) every 50 ms until it holds; a timeout reports the answers so far. */
const until = (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => waitUntil(check, timeoutMs, what, answers);

/** How commands were answered, by phase, node and code: what a timeout reports. */
function answers(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sent) {
    const key = `${s.phase}/${s.node}/${s.ack === undefined ? 'unanswered' : s.ack.ok ? 'ok' : s.ack.code}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** Every command a test client sent, and how it was answered. */
interface Sent {
  readonly key: string;
  readonly node: NodeName;
  readonly sentAt: number;
  readonly phase: string;
  ack?: Ack;
  answeredAt?: number;
}
const sent: Sent[] = [];
let phase = 'setup';

const url = (node: NodeName): string => cluster.url(node);
const api = (node: NodeName): Api => cluster.api(node);
/** Who writes the conference now, by the lease and the node registry (null while nobody does). */
const ownerUrl = (): Promise<string | null> => cluster.ownerUrl(CONF);

beforeAll(async () => {
  cluster = await startCluster();
  // A first (it creates the server-admin link in the shared meta), then B and C together.
  await cluster.startNode('A');
  await Promise.all([cluster.startNode('B'), cluster.startNode('C')]);
  tokens = await setUpConference({ url: url('B'), serverAdminToken: cluster.nodes.get('B')!.serverAdminToken });
}, 180_000);

afterAll(async () => {
  await cluster?.dispose();
});

/** The operators' traffic of the running test: stopped after it even when it failed, so it does not run into the next test. */
const traffics: { stop: () => void; done: Promise<unknown> }[] = [];
afterEach(async () => {
  for (const t of traffics) t.stop();
  await Promise.all(traffics.splice(0).map((t) => t.done));
});

/** A client that records what it sent; the key names the event its command makes. */
async function send(client: MeetingClient, node: NodeName, command: Command): Promise<Ack> {
  const key = keyOfCommand(command);
  const entry: Sent = { key, node, sentAt: Date.now(), phase };
  sent.push(entry);
  const ack = await client.send(command).catch(() => undefined);
  if (ack) {
    entry.ack = ack;
    entry.answeredAt = Date.now();
  }
  return ack ?? { ok: false, code: 'NO_ANSWER', message: 'the socket closed before the ack' };
}

function keyOfCommand(command: Command): string {
  if (command.type === 'requestFloor') return `floorRequested:${command.id}`;
  if (command.type === 'withdrawRequest') return `requestWithdrawn:${command.requestId}`;
  return `${command.type}:${Date.now()}:${Math.random()}`;
}

function keyOfEvent(event: MeetingEvent): string | undefined {
  if (event.type === 'floorRequested' || event.type === 'requestWithdrawn') return `${event.type}:${event.requestId}`;
  return undefined;
}

/**
 * A point's operator raising and withdrawing requests until told to stop: `burst` pairs sent at
 * once (request, withdrawal, request, …: 2 × burst commands in flight), then the next burst. Only
 * one waiting request per point is allowed, so a request overtaking the withdrawal before it is
 * refused (DUPLICATE_REQUEST): the order of a caller's commands through forwarding shows in the acks.
 */
function operate(get: () => MeetingClient, node: () => NodeName, pointId: string, stop: () => boolean, burst = 1): Promise<void> {
  return (async () => {
    let confirmed = true;
    for (let n = 0; !stop(); n++) {
      const client = get();
      if (client.socket.connected) {
        // A request whose ack was lost (not confirmed) may be open: withdraw it first, as an operator would.
        if (!confirmed) for (const open of queueInOrder(client.state).filter((r) => r.pointId === pointId)) await send(client, node(), { type: 'withdrawRequest', requestId: open.id });
        const acks = await Promise.all(
          Array.from({ length: burst }, (_, k) => `r-${pointId}-${phase}-${n}${burst > 1 ? `-${k}` : ''}`).flatMap((id) => [
            send(client, node(), { type: 'requestFloor', id, pointId, topic: `Ý kiến ${id}`, kind: 'contribution' }),
            send(client, node(), { type: 'withdrawRequest', requestId: id }),
          ]),
        );
        confirmed = acks.every((ack) => ack.ok);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
}

/**
 * The whole log through a node's HTTP API: read from PostgreSQL, up to the head the node's room
 * holds. A node that does not write follows the writer (a Redis notice, else its next tick), so
 * it is first waited for until it holds every acknowledged command: right after Redis came back,
 * C was once read before it had caught up, and acknowledged seq 326 was past its head.
 */
async function readLog(node: NodeName): Promise<StoredMeetingEvent[]> {
  const acknowledged = Math.max(0, ...sent.map((s) => (s.ack?.ok === true ? s.ack.seq : 0)));
  await until(async () => (await api(node).get<{ seq: number }>(`/api/conferences/${CONF}/state`)).body.seq >= acknowledged, 10_000, `${node} holding seq ${acknowledged}`);
  return readWholeLog(api(node), CONF);
}

/**
 * The log against what clients sent: seqs 1..n without a gap; every acknowledged command's event
 * at the seq its ack named; every request event comes from a command a client sent, once; and a
 * command refused with "nothing was changed" (NO_OWNER) is not there.
 */
function checkLog(events: StoredMeetingEvent[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const bySeq = new Map(events.map((e) => [e.seq, e.event]));
  for (const s of sent) {
    if (s.ack?.ok !== true || !s.key.includes(':r-')) continue;
    const event = bySeq.get(s.ack.seq);
    expect(event && keyOfEvent(event), `acknowledged ${s.key} at seq ${s.ack.seq}`).toBe(s.key);
  }
  const sentKeys = new Set(sent.map((s) => s.key));
  // A withdrawal refused with NO_OWNER is sent again with the same key by the operator's clean-up
  // (the request stayed open): only a key every send of which was refused so must be absent.
  const unchanged = new Set(sent.filter((s) => s.ack?.ok === false && s.ack.code === 'NO_OWNER').map((s) => s.key));
  for (const s of sent) if (s.ack?.ok !== false || s.ack.code !== 'NO_OWNER') unchanged.delete(s.key);
  const seen = new Set<string>();
  for (const { event } of events) {
    const key = keyOfEvent(event);
    if (key === undefined) continue;
    expect(sentKeys.has(key), `an event no client asked for: ${key}`).toBe(true);
    expect(unchanged.has(key), `refused with NO_OWNER yet in the log: ${key}`).toBe(false);
    expect(seen.has(key), `twice: ${key}`).toBe(false);
    seen.add(key);
  }
}

/**
 * Every client at the log's head with no gap, no duplicate and no reset, holding exactly what its
 * role may read of the log and of the state (R-READ: a point is shown its own attendees only; the
 * chair reads everything), whichever node it is connected to.
 */
async function expectSameState(clients: MeetingClient[], node: NodeName): Promise<void> {
  const nodeApi = api(node);
  await until(async () => {
    const served = await nodeApi.get<{ seq: number }>(`/api/conferences/${CONF}/state`);
    return clients.every((c) => c.seq >= served.body.seq);
  }, 15_000, 'clients at the head');
  const latest = await nodeApi.get<{ seq: number; state: MeetingState }>(`/api/conferences/${CONF}/state`);
  const log = await readLog(node);
  for (const c of clients) {
    await c.untilSeq(latest.body.seq, 15_000);
    expect(c.violations).toEqual([]);
    expect(c.resets).toBe(0);
    expect(c.log).toEqual(eventsShownTo(c, latest.body.state, log.slice(0, c.seq)));
    if (c.seq === latest.body.seq) expect(withoutCounters(c.state)).toEqual(viewOf(c, latest.body.state));
  }
  expect(chair.log.map((e) => e.seq)).toEqual(Array.from({ length: chair.seq }, (_, i) => i + 1));
  if (chair.seq === latest.body.seq) expect(chair.state).toEqual(latest.body.state);
}

let chair: MeetingClient; // on A
let onA: MeetingClient; // U Minh on A
let onB: MeetingClient; // Thới Bình on B (the owner, killed below)
let onC: MeetingClient; // Năm Căn on C
let onBNode: NodeName = 'B';
/** request/withdrawal pairs the points on A and C send at once (16 commands in flight, forwarded to B in batches) */
const BURST = 8;

describe('three nodes, one PostgreSQL, one Redis', () => {
  it('B, where the conference was created, writes it; the nodes are in the registry', async () => {
    expect(await ownerUrl()).toBe(url('B'));
    const { rows } = await cluster.db.query<{ url: string; workers: number }>('SELECT url, workers FROM cluster_nodes ORDER BY url');
    expect(rows.map((r) => r.url).sort()).toEqual([url('A'), url('B'), url('C')].sort());
    for (const r of rows) expect(r.workers).toBe(1);
  });

  it('a conference created through C is read through A at once, before A has loaded it by its tick', async () => {
    const created = await api('C').post('/api/conferences', {
      id: 'hn-cluster-second',
      title: 'Hội nghị giao ban trực tuyến',
      date: '2021-01-05',
      organiser: 'Ủy ban nhân dân tỉnh Cà Mau',
      venue: 'Hội trường UBND tỉnh',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // At once: A's tick loads new conferences only once a second (it answered UNKNOWN_CONFERENCE before).
    const read = await api('A').get<{ seq: number }>('/api/conferences/hn-cluster-second/state');
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.seq).toBeGreaterThan(0);
  });

  it('commands sent to any node land in one ordered log that every client on every node follows; 16 in flight from one caller keep their order', async () => {
    phase = 'ordered';
    chair = await MeetingClient.join(url('A'), tokens.chair);
    for (const status of ['rollCall', 'inSession'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
    onA = await MeetingClient.join(url('A'), tokens.points[U_MINH]!);
    onB = await MeetingClient.join(url('B'), tokens.points[THOI_BINH]!);
    onC = await MeetingClient.join(url('C'), tokens.points[NAM_CAN]!);
    let stop = false;
    const traffic = Promise.all([
      operate(() => onA, () => 'A', U_MINH, () => stop, BURST),
      operate(() => onB, () => 'B', THOI_BINH, () => stop),
      operate(() => onC, () => 'C', NAM_CAN, () => stop, BURST),
    ]);
    traffics.push({ stop: () => { stop = true; }, done: traffic });
    await until(() => ['A', 'B', 'C'].every((n) => sent.filter((s) => s.node === n && s.ack?.ok).length >= 20), 60_000, '20 acks from each node');
    stop = true;
    await traffic;
    const mine = sent.filter((s) => s.phase === 'ordered');
    for (const s of mine) expect(s.ack, s.key).toMatchObject({ ok: true });
    // One order: the acks' seqs are all different, whichever node took the command.
    const seqs = mine.map((s) => (s.ack as { seq: number }).seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    const events = await readLog('C');
    checkLog(events);
    await expectSameState([chair, onA, onB, onC], 'A');
    // A's commands reached B in batches, not one round trip each (/metrics, the node's aggregates)
    const metrics = await (await fetch(`${url('A')}/metrics`)).text();
    const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
    const perBatch = counter('hoinghi_forwarded_commands_total') / counter('hoinghi_forwarded_batches_total');
    process.stdout.write(`${JSON.stringify({ forwardedFromA: { batches: counter('hoinghi_forwarded_batches_total'), commandsPerBatch: Math.round(perBatch * 10) / 10 } })}\n`);
    expect(perBatch).toBeGreaterThan(2);
  }, 120_000);

  it('the chair on node A gives the floor to the point on node C, and every client on every node sees it', async () => {
    phase = 'floor';
    const request = 'r-nam-can-floor';
    expect(await send(onC, 'C', { type: 'requestFloor', id: request, pointId: NAM_CAN, topic: 'Báo cáo tình hình sạt lở', kind: 'contribution' })).toMatchObject({ ok: true });
    const granted = await send(chair, 'A', { type: 'grantFloor', requestId: request });
    expect(granted).toMatchObject({ ok: true });
    const seq = (granted as { seq: number }).seq;
    for (const c of [chair, onA, onB, onC]) {
      await c.untilSeq(seq);
      expect(floorHolderPointIds(c.state)).toEqual([NAM_CAN]);
    }
  }, 60_000);

  it('SIGKILL of the owner node mid-meeting, batches of forwarded commands on their way: another node writes the conference within 10 s; no acknowledged command lost or invented', async () => {
    phase = 'failover';
    let stop = false;
    const traffic = Promise.all([
      operate(() => onA, () => 'A', U_MINH, () => stop, BURST),
      operate(() => onB, () => onBNode, THOI_BINH, () => stop),
      operate(() => onC, () => 'C', NAM_CAN, () => stop, BURST),
    ]);
    traffics.push({ stop: () => { stop = true; }, done: traffic });
    await until(() => sent.filter((s) => s.phase === 'failover' && s.ack?.ok).length >= 30, 30_000, 'traffic before the kill');
    const ownerBefore = await ownerUrl();
    expect(ownerBefore).toBe(url('B'));
    // A copy taken at one instant: the old socket keeps receiving B's last broadcasts while the kill
    // is awaited, and pushing them into its own log must not move this snapshot past its seq.
    const fromB = { seq: onB.seq, state: onB.state, log: [...onB.log] };
    const killedAt = Date.now();
    await cluster.nodes.get('B')!.kill9();
    // The client of the dead node finds another node, as a browser behind a load balancer does,
    // and catches up from its last seq.
    onB.close();
    onBNode = 'C';
    onB = await MeetingClient.join(url('C'), tokens.points[THOI_BINH]!, { from: fromB });
    let owner: string | null = null;
    await until(async () => {
      owner = await ownerUrl();
      return owner !== null && owner !== ownerBefore;
    }, 10_000, 'another node writes the conference');
    const takeoverMs = Date.now() - killedAt;
    await until(() => sent.some((s) => s.phase === 'failover' && s.ack?.ok && s.sentAt > killedAt), 10_000, 'a command acknowledged after the kill');
    const firstAckAfterKill = Math.min(...sent.filter((s) => s.phase === 'failover' && s.ack?.ok && s.sentAt > killedAt).map((s) => s.answeredAt!));
    const resumedMs = firstAckAfterKill - killedAt;
    await until(() => sent.filter((s) => s.phase === 'failover' && s.ack?.ok && s.sentAt > killedAt).length >= 20, 30_000, 'traffic after the takeover');
    stop = true;
    await traffic;
    process.stdout.write(`${JSON.stringify({ failover: { takeoverMs, firstAckAfterKillMs: resumedMs, newOwner: owner } })}\n`);
    expect([url('A'), url('C')]).toContain(owner);
    expect(takeoverMs).toBeLessThan(10_000);
    // Refusals during the takeover say what happened; a NOT_OWNER never reaches a client.
    for (const s of sent.filter((x) => x.phase === 'failover' && x.ack?.ok === false)) {
      expect(['OWNER_UNREACHABLE', 'NO_OWNER', 'UNKNOWN_REQUEST', 'DUPLICATE_REQUEST', 'REQUEST_NOT_WAITING']).toContain((s.ack as { code: string }).code);
    }
    cluster.nodes.delete('B');
    checkLog(await readLog('A'));
    await expectSameState([chair, onA, onB, onC], 'A');
  }, 120_000);

  it('Redis restarted mid-meeting: commands go on, every client follows the log with no gap', async () => {
    phase = 'redis';
    let stop = false;
    const traffic = Promise.all([operate(() => onA, () => 'A', U_MINH, () => stop), operate(() => onC, () => 'C', NAM_CAN, () => stop)]);
    traffics.push({ stop: () => { stop = true; }, done: traffic });
    await until(() => sent.filter((s) => s.phase === 'redis' && s.ack?.ok).length >= 10, 30_000, 'traffic before Redis stops');
    await cluster.redis.stop();
    const stoppedAt = Date.now();
    const readyA = await fetch(`${url('A')}/readyz`);
    expect(readyA.status).toBe(503);
    expect(((await readyA.json()) as { checks: { redis: boolean } }).checks.redis).toBe(false);
    await until(() => sent.filter((s) => s.phase === 'redis' && s.ack?.ok && s.sentAt > stoppedAt).length >= 10, 30_000, 'commands acknowledged while Redis is down');
    await cluster.redis.start();
    await until(async () => (await fetch(`${url('A')}/readyz`)).status === 200, 20_000, 'A ready again');
    stop = true;
    await traffic;
    for (const s of sent.filter((x) => x.phase === 'redis')) expect(s.ack?.ok === true || ['UNKNOWN_REQUEST', 'DUPLICATE_REQUEST', 'REQUEST_NOT_WAITING'].includes((s.ack as { code?: string } | undefined)?.code ?? ''), s.key).toBe(true);
    checkLog(await readLog('C'));
    await expectSameState([chair, onA, onB, onC], 'C');
  }, 120_000);

  it('PostgreSQL restarted mid-meeting: commands refused with LOG_UNAVAILABLE while it is down, none acknowledged and lost; all resumes without restarting hoinghi', async () => {
    phase = 'postgres';
    let stop = false;
    const traffic = Promise.all([operate(() => onA, () => 'A', U_MINH, () => stop), operate(() => onC, () => 'C', NAM_CAN, () => stop)]);
    traffics.push({ stop: () => { stop = true; }, done: traffic });
    await until(() => sent.filter((s) => s.phase === 'postgres' && s.ack?.ok).length >= 10, 30_000, 'traffic before PostgreSQL stops');
    await cluster.postgres.stop();
    const stoppedAt = Date.now();
    await until(() => sent.filter((s) => s.sentAt > stoppedAt && s.ack?.ok === false).length >= 10, 30_000, 'refusals while PostgreSQL is down');
    // Down for longer than a lease: the owner must stop writing, and a node must take it again after.
    await new Promise((r) => setTimeout(r, 6_000));
    const restartAt = Date.now();
    // Sent and answered while it was down (a command sent just before the start may be acknowledged after it: then it is in the log).
    const whileDown = sent.filter((s) => s.sentAt > stoppedAt && s.answeredAt !== undefined && s.answeredAt < restartAt);
    await cluster.postgres.start();
    await until(() => sent.filter((s) => s.phase === 'postgres' && s.ack?.ok && s.sentAt > restartAt).length >= 10, 30_000, 'commands acknowledged again');
    const resumedMs = Math.min(...sent.filter((s) => s.phase === 'postgres' && s.ack?.ok && s.sentAt > restartAt).map((s) => s.answeredAt!)) - restartAt;
    stop = true;
    await traffic;
    process.stdout.write(`${JSON.stringify({ postgresRestart: { firstAckAfterStartMs: resumedMs, refusedWhileDown: whileDown.length } })}\n`);
    expect(whileDown.length).toBeGreaterThan(0);
    for (const s of whileDown) expect(s.ack, s.key).toMatchObject({ ok: false, code: 'LOG_UNAVAILABLE' });
    checkLog(await readLog('A'));
    await expectSameState([chair, onA, onB, onC], 'A');
    for (const c of [chair, onA, onB, onC]) c.close();
  }, 120_000);
});
