import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from './support/api.js';
import { CONF, setUpConference, tokenOf, U_MINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient } from './support/meetingClient.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// The composition root with the real mediasoup worker: media signalling rides on the gateway's
// sockets, knows who each socket is, refuses a standby device's send transport, follows the
// meeting's policy, and /readyz reports the worker.

let server: TestServer;
let tokens: ConferenceTokens;

beforeAll(async () => {
  server = await startTestServer({ media: true, env: { RTC_PORT: String(55_000 + (process.pid % 300) * 2), RTC_LISTEN_IP: '127.0.0.1' } });
  tokens = await setUpConference(server);
});
afterAll(async () => {
  await server?.dispose();
});

describe('media on the gateway', () => {
  it('is ready with its worker and answers a point’s media requests', async () => {
    const ready = await new Api(server.url).get('/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { store: true, media: true } } });
    const point = await MeetingClient.join(server.url, tokens.points[U_MINH]!);
    const caps = (await point.emitRaw('media:capabilities', {})) as { ok: boolean; rtpCapabilities?: { codecs: unknown[] } };
    expect(caps.ok).toBe(true);
    expect(caps.rtpCapabilities?.codecs.length).toBeGreaterThan(0);
    const send = (await point.emitRaw('media:createTransport', { direction: 'send' })) as { ok: boolean };
    expect(send.ok).toBe(true);
    point.close();
  });

  it('refuses a send transport to a standby device and lets it send once promoted', async () => {
    const root = new Api(server.url, server.serverAdminToken);
    const issued = await root.post<{ link: { url: string } }>(`/api/conferences/${CONF}/links`, { role: 'point', pointId: U_MINH, secondDevice: 'standby' });
    const token = tokenOf(issued.body.link.url);
    const live = await MeetingClient.join(server.url, token);
    const standby = await MeetingClient.join(server.url, token);
    expect(standby.welcome?.standby).toBe(true);
    expect(await standby.emitRaw('media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, code: 'RECEIVE_ONLY' });
    expect(await standby.emitRaw('media:createTransport', { direction: 'recv' })).toMatchObject({ ok: true });
    live.close();
    await expect.poll(() => standby.standbyNotices, { timeout: 5000 }).toEqual([false]);
    expect(await standby.emitRaw('media:createTransport', { direction: 'send' })).toMatchObject({ ok: true });
    standby.close();
  });

  it('an observer only receives', async () => {
    const observer = await MeetingClient.join(server.url, tokens.observer);
    expect(await observer.emitRaw('media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, code: 'RECEIVE_ONLY' });
    observer.close();
  });
});
