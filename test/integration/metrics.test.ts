import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';
import { Api } from './support/api.js';
import { CONF, INVITATIONS_CSV, POINTS, SETUP, setUpConference, U_MINH, type ConferenceTokens } from './support/fixture.js';
import { MeetingClient } from './support/meetingClient.js';
import { parsePromText, sampleValue, type PromSample } from './support/promText.js';
import { startTestServer, type TestServer } from './support/testServer.js';

// /metrics with prom-client on a real server with a real mediasoup worker (issue 17): the
// runtime's default metrics, the media metrics moving when a point sends real RTP (ffmpeg into the
// SFU), the room metrics; per-conference series only for HOINGHI_METRICS_TOKEN or a server-admin
// token, and nothing of a conference (id, title, point, name, token) to anyone else (issue 14,
// finding 8).

const METRICS_TOKEN = 'scrape-' + 'k'.repeat(40);
let server: TestServer;
let tokens: ConferenceTokens;
let point: SyntheticPoint | undefined;

beforeAll(async () => {
  server = await startTestServer({
    media: true,
    env: { RTC_PORT: String(57_000 + (process.pid % 300) * 2), RTC_LISTEN_IP: '127.0.0.1', HOINGHI_METRICS_TOKEN: METRICS_TOKEN },
  });
  tokens = await setUpConference(server);
});
afterAll(async () => {
  await point?.close();
  await server?.dispose();
});

async function scrape(token?: string): Promise<{ status: number; text: string; samples: PromSample[] }> {
  const res = await new Api(server.url, token).get<string>('/metrics');
  return { status: res.status, text: String(typeof res.body === 'string' ? res.body : JSON.stringify(res.body)), samples: res.status === 200 ? parsePromText(res.body) : [] };
}

describe('/metrics', () => {
  it('has the runtime’s default metrics: event-loop lag, GC, memory, CPU', async () => {
    const { status, text, samples } = await scrape();
    expect(status).toBe(200);
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_resident_memory_bytes', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes']) {
      expect(sampleValue(samples, name), name).toBeGreaterThanOrEqual(0);
    }
    expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(sampleValue(samples, 'hoinghi_node_info', { store: 'sqlite' })).toBe(1);
  });

  it('counts the room: conferences, sockets per role, acks by code, append latency', async () => {
    const chair = await MeetingClient.join(server.url, tokens.chair);
    const refused = await chair.send({ type: 'removePoint', pointId: 'khong-co' } as never);
    expect(refused.ok).toBe(false);
    const { samples } = await scrape();
    expect(sampleValue(samples, 'hoinghi_active_conferences')).toBe(1);
    expect(sampleValue(samples, 'hoinghi_connected_sockets', { role: 'chair' })).toBe(1);
    // setUpConference sent its commands over HTTP
    expect(sampleValue(samples, 'hoinghi_command_acks_total', { source: 'http', code: 'ok' })).toBeGreaterThanOrEqual(SETUP.length + 1);
    expect(sampleValue(samples, 'hoinghi_commands_total', { outcome: 'refused' })).toBeGreaterThanOrEqual(1);
    const socketRefusals = samples.filter((s) => s.name === 'hoinghi_command_acks_total' && s.labels['source'] === 'socket' && s.labels['code'] !== 'ok');
    expect(socketRefusals.reduce((a, s) => a + s.value, 0)).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'hoinghi_append_duration_seconds_count')).toBeGreaterThanOrEqual(SETUP.length);
    expect(sampleValue(samples, 'hoinghi_append_duration_seconds_bucket', { le: '+Inf' })).toBe(sampleValue(samples, 'hoinghi_append_duration_seconds_count'));
    // the chair's join, as the server timed it
    for (const step of ['handshake', 'welcome', 'caughtUp']) expect(sampleValue(samples, 'hoinghi_join_step_seconds_count', { step }), step).toBeGreaterThanOrEqual(1);
    chair.close();
  });

  it('shows the media moving when a point sends real RTP: producers, transports, bitrate, worker CPU', async () => {
    const before = await scrape();
    expect(sampleValue(before.samples, 'hoinghi_media_workers', { state: 'alive' })).toBe(1);
    expect(sampleValue(before.samples, 'hoinghi_media_producers', { kind: 'video' })).toBe(0);
    expect(sampleValue(before.samples, 'hoinghi_media_bitrate_bps', { direction: 'ingress' })).toBe(0);
    const workerCpu = (samples: PromSample[]) => ['user', 'system'].reduce((sum, mode) => sum + sampleValue(samples, 'hoinghi_media_worker_cpu_seconds_total', { worker: '0', mode })!, 0);
    const cpuBefore = workerCpu(before.samples);

    point = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId: U_MINH, receive: false });
    await point.startSending();
    await expect
      .poll(async () => sampleValue((await scrape()).samples, 'hoinghi_media_bitrate_bps', { direction: 'ingress' }), { timeout: 15_000, interval: 500 })
      .toBeGreaterThan(50_000);
    const during = (await scrape()).samples;
    expect(sampleValue(during, 'hoinghi_media_producers', { kind: 'video' })).toBe(1);
    expect(sampleValue(during, 'hoinghi_media_producers', { kind: 'audio' })).toBe(1);
    expect(sampleValue(during, 'hoinghi_media_transports', { direction: 'send' })).toBe(1);
    expect(sampleValue(during, 'hoinghi_media_conferences')).toBe(1);
    expect(sampleValue(during, 'hoinghi_media_points', { flow: 'flowing' })).toBe(1);
    // getrusage counts in whole milliseconds: forwarding for a moment may take less than one
    await expect.poll(async () => workerCpu((await scrape()).samples), { timeout: 10_000, interval: 500 }).toBeGreaterThan(cpuBefore);
    expect(sampleValue(during, 'hoinghi_media_worker_max_rss_bytes', { worker: '0' })).toBeGreaterThan(1_000_000);
  });

  it('shows nothing of a conference to an unauthenticated caller: no id, title, point, name or token', async () => {
    expect(point, 'runs after the point sends').toBeDefined();
    const chair = await MeetingClient.join(server.url, tokens.chair);
    const { status, text, samples } = await scrape();
    expect(status).toBe(200);
    const secrets = [
      CONF,
      'Hội nghị trực tuyến kiểm điểm',
      ...POINTS,
      ...SETUP.flatMap((c) => ('name' in c ? [c.name] : 'title' in c ? [c.title] : [])),
      ...INVITATIONS_CSV.split(/\r\n/).slice(1).map((row) => row.split(',')[1]!),
      server.serverAdminToken,
      METRICS_TOKEN,
      tokens.admin,
      tokens.chair,
      tokens.clerk,
      tokens.observer,
      ...Object.values(tokens.points),
      ...Object.values(tokens.linkIds),
    ];
    for (const secret of secrets) expect(text, `leaks ${secret}`).not.toContain(secret);
    expect(samples.filter((s) => 'conference' in s.labels || 'point' in s.labels)).toEqual([]);
    chair.close();
  });

  it('gives the per-conference and per-point series to HOINGHI_METRICS_TOKEN and to a server-admin token', async () => {
    const chair = await MeetingClient.join(server.url, tokens.chair);
    for (const token of [METRICS_TOKEN, server.serverAdminToken]) {
      const { status, samples } = await scrape(token);
      expect(status).toBe(200);
      expect(sampleValue(samples, 'hoinghi_conference_sockets', { conference: CONF, role: 'chair' })).toBe(1);
      expect(sampleValue(samples, 'hoinghi_point_bitrate_bps', { conference: CONF, point: U_MINH, direction: 'uplink' })).toBeGreaterThan(50_000);
      expect(sampleValue(samples, 'hoinghi_point_media_flowing', { conference: CONF, point: U_MINH })).toBe(1);
      expect(sampleValue(samples, 'hoinghi_point_signal_lost', { conference: CONF, point: U_MINH })).toBe(0);
      // the aggregates are there too
      expect(sampleValue(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    }
    chair.close();
  });

  it('drops a point’s series once its conference has no media left (bounded labels)', async () => {
    await point!.close();
    point = undefined;
    await expect
      .poll(async () => (await scrape(METRICS_TOKEN)).samples.filter((s) => s.labels['point'] === U_MINH).length, { timeout: 10_000, interval: 500 })
      .toBe(0);
    const { samples } = await scrape(METRICS_TOKEN);
    expect(sampleValue(samples, 'hoinghi_media_producers', { kind: 'video' })).toBe(0);
    expect(sampleValue(samples, 'hoinghi_media_bitrate_bps', { direction: 'ingress' })).toBe(0);
  });

  it('refuses any other token: a conference’s own (403), a wrong one (401)', async () => {
    expect((await scrape(tokens.chair)).status).toBe(403);
    const wrong = await scrape('not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('hoinghi_');
  });
});
