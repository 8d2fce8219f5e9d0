import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesOf } from '../../shared/meeting/buckets.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import { Api } from './support/api.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, waitFor, withoutCounters } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// Issue 14, finding 7: the reports were refused to points and observers, while /state, /events
// and the socket's catch-up and live events gave them the whole record. Every read path is tried
// here with a point's and an observer's token against a meeting holding other points' attendees,
// a substitute's name, a point's contact, the clerk's notes and a call to another point; what
// their role may read (SPEC.md R-READ) must arrive, the rest must not, by any path.

let server: TestServer;
let tokens: ConferenceTokens;
let chair: MeetingClient;
let clerk: MeetingClient;
let admin: MeetingClient;
/** joined before the meeting's secrets were made: they reach it live, if at all */
let thoiBinhLive: MeetingClient;
let observerLive: MeetingClient;

/** Made after every reader joined; none is readable by Thới Bình's point nor by an observer without the export setting. */
const SECRETS = {
  substitute: 'Người Thay Bí Mật',
  note: 'Ghi chú nội bộ của thư ký',
  call: 'Gọi riêng Năm Căn',
  contact: 'Ông Võ 0290 111 222',
  walkIn: 'Khách mời Năm Căn',
  // invited to other points by the fixture's list
  otherAttendee: 'Phạm Thị B',
  centralAttendee: 'Lê Quân',
};
/** Thới Bình's own attendee: its point must see it (so the test is not passing on an empty state). */
const OWN_ATTENDEE = 'Nguyễn Văn A';

const api = (token: string) => new Api(server.url, token);
const path = (rest: string) => `/api/conferences/${CONF}${rest}`;

function leaks(text: string, except: string[] = []): string[] {
  return Object.values(SECRETS).filter((secret) => !except.includes(secret) && text.includes(secret));
}

beforeAll(async () => {
  server = await startTestServer();
  tokens = await setUpConference(server);
  chair = await MeetingClient.join(server.url, tokens.chair);
  clerk = await MeetingClient.join(server.url, tokens.clerk);
  admin = await MeetingClient.join(server.url, tokens.admin);
  thoiBinhLive = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
  observerLive = await MeetingClient.join(server.url, tokens.observer);

  expect(await admin.do({ type: 'updatePoint', pointId: NAM_CAN, contact: SECRETS.contact })).toMatchObject({ ok: true });
  for (const status of ['rollCall', 'inSession'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
  await clerk.untilSeq(chair.seq);
  const attendees = entriesOf(clerk.state.attendees);
  const other = attendees.find((a) => a.name === SECRETS.otherAttendee)!;
  const own = attendees.find((a) => a.name === OWN_ATTENDEE)!;
  const central = attendees.find((a) => a.name === SECRETS.centralAttendee)!;
  const namCanOrg = attendees.find((a) => a.pointId === NAM_CAN)!.organisationId;
  expect(await clerk.do({ type: 'markAttendance', attendeeId: other.id, mark: { status: 'substitute', substituteName: SECRETS.substitute, substitutePosition: 'Phó phòng' } })).toMatchObject({ ok: true });
  expect(await clerk.do({ type: 'markAttendance', attendeeId: own.id, mark: { status: 'present' } })).toMatchObject({ ok: true });
  expect(await clerk.do({ type: 'markAttendance', attendeeId: central.id, mark: { status: 'present' } })).toMatchObject({ ok: true });
  expect(await clerk.do({ type: 'addWalkIn', pointId: NAM_CAN, name: SECRETS.walkIn, position: 'Khách mời', organisationId: namCanOrg })).toMatchObject({ ok: true });
  expect(await clerk.do({ type: 'addMinutesNote', text: SECRETS.note })).toMatchObject({ ok: true });
  expect(await admin.do({ type: 'callPoint', pointId: NAM_CAN, message: SECRETS.call })).toMatchObject({ ok: true });
  // a public event last, so the readers' live streams are known to be past every secret
  expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
  await thoiBinhLive.untilSeq(chair.seq);
  await observerLive.untilSeq(chair.seq);
});

afterAll(async () => {
  for (const c of [chair, clerk, admin, thoiBinhLive, observerLive]) c?.close();
  await server.dispose();
});

describe('R-READ: every read path gives a point and an observer only what their role may read', () => {
  it('the full readers still get everything (the secrets are really in the meeting)', async () => {
    for (const secret of Object.values(SECRETS)) expect(JSON.stringify(clerk.state), secret).toContain(secret);
    const state = await api(tokens.chair).get(path('/state'));
    expect(leaks(JSON.stringify(state.body))).toEqual(Object.values(SECRETS));
  });

  it('R-READ-4 live events: the point and the observer, joined before, were sent none of it and stay in step (withheld seqs, no gap)', () => {
    expect(leaks(thoiBinhLive.received.join('\n'))).toEqual([]);
    expect(leaks(observerLive.received.join('\n'))).toEqual([]);
    expect(thoiBinhLive.violations).toEqual([]);
    expect(observerLive.violations).toEqual([]);
    expect(thoiBinhLive.seq).toBe(chair.seq);
    // what they may read arrived: its own attendee and its mark; the public meeting
    expect(entriesOf(thoiBinhLive.state.attendees).map((a) => a.name)).toEqual([OWN_ATTENDEE]);
    expect(entriesOf(thoiBinhLive.state.attendees)[0]?.marks.map((m) => m.status)).toEqual(['present']);
    expect(thoiBinhLive.state.agenda.currentStepId).toBe('a-discuss');
    expect(observerLive.state.agenda.currentStepId).toBe('a-discuss');
    expect(observerLive.state.attendeeOrder).toEqual([]);
  });

  it('R-READ-4 catch-up on join and on request: a fresh point and observer socket get the projected log only', async () => {
    const observer = await MeetingClient.join(server.url, tokens.observer);
    const namCan = await MeetingClient.join(server.url, tokens.points[NAM_CAN]!);
    try {
      expect(leaks(observer.received.join('\n'))).toEqual([]);
      // Năm Căn reads its own walk-in, its own call and its own contact, nobody else's secrets
      expect(leaks(namCan.received.join('\n'), [SECRETS.walkIn, SECRETS.call, SECRETS.contact])).toEqual([]);
      expect(leaks(namCan.received.join('\n'))).toEqual([SECRETS.call, SECRETS.contact, SECRETS.walkIn]);
      const ack = await observer.emitRaw('catchUp', { afterSeq: 0 });
      expect(ack).toMatchObject({ ok: true });
      const asked = await thoiBinhLive.emitRaw('catchUp', { afterSeq: 0 });
      expect(asked).toMatchObject({ ok: true });
      expect(leaks(observer.received.join('\n'))).toEqual([]);
      expect(leaks(thoiBinhLive.received.join('\n'))).toEqual([]);
      for (const c of [observer, namCan, thoiBinhLive]) expect(c.violations).toEqual([]);
    } finally {
      observer.close();
      namCan.close();
    }
  });

  it('R-READ-2 R-READ-3 GET …/state: the projected state, equal to what the socket replica folded', async () => {
    for (const [token, replica] of [
      [tokens.points[THOI_BINH]!, thoiBinhLive],
      [tokens.observer, observerLive],
    ] as const) {
      const res = await api(token).get<{ seq: number; state: MeetingState }>(path('/state'));
      expect(res.status).toBe(200);
      expect(leaks(JSON.stringify(res.body))).toEqual([]);
      expect(res.body.seq).toBe(replica.seq);
      expect(withoutCounters(res.body.state)).toEqual(withoutCounters(replica.state));
    }
  });

  it('R-READ-4 GET …/events: the same withheld seqs as the socket, from any seq', async () => {
    for (const token of [tokens.points[THOI_BINH]!, tokens.observer]) {
      const res = await api(token).get<{ events: { seq: number }[]; withheld?: number[]; headSeq: number }>(path('/events?after=0&limit=5000'));
      expect(res.status).toBe(200);
      expect(leaks(JSON.stringify(res.body))).toEqual([]);
      const seqs = [...res.body.events.map((e) => e.seq), ...(res.body.withheld ?? [])].sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: res.body.headSeq }, (_, i) => i + 1));
      expect(res.body.withheld?.length ?? 0).toBeGreaterThan(0);
      const tail = await api(token).get(path(`/events?after=${res.body.headSeq - 8}`));
      expect(leaks(JSON.stringify(tail.body))).toEqual([]);
    }
  });

  it('R-READ-6 the log download and the reports: refused to a point and to an observer without the setting', async () => {
    for (const token of [tokens.points[THOI_BINH]!, tokens.observer]) {
      const log = await api(token).get(path('/events.jsonl'));
      expect(log.status).toBe(403);
      expect(leaks(JSON.stringify(log.body))).toEqual([]);
      for (const file of ['attendance.csv', 'minutes.md']) {
        const report = await api(token).get(path(`/reports/${file}`));
        expect(report.status, file).toBe(403);
        expect(leaks(String(JSON.stringify(report.body)))).toEqual([]);
      }
    }
    const full = await api(tokens.admin).get(path('/events.jsonl'));
    expect(full.status).toBe(200);
    expect(leaks(String(full.body))).toEqual(Object.values(SECRETS));
  });

  it('R-READ-5 R-READ-3: when the admin lets observers export, a connected observer is rebuilt with the attendance and the notes (never the contacts or line test), and it goes again when withdrawn', async () => {
    const resetsBefore = observerLive.resets;
    const allowed = await api(tokens.admin).request('PUT', path('/reports/observer-access'), { allowed: true });
    expect(allowed.status).toBe(200);
    await waitFor(() => observerLive.resets > resetsBefore && observerLive.caughtUp && observerLive.state.noteOrder.length === 1, 5000, 'observer rebuilt');
    await observerLive.untilSeq(server.rooms.get(CONF)!.seq);
    expect(observerLive.violations).toEqual([]);
    const seen = JSON.stringify(observerLive.state);
    expect(seen).toContain(SECRETS.substitute);
    expect(seen).toContain(SECRETS.note);
    expect(seen).not.toContain(SECRETS.contact);
    expect(seen).not.toContain(SECRETS.call);
    const report = await api(tokens.observer).get(path('/reports/attendance.csv'));
    expect(report.status).toBe(200);
    const state = await api(tokens.observer).get<{ state: MeetingState }>(path('/state'));
    expect(withoutCounters(state.body.state)).toEqual(withoutCounters(observerLive.state));

    // a later secret reaches it live now; then the admin withdraws the setting
    expect(await clerk.do({ type: 'addMinutesNote', text: 'Ghi chú thứ hai' })).toMatchObject({ ok: true });
    await observerLive.untilSeq(clerk.seq);
    expect(observerLive.state.noteOrder.length).toBe(2);
    const resets = observerLive.resets;
    expect((await api(tokens.admin).request('PUT', path('/reports/observer-access'), { allowed: false })).status).toBe(200);
    await waitFor(() => observerLive.resets > resets && observerLive.caughtUp && observerLive.state.noteOrder.length === 0, 5000, 'observer narrowed');
    expect(observerLive.state.attendeeOrder).toEqual([]);
    expect(observerLive.violations).toEqual([]);
    // the point's stream never changed scope: no reset for it
    expect(thoiBinhLive.resets).toBe(0);
    await thoiBinhLive.untilSeq(server.rooms.get(CONF)!.seq);
    expect(leaks(thoiBinhLive.received.join('\n'))).toEqual([]);
    expect(thoiBinhLive.received.join('\n')).not.toContain('Ghi chú thứ hai');
  });
});
