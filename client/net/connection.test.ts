import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingClient } from '../../test/integration/support/meetingClient.js';
import { Api } from '../../test/integration/support/api.js';
import { CONF, setUpConference, THOI_BINH, tokenOf, U_MINH, type ConferenceTokens } from '../../test/integration/support/fixture.js';
import { startTestServer, type TestServer } from '../../test/integration/support/testServer.js';
import { MeetingReplica } from '../state/replica.js';
import { ServerClock } from '../state/serverClock.js';
import { MeetingConnection } from './connection.js';
import { openSocketEarly, takeEarlySocket } from './earlySocket.js';
import type { ConnectionStatus } from './status.js';
import { entryOf } from '../../shared/meeting/buckets.js';

// The browser's connection against the real gateway (a real server on port 0 with SQLite):
// join and catch up, send a command, lose the link, count down, reconnect on the same socket and
// catch up exactly the events missed, and stop for good on a refused link.

let server: TestServer;
let tokens: ConferenceTokens;
const open: { stop(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  tokens = await setUpConference(server);
});
afterAll(async () => {
  for (const c of open) c.stop();
  await server.dispose();
});

function connect(token: string, early?: ReturnType<typeof takeEarlySocket>) {
  const replica = new MeetingReplica();
  const connection = new MeetingConnection({ token, replica, clock: new ServerClock(), url: server.url, backoff: { baseMs: 200, maxMs: 400, jitter: 0 }, early: early ?? null });
  const statuses: ConnectionStatus['kind'][] = [];
  connection.subscribe(() => {
    if (statuses[statuses.length - 1] !== connection.status.kind) statuses.push(connection.status.kind);
  });
  connection.start();
  open.push(connection);
  return { replica, connection, statuses };
}

const caughtUp = (c: MeetingConnection) => c.status.kind === 'connected' && c.status.caughtUp;

describe('MeetingConnection against the real gateway', () => {
  it('joins, catches up, sends commands and folds their events', async () => {
    const { replica, connection } = connect(tokens.chair);
    await expect.poll(() => caughtUp(connection)).toBe(true);
    expect(connection.welcome?.principal).toEqual({ role: 'chair' });
    expect(replica.state.conference?.status).toBe('scheduled');
    expect(replica.state.attendeeOrder).toHaveLength(5);
    const ack = await connection.send({ type: 'setConferenceStatus', status: 'rollCall' });
    expect(ack).toMatchObject({ ok: true });
    await expect.poll(() => replica.state.conference?.status).toBe('rollCall');
    expect(replica.seq).toBe(server.rooms.get(replica.conferenceId!)!.seq);
    const refused = await connection.send({ type: 'grantFloor', requestId: 'nope' });
    expect(refused).toMatchObject({ ok: false, code: 'WRONG_STATUS' });
  });

  it('after a dropped link, counts down, reconnects the same socket and catches up only what it missed', async () => {
    const { replica, connection, statuses } = connect(tokens.points[THOI_BINH]!);
    await expect.poll(() => caughtUp(connection)).toBe(true);
    const socket = connection.socket!;
    const before = replica.seq;
    const clerk = await MeetingClient.join(server.url, tokens.clerk);
    try {
      socket.io.engine.close();
      await expect.poll(() => connection.status.kind).toBe('reconnecting');
      const s = connection.status;
      expect(s.kind === 'reconnecting' && s.nextAttemptAt > Date.now() - 1000).toBe(true);
      expect(await connection.send({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 3 })).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
      // While we are away, the clerk marks one of our own attendees: we must get that event on
      // return (a point reads only its own attendees' marks, R-READ-3).
      const attendeeId = clerk.state.attendeeOrder.find((id) => entryOf(clerk.state.attendees, id)?.pointId === THOI_BINH)!;
      expect(attendeeId).toBeDefined();
      expect(await clerk.do({ type: 'markAttendance', attendeeId, mark: { status: 'present' } })).toMatchObject({ ok: true });
      await expect.poll(() => caughtUp(connection), { timeout: 5000 }).toBe(true);
      expect(connection.socket).toBe(socket);
      await expect.poll(() => entryOf(replica.state.attendees, attendeeId)?.marks.length).toBe(1);
      expect(replica.seq).toBeGreaterThan(before);
      expect(replica.seq).toBe(server.rooms.get(replica.conferenceId!)!.seq);
      expect(statuses).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
      expect(await connection.send({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 3 })).toMatchObject({ ok: true });
    } finally {
      clerk.close();
    }
  });

  it('a point’s standby gives the socket id it waited as when it connects again (its place in a cluster’s queue), and the gateway takes it; live, it gives none', async () => {
    const created = await new Api(server.url, server.serverAdminToken).post<{ link: { url: string } }>(`/api/conferences/${CONF}/links`, { role: 'point', pointId: U_MINH, label: 'Máy dự phòng', secondDevice: 'standby' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = tokenOf(created.body.link.url);
    const live = await MeetingClient.join(server.url, token);
    try {
      const { connection } = connect(token);
      await expect.poll(() => caughtUp(connection)).toBe(true);
      expect(connection.welcome?.standby).toBe(true);
      const socket = connection.socket!;
      const auth = () => new Promise<Record<string, unknown>>((resolve) => (socket.auth as (cb: (data: object) => void) => void)((data) => resolve(data as Record<string, unknown>)));
      const waitedOn = socket.id;
      expect(waitedOn).toBeTruthy();
      expect(await auth()).toMatchObject({ waitedAs: waitedOn });
      socket.io.engine.close();
      await expect.poll(() => connection.status.kind).toBe('reconnecting');
      // Taken: the handshake's schema is strict, an unknown field would be refused MALFORMED.
      await expect.poll(() => caughtUp(connection), { timeout: 5000 }).toBe(true);
      expect(socket.id).not.toBe(waitedOn);
      expect(connection.welcome?.standby).toBe(true);
      expect(await auth()).toMatchObject({ waitedAs: socket.id });
      live.close();
      await expect.poll(() => connection.welcome?.standby).toBe(false);
      expect(await auth()).not.toHaveProperty('waitedAs');
    } finally {
      live.close();
    }
  });

  it('stops for good when the link itself is refused', async () => {
    const { connection } = connect('v1.bm90LWEtdG9rZW4.c2lnbmF0dXJl');
    await expect.poll(() => connection.status.kind).toBe('refused');
    expect(connection.status).toMatchObject({ kind: 'refused', code: 'TOKEN_SIGNATURE' });
    await new Promise((r) => setTimeout(r, 600));
    expect(connection.status.kind).toBe('refused');
  });

  it('adopts the socket a point’s first script opened: the welcome and catch-up it got before are folded, then it works as its own', async () => {
    const token = tokens.points[THOI_BINH]!;
    const socket = openSocketEarly(token, { url: server.url });
    // Everything arrives before anyone listens: the welcome and the whole catch-up.
    await expect.poll(() => socket.connected).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const early = takeEarlySocket(token);
    expect(early?.made.socket).toBe(socket);
    expect(early?.nodes).toEqual([]);
    expect(early!.seen.map((h) => h.event)).toEqual(expect.arrayContaining(['connect', 'welcome', 'catchUp']));
    expect(takeEarlySocket(token)).toBeNull();
    const { replica, connection } = connect(token, early);
    expect(connection.socket).toBe(socket);
    expect(caughtUp(connection)).toBe(true);
    expect(connection.welcome?.principal).toEqual({ role: 'point', pointId: THOI_BINH });
    expect(replica.seq).toBe(server.rooms.get(replica.conferenceId!)!.seq);
    expect(await connection.send({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 4 })).toMatchObject({ ok: true });
    await expect.poll(() => replica.seq).toBe(server.rooms.get(replica.conferenceId!)!.seq);
  });

  it('an early socket opened for another link is closed, not handed over', async () => {
    const socket = openSocketEarly(tokens.points[THOI_BINH]!, { url: server.url });
    await expect.poll(() => socket.connected).toBe(true);
    expect(takeEarlySocket(tokens.chair)).toBeNull();
    expect(socket.connected).toBe(false);
  });

  it('an early socket refused before it was adopted: the connection reports the refusal and does not retry', async () => {
    openSocketEarly('v1.bm90LWEtdG9rZW4.c2lnbmF0dXJl', { url: server.url });
    await new Promise((r) => setTimeout(r, 500));
    const early = takeEarlySocket('v1.bm90LWEtdG9rZW4.c2lnbmF0dXJl');
    expect(early!.seen.map((h) => h.event)).toContain('connect_error');
    const { connection } = connect('v1.bm90LWEtdG9rZW4.c2lnbmF0dXJl', early);
    expect(connection.status).toMatchObject({ kind: 'refused', code: 'TOKEN_SIGNATURE' });
    await new Promise((r) => setTimeout(r, 600));
    expect(connection.status.kind).toBe('refused');
  });

  it('an early socket taken while its placement is still asked: the connection connects it once the answer comes', async () => {
    const token = tokens.points[THOI_BINH]!;
    const socket = openSocketEarly(token, { url: server.url });
    const early = takeEarlySocket(token);
    expect(early?.nodes).toBeUndefined();
    expect(socket.connected).toBe(false);
    const { replica, connection } = connect(token, early);
    await expect.poll(() => caughtUp(connection), { timeout: 10_000 }).toBe(true);
    expect(connection.socket).toBe(socket);
    expect(replica.seq).toBe(server.rooms.get(replica.conferenceId!)!.seq);
  });
});
