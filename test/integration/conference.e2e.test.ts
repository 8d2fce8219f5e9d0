import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { CENTRAL, CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, viewOf, withoutCounters } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';
import { entriesOf, entryOf } from '../../shared/meeting/buckets.js';
import type { MeetingState } from '../../shared/meeting/state.js';

// A conference run end to end over sockets by several clients in different roles: the chair
// opens the roll-call, points report ready, the clerk marks attendance, the session runs the
// agenda and the speaker queue, and every client ends with the very state the server holds.

let server: TestServer;
let tokens: ConferenceTokens;
const clients: MeetingClient[] = [];

beforeAll(async () => {
  // A grace long enough that a reconnect on a busy CI machine is still a blip.
  server = await startTestServer({ presenceGraceMs: 1500 });
  tokens = await setUpConference(server);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.dispose();
});

async function join(token: string): Promise<MeetingClient> {
  const client = await MeetingClient.join(server.url, token);
  clients.push(client);
  return client;
}

describe('a conference run end to end over sockets', () => {
  it('runs roll-call, agenda and the floor with chair, clerk, points and an observer', async () => {
    const chair = await join(tokens.chair);
    const clerk = await join(tokens.clerk);
    const observer = await join(tokens.observer);
    const central = await join(tokens.points[CENTRAL]!);
    const thoiBinh = await join(tokens.points[THOI_BINH]!);
    const uMinh = await join(tokens.points[U_MINH]!);

    expect(chair.welcome).toMatchObject({ conferenceId: CONF, principal: { role: 'chair' }, standby: false });
    expect(thoiBinh.welcome?.principal).toEqual({ role: 'point', pointId: THOI_BINH });
    // Catch-up gave each of them the whole setup.
    expect(chair.state.conference?.status).toBe('scheduled');
    expect(chair.state.attendeeOrder).toHaveLength(5);

    // Presence: the connected points are recorded online by the server itself.
    await chair.untilSeq(server.rooms.get(CONF)!.seq);
    await expect.poll(() => [CENTRAL, THOI_BINH, U_MINH].every((p) => entryOf(chair.state.presence, p)?.online === true), { timeout: 5000 }).toBe(true);
    expect(entryOf(chair.state.presence, NAM_CAN)?.online ?? false).toBe(false);

    // Roll-call.
    expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
    expect(await thoiBinh.do({ type: 'reportReadiness', pointId: THOI_BINH, headcount: 12 })).toMatchObject({ ok: true });
    expect(await uMinh.do({ type: 'reportReadiness', pointId: U_MINH, headcount: 9 })).toMatchObject({ ok: true });
    for (const attendeeId of clerk.state.attendeeOrder.slice(0, 4)) {
      expect(await clerk.do({ type: 'markAttendance', attendeeId, mark: { status: 'present' } })).toMatchObject({ ok: true });
    }
    const last = clerk.state.attendeeOrder[4]!;
    expect(await clerk.do({ type: 'markAttendance', attendeeId: last, mark: { status: 'excused', reason: 'Đi công tác' } })).toMatchObject({ ok: true });

    // Session: agenda, queue, floor.
    expect(await chair.do({ type: 'setConferenceStatus', status: 'inSession' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'startAgenda' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'nextAgendaStep' })).toMatchObject({ ok: true });
    expect(chair.state.agenda.currentStepId).toBe('a-discuss');
    // Entering the discussion step opens the speaker queue (the core's rule).
    expect(chair.state.queue.open).toBe(true);
    expect(await thoiBinh.do({ type: 'requestFloor', pointId: THOI_BINH, topic: 'Giao thông nông thôn', kind: 'contribution' })).toMatchObject({ ok: true });
    expect(await uMinh.do({ type: 'requestFloor', pointId: U_MINH, topic: 'Phòng chống cháy rừng', kind: 'contribution' })).toMatchObject({ ok: true });
    await chair.untilSeq(uMinh.seq);
    const [first, second] = chair.state.queue.waiting;
    expect(entryOf(chair.state.queue.requests, first!)?.pointId).toBe(THOI_BINH);
    expect(await chair.do({ type: 'grantFloor', requestId: first! })).toMatchObject({ ok: true });
    await thoiBinh.untilSeq(chair.seq);
    const speechId = entryOf(thoiBinh.state.queue.requests, first!)?.speechId;
    expect(speechId).toBeTruthy();
    expect(await thoiBinh.do({ type: 'endSpeech', speechId: speechId! })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'grantFloor', requestId: second! })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'startDirectiveSpeech', memberId: 'm-hai', topic: 'Phát biểu chỉ đạo' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'nextAgendaStep' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'setConferenceStatus', status: 'adjourned' })).toMatchObject({ ok: true });

    // Everyone converges on the server's state, having seen the same gapless log.
    const room = server.rooms.get(CONF)!;
    const head = room.seq;
    const everyone: [MeetingClient, string][] = [
      [chair, tokens.chair],
      [clerk, tokens.clerk],
      [observer, tokens.observer],
      [central, tokens.points[CENTRAL]!],
      [thoiBinh, tokens.points[THOI_BINH]!],
      [uMinh, tokens.points[U_MINH]!],
    ];
    await Promise.all(everyone.map(([c]) => c.untilSeq(head)));
    // Each converges on the state as its role may read it (SPEC.md R-READ): the chair and the
    // clerk on the server's own, a point on it less other points' attendees, and so on.
    for (const [c, token] of everyone) {
      const served = await new Api(server.url, token).get<{ seq: number; state: MeetingState }>(`/api/conferences/${CONF}/state`);
      expect(served.status).toBe(200);
      expect(served.body.seq).toBe(head);
      expect(c.violations).toEqual([]);
      expect(c.seq).toBe(head);
      expect(withoutCounters(c.state)).toEqual(withoutCounters(served.body.state));
      expect(withoutCounters(c.state)).toEqual(viewOf(c, room.state));
    }
    for (const c of [chair, clerk]) {
      expect(c.log.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      expect(c.state).toEqual(room.state);
    }
    expect(entriesOf(thoiBinh.state.attendees).every((a) => a.pointId === THOI_BINH)).toBe(true);
    expect(thoiBinh.state.attendeeOrder.length).toBeGreaterThan(0);
    expect(observer.state.attendeeOrder).toEqual([]);
    const api = new Api(server.url, tokens.observer);
    expect(room.state.conference?.status).toBe('adjourned');
    expect(entriesOf(room.state.speeches).every((s) => s.end !== null)).toBe(true);

    // The log over HTTP is the same log.
    const log = await api.get<{ headSeq: number; events: { seq: number }[] }>(`/api/conferences/${CONF}/events?after=0&limit=5000`);
    expect(log.body.headSeq).toBe(head);
    expect(log.body.events.map((e) => e.seq)).toEqual(observer.log.map((e) => e.seq));
  });

  it('answers an explicit catch-up request with the pages after the seq asked for, then the ack', async () => {
    const observer = await join(tokens.observer);
    const head = server.rooms.get(CONF)!.seq;
    const pages: { events: { seq: number }[]; done: boolean }[] = [];
    observer.socket.on('catchUp', (page) => pages.push(page));
    const ack = await observer.emitRaw('catchUp', { afterSeq: head - 5 });
    expect(ack).toEqual({ ok: true, headSeq: head, reset: false });
    expect(pages.flatMap((p) => p.events.map((e) => e.seq))).toEqual([head - 4, head - 3, head - 2, head - 1, head]);
    expect(pages.at(-1)?.done).toBe(true);
    expect(observer.violations).toEqual([]);
    const ahead = await observer.emitRaw('catchUp', { afterSeq: head + 3 });
    expect(ahead).toEqual({ ok: true, headSeq: head, reset: true });
  });

  it('records a point offline only after the grace period, and not for a short blip', async () => {
    const room = server.rooms.get(CONF)!;
    const namCan = await join(tokens.points[NAM_CAN]!);
    await expect.poll(() => entryOf(room.state.presence, NAM_CAN)?.online, { timeout: 5000 }).toBe(true);
    const spans = entryOf(room.state.presence, NAM_CAN)!.spans.length;
    // A blip shorter than the grace (1.5 s here): gone and back.
    namCan.close();
    const back = await join(tokens.points[NAM_CAN]!);
    await new Promise((r) => setTimeout(r, 1800));
    expect(entryOf(room.state.presence, NAM_CAN)?.online).toBe(true);
    expect(entryOf(room.state.presence, NAM_CAN)!.spans.length).toBe(spans);
    // A real departure.
    back.close();
    await expect.poll(() => entryOf(room.state.presence, NAM_CAN)?.online, { timeout: 6000 }).toBe(false);
  });
});
