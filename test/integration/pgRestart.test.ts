import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import { startPostgres, type PostgresServer } from '../services/postgres.js';
import { CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH } from './support/fixture.js';
import { MeetingClient, viewOf, waitFor, withoutCounters } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// PostgreSQL stops in the middle of a meeting and comes back, hoinghi keeps running: while the
// database is away every command is refused with LOG_UNAVAILABLE (none acknowledged, so none
// lost), /readyz says not ready; once it is back, commands go through again, without a restart,
// and every client holds the server's state with no gap.

let postgres: PostgresServer;
let server: TestServer;

beforeAll(async () => {
  postgres = await startPostgres();
  server = await startTestServer({ env: { HOINGHI_DATABASE_URL: await postgres.createDatabase() } });
});
afterAll(async () => {
  await server?.dispose();
  await postgres?.dispose();
});

interface Sent {
  readonly requestId: string;
  readonly type: 'requestFloor' | 'withdrawRequest';
  /** sent after stop() had returned and before start() was called */
  readonly whileDown: boolean;
  ack?: Ack;
}

/** One point's operator raising and withdrawing requests, two in flight, until told to stop. */
async function operate(client: MeetingClient, pointId: string, sent: Sent[], down: () => boolean, stop: () => boolean): Promise<void> {
  for (let n = 0; !stop(); n++) {
    const requestId = `r-${pointId}-${n}`;
    const pair = (['requestFloor', 'withdrawRequest'] as const).map((type) => {
      const entry: Sent = { requestId, type, whileDown: down() };
      sent.push(entry);
      const command =
        type === 'requestFloor' ? { type, id: requestId, pointId, topic: `Ý kiến ${requestId}`, kind: 'contribution' as const } : { type, requestId };
      return client.send(command).then((ack) => void (entry.ack = ack));
    });
    await Promise.all(pair);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function readyz(): Promise<{ status: number; body: { checks: { store: boolean } } }> {
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: { store: boolean } } };
}

describe('PostgreSQL restarted mid-meeting', () => {
  it('refuses commands with LOG_UNAVAILABLE while it is down, loses none acknowledged, and resumes by itself', async () => {
    const tokens = await setUpConference(server);
    const chair = await MeetingClient.join(server.url, tokens.chair);
    for (const status of ['rollCall', 'inSession'] as const) expect(await chair.do({ type: 'setConferenceStatus', status })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
    const baseline = chair.seq;
    const points = [THOI_BINH, U_MINH, NAM_CAN];
    const operators = await Promise.all(points.map((p) => MeetingClient.join(server.url, tokens.points[p]!)));
    const sent: Sent[] = [];
    let down = false;
    let stop = false;
    const traffic = Promise.all(operators.map((c, i) => operate(c, points[i]!, sent, () => down, () => stop)));
    const acked = () => sent.filter((s) => s.ack?.ok === true).length;

    await waitFor(() => acked() >= 30, 20_000, 'traffic before the stop');
    expect((await readyz()).status).toBe(200);
    await postgres.stop();
    down = true;
    const sentBeforeDown = sent.length;
    await waitFor(() => sent.slice(sentBeforeDown).filter((s) => s.ack?.ok === false).length >= 20, 20_000, 'refusals while down');
    const probe = await readyz();
    expect(probe.status).toBe(503);
    expect(probe.body.checks.store).toBe(false);
    // Marked back up before the start: PostgreSQL takes connections before start() has returned.
    down = false;
    await postgres.start();
    const ackedBeforeUp = acked();
    await waitFor(() => acked() >= ackedBeforeUp + 30, 30_000, 'commands acknowledged again after the restart');
    stop = true;
    await traffic;
    expect((await readyz()).status).toBe(200);

    // While it was down: nothing acknowledged, every refusal the clear one.
    const whileDown = sent.filter((s) => s.whileDown);
    expect(whileDown.length).toBeGreaterThan(0);
    for (const s of whileDown) expect(s.ack).toMatchObject({ ok: false, code: 'LOG_UNAVAILABLE' });
    // Outside that window only the core's own refusals (a withdraw whose request was refused).
    for (const s of sent) if (s.ack && !s.ack.ok) expect(['LOG_UNAVAILABLE', 'REQUEST_NOT_FOUND', 'NOT_FOUND']).toContain(s.ack.code);

    // The log: every acknowledged command at the seq its ack gave, nothing else, nothing twice.
    const events = await server.store.read(CONF, 0);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const bySeq = new Map(events.map((e) => [e.seq, e.event]));
    const keyOf = (type: Sent['type'], requestId: string) => `${type === 'requestFloor' ? 'floorRequested' : 'requestWithdrawn'}:${requestId}`;
    const ackedKeys = new Set<string>();
    for (const s of sent.filter((x) => x.ack?.ok)) {
      const event = bySeq.get((s.ack as { seq: number }).seq);
      expect(event && `${event.type}:${idOf(event)}`).toBe(keyOf(s.type, s.requestId));
      ackedKeys.add(keyOf(s.type, s.requestId));
    }
    const seen = new Set<string>();
    for (const { event } of events.filter((e) => e.seq > baseline)) {
      if (idOf(event) === undefined) continue; // recorded by the server itself (presence, a link's first opening)
      const key = `${event.type}:${idOf(event)}`;
      expect(ackedKeys.has(key), `an event no acknowledged command asked for: ${key}`).toBe(true);
      expect(seen.has(key), `duplicate ${key}`).toBe(false);
      seen.add(key);
    }

    // Every client followed live through it all: same state as the server, no gap, no reset.
    const room = server.rooms.get(CONF)!;
    for (const c of [chair, ...operators]) {
      await c.untilSeq(room.seq);
      expect(c.violations).toEqual([]);
      expect(c.resets).toBe(0);
      expect(withoutCounters(c.state)).toEqual(viewOf(c, room.state));
    }
    expect(chair.state).toEqual(room.state);
    for (const c of [chair, ...operators]) c.close();
  });
});

function idOf(event: MeetingEvent): string | undefined {
  return event.type === 'floorRequested' || event.type === 'requestWithdrawn' ? event.requestId : undefined;
}
