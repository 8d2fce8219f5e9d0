import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_STORE_FILE } from '../../server/store/sqliteEventStore.js';
import { Api } from './support/api.js';
import { CONF, setUpConference } from './support/fixture.js';
import { MeetingClient, refusedJoin } from './support/meetingClient.js';
import { startTestServer, tempDataDir, type TestServer } from './support/testServer.js';

// A damaged row in one conference's log: that conference stays closed with a clear reason
// (never opened on a state that never existed), every other conference opens as usual.

const dataDir = tempDataDir();
let server: TestServer | undefined;
afterAll(async () => {
  await server?.dispose();
});

describe('a corrupt row in the log', () => {
  it('keeps that conference closed with its reason and opens the others', async () => {
    const first = await startTestServer({ dataDir, keepData: true });
    const damaged = await setUpConference(first);
    const healthy = await setUpConference(first, 'hn-healthy-2021');
    await first.close();

    const db = new Database(path.join(dataDir, DEFAULT_EVENT_STORE_FILE));
    db.prepare('UPDATE events SET event = ? WHERE conference_id = ? AND seq = 3').run('{"type":"pointAdded","at":"yesterday"}', CONF);
    db.close();

    server = await startTestServer({ dataDir });
    expect(server.loadReport.failed).toEqual([{ conferenceId: CONF, error: expect.stringMatching(/CORRUPT_EVENT: conference hn-test-2021, seq 3 \(schema\)/) }]);
    expect(server.loadReport.loaded.map((l) => l.conferenceId)).toEqual(['hn-healthy-2021']);

    expect(await refusedJoin(server.url, damaged.chair)).toBe('UNAVAILABLE');
    const api = new Api(server.url, damaged.admin);
    expect(await api.get(`/api/conferences/${CONF}/state`)).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE', message: expect.stringContaining('CORRUPT_EVENT') } });
    const metrics = await new Api(server.url).get<string>('/metrics');
    expect(metrics.body).toContain('hoinghi_failed_conferences 1');
    expect(metrics.body).toContain('hoinghi_active_conferences 1');

    const chair = await MeetingClient.join(server.url, healthy.chair);
    expect(chair.state.conference?.id).toBe('hn-healthy-2021');
    expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
    chair.close();
  });
});
