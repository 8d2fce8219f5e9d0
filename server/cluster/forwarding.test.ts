import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, CENTRAL, pointOp, THOI_BINH } from '../../shared/meeting/testkit.js';
import { EventSchema, type Command, type MeetingEvent } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import { CommandService, type Caller } from '../commands/commandService.js';
import { createLogger } from '../log/logger.js';
import { meetingCore, type MeetingRooms } from '../rooms/meetingCore.js';
import { RoomRegistry } from '../rooms/roomRegistry.js';
import type { AppendResult } from '../store/EventStore.js';
import { MemoryEventStore } from '../store/memoryEventStore.js';
import { FORWARD_PATH, forwardRoute, MAX_FORWARD_BATCH } from './forwardRoute.js';
import { createForwarder } from './forwarding.js';
import { nodeKey, sign, SIGNATURE_HEADER } from './nodeSigning.js';

// Forwarding between nodes with the real command services, rooms and core of three "nodes" in
// this process, on one log (the memory store stands for the cluster's PostgreSQL), over real HTTP:
// A follows the conference and forwards its callers' commands; B writes it (its signed route);
// C follows it and takes it over when the test moves the lease. What is checked: a caller's
// commands in flight reach the log in the order sent, in batches (fewer round trips than
// commands); refusals inside a batch keep their codes; a bad batch is refused whole with a code
// and nothing of it applied; a lease moving mid-stream loses nothing and applies nothing twice.
// The processes, PostgreSQL and its leases are in test/cluster/ (threeNodes, failover).

const CONF = 'c-ca-mau';
const key = nodeKey(randomBytes(32));
const logger = createLogger('silent');
const headline = (n: number) => `Hội nghị giao ban trực tuyến, lần ${n}`;
const retitle = (n: number): Command => ({ type: 'updateConference', title: headline(n) });

/** The log, where an append can be held at the door (a commit taking its time) while the test acts. */
class HoldableStore extends MemoryEventStore<MeetingEvent> {
  #held: { entered: () => void; open: Promise<void> } | undefined;
  /** the next append waits for `release`; resolves once an append is waiting */
  hold(): { waiting: Promise<void>; release: () => void } {
    let entered!: () => void;
    let release!: () => void;
    const waiting = new Promise<void>((resolve) => (entered = resolve));
    this.#held = { entered, open: new Promise<void>((resolve) => (release = resolve)) };
    return { waiting, release };
  }

  override async append(conferenceId: string, expectedSeq: number, events: readonly MeetingEvent[]): Promise<AppendResult> {
    const held = this.#held;
    this.#held = undefined;
    if (held) {
      held.entered();
      await held.open;
    }
    return super.append(conferenceId, expectedSeq, events);
  }
}

interface TestNode {
  readonly rooms: MeetingRooms;
  readonly commands: CommandService;
  url: string;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A node that writes (followers false) or follows the log, with the owner's route on a free port. */
async function startNode(store: HoldableStore, followers: boolean, forward?: (node: TestNode) => CommandService['submit'], routeKey = key): Promise<TestNode> {
  const rooms: MeetingRooms = new RoomRegistry({ store, core: meetingCore, logger, followers });
  await rooms.loadAll();
  const node: TestNode = { rooms, url: '', commands: undefined as unknown as CommandService };
  (node as { commands: CommandService }).commands = new CommandService({ rooms, logger, maxInFlight: 64, ...(forward ? { forward: forward(node) } : {}) });
  const app = express();
  app.use(forwardRoute({ key: routeKey, logger, submitHere: (id, command, caller) => node.commands.submitHere(id, command, caller) }));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  node.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return node;
}

/** B writes the conference (created there), A forwards to whoever `owner` names, C follows. */
async function threeNodes(options: { waitForOwnerMs?: number } = {}) {
  const store = new HoldableStore({ eventSchema: EventSchema });
  const b = await startNode(store, false);
  const adminCaller: Caller = { principal: admin, source: 'http', flowKey: 'link:admin' };
  expect(await b.commands.createConference({ id: CONF, title: headline(0), date: '2021-01-04', organiser: 'UBND tỉnh Cà Mau', venue: 'Hội trường UBND tỉnh' }, adminCaller)).toMatchObject({ ok: true });
  for (const [id, name, kind] of [[CENTRAL, 'Trung tâm', 'central'], [THOI_BINH, 'Thới Bình', 'district']] as const) {
    expect(await b.commands.submit(CONF, { type: 'addPoint', id, name, kind }, adminCaller)).toMatchObject({ ok: true });
  }
  const c = await startNode(store, true);
  const batches: number[] = [];
  const route = { owner: b.url as string | null };
  const a = await startNode(store, true, (self) =>
    createForwarder({
      key,
      logger,
      ownerUrl: async () => route.owner,
      selfUrl: () => self.url,
      runHere: (id, command, caller) => self.commands.submitToRoomHere(id, command, caller),
      onBatch: (n) => batches.push(n),
      ...(options.waitForOwnerMs !== undefined ? { waitForOwnerMs: options.waitForOwnerMs } : {}),
    }),
  );
  const room = (node: TestNode) => node.rooms.get(CONF)!;
  const titles = async () => (await store.read(CONF, 0)).flatMap(({ event }) => (event.type === 'conferenceUpdated' && event.title !== undefined ? [event.title] : []));
  return { store, a, b, c, route, batches, room, titles, adminCaller };
}

/** A signed POST of a body to a node's route, as another node sends it. */
async function postBatch(url: string, body: string, signature: string | null = sign(key, Date.now(), body)): Promise<{ status: number; json: { code?: string; results?: Ack[] } }> {
  const res = await fetch(`${url}${FORWARD_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature !== null ? { [SIGNATURE_HEADER]: signature } : {}) }, body });
  return { status: res.status, json: (await res.json()) as { code?: string; results?: Ack[] } };
}

const batchOf = (commands: { command: Command; principal?: Caller['principal']; standby?: boolean }[], batchId = randomBytes(8).toString('hex')) =>
  JSON.stringify({ batchId, conferenceId: CONF, commands: commands.map(({ command, principal = admin, standby = false }) => ({ command, principal, source: 'socket', flowKey: 's-1', standby })) });

describe('forwarding commands to the node that writes the conference', () => {
  it('keeps a caller’s 50 commands in flight in the order sent, in fewer round trips than commands', async () => {
    const { a, b, batches, titles } = await threeNodes();
    const caller: Caller = { principal: admin, source: 'socket', flowKey: 'socket-clerk' };
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => a.commands.submit(CONF, retitle(i + 1), caller)));
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const seqs = acks.map((ack) => (ack as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(50);
    expect(await titles()).toEqual(Array.from({ length: 50 }, (_, i) => headline(i + 1)));
    expect(b.rooms.get(CONF)!.state.conference?.title).toBe(headline(50));
    // the first went alone, the rest queued behind it: a handful of round trips, not 50
    expect(batches.reduce((x, y) => x + y, 0)).toBe(50);
    expect(batches.length).toBeLessThanOrEqual(5);
    expect(a.commands.callersInFlight).toBe(0);
  });

  it('answers each command of a batch on its own: refusals keep their codes, the others are applied in order', async () => {
    const { b, room, titles } = await threeNodes();
    const before = room(b).seq;
    const reply = await postBatch(
      b.url,
      batchOf([
        { command: retitle(1) },
        { command: retitle(1) }, // the title it has now
        { command: { type: 'pointOnline', pointId: THOI_BINH }, principal: pointOp(THOI_BINH) }, // only the server says so
        { command: retitle(2), principal: pointOp(THOI_BINH) }, // a point does not edit the conference
        { command: retitle(3), standby: true },
        { command: retitle(4) },
      ]),
    );
    expect(reply.status).toBe(200);
    expect(reply.json.results!.map((ack) => (ack.ok ? 'ok' : ack.code))).toEqual(['ok', 'NO_CHANGE', 'SYSTEM_ONLY', 'FORBIDDEN', 'STANDBY', 'ok']);
    expect(reply.json.results![5]).toEqual({ ok: true, seq: before + 2 });
    expect(await titles()).toEqual([headline(1), headline(4)]);
  });

  it('refuses a bad batch whole, with a code, and applies nothing of it', async () => {
    const { b, room } = await threeNodes();
    const seq = room(b).seq;
    const good = batchOf([{ command: retitle(7) }]);
    const signature = sign(key, Date.now(), good);
    expect((await postBatch(b.url, good, signature)).status).toBe(200);
    const after = room(b).seq;
    expect(after).toBe(seq + 1);
    const refused = async (body: string, signature: string | null) => {
      const reply = await postBatch(b.url, body, signature);
      return `${reply.status} ${reply.json.code}`;
    };
    expect(await refused(good, signature)).toBe('409 REPLAYED');
    const next = batchOf([{ command: retitle(8) }]);
    expect(await refused(next, null)).toBe('403 FORBIDDEN');
    expect(await refused(next, sign(nodeKey(randomBytes(32)), Date.now(), next))).toBe('403 FORBIDDEN');
    expect(await refused(next, sign(key, Date.now() - 60_000, next))).toBe('403 FORBIDDEN');
    expect(await refused(next, sign(key, Date.now(), good))).toBe('403 FORBIDDEN');
    const signed = (body: string) => refused(body, sign(key, Date.now(), body));
    expect(await signed('{"batchId":')).toBe('400 MALFORMED');
    // one bad command among good ones: none of them
    expect(await signed(batchOf([{ command: retitle(9) }, { command: { type: 'updateConference', title: 42 } as unknown as Command }, { command: retitle(10) }]))).toBe('400 INVALID_COMMAND');
    expect(await signed(batchOf([]))).toBe('400 INVALID_COMMAND');
    expect(await signed(batchOf(Array.from({ length: MAX_FORWARD_BATCH + 1 }, (_, i) => ({ command: retitle(100 + i) }))))).toBe('400 INVALID_COMMAND');
    expect(await signed(batchOf([{ command: retitle(11) }], 'not-hex'))).toBe('400 INVALID_COMMAND');
    expect(await signed(JSON.stringify({ ...JSON.parse(batchOf([{ command: retitle(12) }])), extra: 1 }))).toBe('400 INVALID_COMMAND');
    expect(await signed(batchOf([{ command: retitle(13), principal: { role: 'point' } as Caller['principal'] }]))).toBe('400 INVALID_COMMAND');
    expect(await signed(batchOf([{ command: { type: 'updateConference', title: 'x'.repeat(200), venue: 'v'.repeat(700 * 1024) } as Command }]))).toBe('413 TOO_LARGE');
    expect(room(b).seq).toBe(after);
  });

  it('a lease moving mid-stream: what the old owner committed is acked, the rest goes to the new owner in order, none twice, none lost', async () => {
    const { store, a, b, c, route, batches, room, titles } = await threeNodes({ waitForOwnerMs: 20_000 });
    const caller: Caller = { principal: admin, source: 'socket', flowKey: 'socket-clerk' };
    const held = store.hold();
    const acks = Array.from({ length: 20 }, (_, i) => a.commands.submit(CONF, retitle(i + 1), caller));
    await held.waiting; // the first batch is committing on B
    room(b).demote(); // B's lease is lost (its renewal failed); the commit under way completes
    held.release();
    // the next batch reaches B, which refuses it whole with NOT_OWNER; A tries again
    await until(() => batches.length >= 2);
    route.owner = c.url; // C took the lease; until its room is promoted it answers NOT_OWNER too
    await until(() => batches.length >= 3);
    await room(c).promote();
    const answered = await Promise.all(acks);
    expect(answered.map((ack) => (ack.ok ? 'ok' : ack.code))).toEqual(Array(20).fill('ok'));
    expect(await titles()).toEqual(Array.from({ length: 20 }, (_, i) => headline(i + 1)));
    expect(room(c).state.conference?.title).toBe(headline(20));
  });

  it('the lease moving to the forwarding node itself: its queued commands run there, and later ones wait behind them', async () => {
    const { store, a, b, route, batches, room, titles } = await threeNodes({ waitForOwnerMs: 20_000 });
    const caller: Caller = { principal: admin, source: 'socket', flowKey: 'socket-clerk' };
    const held = store.hold();
    const early = Array.from({ length: 10 }, (_, i) => a.commands.submit(CONF, retitle(i + 1), caller));
    await held.waiting;
    room(b).demote();
    held.release();
    await until(() => batches.length >= 2); // B refused the other nine with NOT_OWNER
    route.owner = a.url;
    await room(a).promote();
    // A writes now: these go to its own room, but not before the nine still in its forwarder's queue
    const late = Array.from({ length: 10 }, (_, i) => a.commands.submit(CONF, retitle(i + 11), caller));
    const answered = await Promise.all([...early, ...late]);
    expect(answered.map((ack) => (ack.ok ? 'ok' : ack.code))).toEqual(Array(20).fill('ok'));
    expect(await titles()).toEqual(Array.from({ length: 20 }, (_, i) => headline(i + 1)));
  });

  it('when no node takes the conference in time: NO_OWNER; an owner refusing the batch: UNAVAILABLE; nothing was changed', async () => {
    const { store, a, b, route, room } = await threeNodes({ waitForOwnerMs: 600 });
    const seq = room(b).seq;
    route.owner = null;
    const caller: Caller = { principal: admin, source: 'socket', flowKey: 'socket-clerk' };
    const nobody = await Promise.all([1, 2, 3].map((n) => a.commands.submit(CONF, retitle(n), caller)));
    expect(nobody.map((ack) => (ack.ok ? 'ok' : ack.code))).toEqual(['NO_OWNER', 'NO_OWNER', 'NO_OWNER']);
    // an owner's address where nothing listens any more (its process is gone): never sent, so NO_OWNER too
    const gone = express().listen(0, '127.0.0.1');
    await new Promise((resolve) => gone.once('listening', resolve));
    route.owner = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await new Promise((resolve) => gone.close(resolve));
    expect(await a.commands.submit(CONF, retitle(4), caller)).toMatchObject({ ok: false, code: 'NO_OWNER' });
    // an owner that refuses the batch whole (here: it signs with another secret): UNAVAILABLE, with its code
    const stranger = await startNode(store, false, undefined, nodeKey(randomBytes(32)));
    route.owner = stranger.url;
    const refused = await a.commands.submit(CONF, retitle(5), caller);
    expect(refused).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
    expect((refused as { message: string }).message).toContain('FORBIDDEN');
    expect(room(b).seq).toBe(seq);
    expect(await store.lastSeq(CONF)).toBe(seq);
  });

  it('an owner that stops answering mid-batch: that batch is OWNER_UNREACHABLE (not confirmed) and never sent again', async () => {
    const { store, a, b, room, titles } = await threeNodes();
    const caller: Caller = { principal: admin, source: 'socket', flowKey: 'socket-clerk' };
    const held = store.hold();
    const first = a.commands.submit(CONF, retitle(1), caller);
    await held.waiting;
    // B's connections are cut while it commits (as a node dying mid-batch): A cannot know whether it did
    for (const s of servers) s.closeAllConnections();
    expect(await first).toMatchObject({ ok: false, code: 'OWNER_UNREACHABLE' });
    held.release();
    await until(() => room(b).seq > 3);
    expect(await titles()).toEqual([headline(1)]);
    // the caller's next command goes on (to B again, on a new connection), and the first is not sent twice
    expect(await a.commands.submit(CONF, retitle(2), caller)).toMatchObject({ ok: true });
    expect(await titles()).toEqual([headline(1), headline(2)]);
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
