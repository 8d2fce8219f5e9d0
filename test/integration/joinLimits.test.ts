import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { CONF, NAM_CAN, setUpConference, type ConferenceTokens } from './support/fixture.js';
import { refusedJoin } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// Issue 14, findings 3 and 4, at the edges (socket handshake and HTTP API) of a real server:
// failures are throttled, valid tokens never are; behind a trusted proxy the client's address is
// read from the right of X-Forwarded-For, so a forged left part neither escapes the limiter nor
// throttles somebody else. The test process plays the proxy (it connects from 127.0.0.1).

const ATTACKER = '198.51.100.5';
const VICTIM = '198.51.100.77';
const BAD = 'v1.e30.AAAA';

let server: TestServer;
let tokens: ConferenceTokens;
const state = `/api/conferences/${CONF}/state`;

beforeAll(async () => {
  server = await startTestServer({ failedJoins: { capacity: 3, refillMs: 60_000 }, env: { HOINGHI_TRUST_PROXY: '127.0.0.1' } });
  tokens = await setUpConference(server);
});
afterAll(async () => {
  await server.dispose();
});

const via = (forwardedFor: string) => ({ 'x-forwarded-for': forwardedFor });

describe('failed joins behind a trusted proxy (issue 14, findings 3 and 4)', () => {
  it('rotating a forged left part of X-Forwarded-For does not escape the limit: the proxy-appended address counts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await new Api(server.url, BAD).request('GET', state, undefined, via(`203.0.113.${i}, ${ATTACKER}`))).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await refusedJoin(server.url, BAD, { extraHeaders: via(`203.0.113.99, ${ATTACKER}`) })).toBe('RATE_LIMITED');
  });

  it('a valid token from the throttled address still gets in, by socket and by HTTP', async () => {
    const point = tokens.points[NAM_CAN]!;
    expect(await refusedJoin(server.url, point, { extraHeaders: via(ATTACKER) })).toBe('ACCEPTED');
    expect((await new Api(server.url, tokens.admin).request('GET', state, undefined, via(ATTACKER))).status).toBe(200);
  });

  it('forging a victim’s address throttles the forger, not the victim', async () => {
    for (let i = 0; i < 4; i++) await new Api(server.url, BAD).request('GET', state, undefined, via(`${VICTIM}, ${ATTACKER}`));
    const victim = await new Api(server.url, BAD).request<{ code: string }>('GET', state, undefined, via(VICTIM));
    expect(victim.status).toBe(401);
    expect(victim.body.code).not.toBe('RATE_LIMITED');
  });

  it('answers a throttled failure with a Retry-After no longer than one refill', async () => {
    const res = await new Api(server.url, BAD).request('GET', state, undefined, via(ATTACKER));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});

describe('without a trusted proxy', () => {
  it('ignores X-Forwarded-For altogether: the socket peer is the client', async () => {
    const direct = await startTestServer({ failedJoins: { capacity: 2, refillMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await new Api(direct.url, BAD).request('GET', state, undefined, via(`203.0.113.${i}`))).status);
      expect(statuses).toEqual([401, 401, 429, 429]);
    } finally {
      await direct.dispose();
    }
  });
});
