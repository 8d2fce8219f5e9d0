import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpConference, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient, refusedJoin } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// Issue 14, findings 5 and 6: the socket's Origin is compared with the server's public URL and
// HOINGHI_ALLOWED_ORIGINS, scheme and port included, never with the request's own Host; a refusal
// reaches the client as connect_error with data { code: 'ORIGIN_REFUSED' } (the console shows it,
// client/net/status.ts treats it as final), not as a bare HTTP 400.

let server: TestServer;
let tokens: ConferenceTokens;

beforeAll(async () => {
  server = await startTestServer({ env: { HOINGHI_ALLOWED_ORIGINS: 'https://hoinghi.camau.gov.vn' } });
  tokens = await setUpConference(server);
});
afterAll(async () => {
  await server.dispose();
});

describe('socket origin check (issue 14, findings 5 and 6)', () => {
  it('refuses a foreign origin with connect_error ORIGIN_REFUSED', async () => {
    expect(await refusedJoin(server.url, tokens.observer, { extraHeaders: { origin: 'https://evil.example' } })).toBe('ORIGIN_REFUSED');
  });

  it('refuses the right host under another scheme or port', async () => {
    const own = new URL(server.url);
    expect(await refusedJoin(server.url, tokens.observer, { extraHeaders: { origin: `https://${own.host}` } })).toBe('ORIGIN_REFUSED');
    expect(await refusedJoin(server.url, tokens.observer, { extraHeaders: { origin: `http://${own.hostname}:1` } })).toBe('ORIGIN_REFUSED');
    expect(await refusedJoin(server.url, tokens.observer, { extraHeaders: { origin: 'http://hoinghi.camau.gov.vn' } })).toBe('ORIGIN_REFUSED');
  });

  it('refuses an origin that merely matches a forged Host header', async () => {
    expect(await refusedJoin(server.url, tokens.observer, { extraHeaders: { host: 'evil.example', origin: 'http://evil.example' } })).toBe('ORIGIN_REFUSED');
  });

  it('accepts the server’s own origin, a configured one, and a client that sends none', async () => {
    for (const origin of [new URL(server.url).origin, 'https://hoinghi.camau.gov.vn']) {
      const c = await MeetingClient.join(server.url, tokens.observer, { extraHeaders: { origin } });
      c.close();
    }
    const none = await MeetingClient.join(server.url, tokens.observer);
    none.close();
  });
});
