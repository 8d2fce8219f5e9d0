import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { CONF, setUpConference, THOI_BINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, refusedJoin } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// Tokens never reach the log: a whole session at log level trace (joins, refusals, commands,
// HTTP calls with bearer tokens, revocation, a seeded demo with its link table) leaves no token,
// and no signature part of one, in what the logger wrote.

let server: TestServer;
let tokens: ConferenceTokens;
let written = '';
const destination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    written += chunk.toString();
    done();
  },
});

beforeAll(async () => {
  server = await startTestServer({ log: { level: 'trace', destination }, env: { HOINGHI_SEED_DEMO: 'true' } });
  tokens = await setUpConference(server);
});
afterAll(async () => {
  await server.dispose();
});

describe('the log', () => {
  it('holds no token after joins, refusals, commands, HTTP calls and a revocation', async () => {
    const chair = await MeetingClient.join(server.url, tokens.chair);
    const point = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
    await chair.send({ type: 'setConferenceStatus', status: 'rollCall' });
    await point.send({ type: 'grantFloor', requestId: 'nope' });
    await point.sendRaw({ command: { type: 'nope' } });
    expect(await refusedJoin(server.url, `${tokens.clerk.slice(0, -3)}xyz`)).toBe('TOKEN_SIGNATURE');
    expect(await refusedJoin(server.url, tokens.clerk, { conferenceId: 'hn-other' })).toBe('TOKEN_WRONG_CONFERENCE');
    const admin = new Api(server.url, tokens.admin);
    await admin.get(`/api/conferences/${CONF}/state`);
    await admin.post(`/api/conferences/${CONF}/links/${tokens.linkIds['observer']}/revoke`, {});
    expect(await refusedJoin(server.url, tokens.observer)).toBe('TOKEN_REVOKED');
    await new Api(server.url, `${tokens.admin}x`).get(`/api/conferences/${CONF}/state`);
    chair.close();
    point.close();
    await new Promise((r) => setTimeout(r, 100));

    expect(written.length).toBeGreaterThan(1000);
    expect(written).toContain('socket join refused');
    const secrets = [server.serverAdminToken, tokens.admin, tokens.chair, tokens.clerk, tokens.observer, ...Object.values(tokens.points)];
    for (const token of secrets) {
      const signature = token.split('.')[2]!;
      expect(written.includes(token)).toBe(false);
      expect(written.includes(signature)).toBe(false);
    }
    expect(written).not.toMatch(/v1\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
  });
});
