import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../integration/support/api.js';
import { CENTRAL, CONF, setUpConference, THOI_BINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startTestServer, type TestServer } from '../integration/support/testServer.js';
import type { PointLook } from '../media/fixtures.js';
import { waitFor } from '../media/helpers.js';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';
import { frameColour, probe, segments } from './probe.js';

// Per-point recording on a real server and SFU: two synthetic points, each its own colour and
// tone, send real RTP; the chair starts recording (a command); each point's camera and
// microphone land, unchanged, in WebM segments under the data directory; the chair stops it.

const SEGMENT_SECONDS = 2;
let server: TestServer;
let tokens: ConferenceTokens;
let chair: MeetingClient;
const points: SyntheticPoint[] = [];

const LOOKS: Record<string, PointLook> = { [CENTRAL]: { colour: '#d02020', toneHz: 440 }, [THOI_BINH]: { colour: '#2040d0', toneHz: 660 } };

beforeAll(async () => {
  server = await startTestServer({
    media: true,
    env: { RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1', HOINGHI_RECORDING_SEGMENT_SECONDS: String(SEGMENT_SECONDS) },
  });
  tokens = await setUpConference(server);
  chair = await MeetingClient.join(server.url, tokens.chair);
  expect((await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).ok).toBe(true);
  for (const pointId of [CENTRAL, THOI_BINH]) {
    const p = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId, receive: false, look: LOOKS[pointId] });
    await p.startSending();
    points.push(p);
  }
});
afterAll(async () => {
  for (const p of points) await p.close();
  chair?.close();
  await server?.dispose();
});

describe('per-point recording', () => {
  it('records each sending point, without re-encoding, in WebM segments of about the configured length, from start to stop', async () => {
    const recording = server.recording!;
    const started = await chair.do({ type: 'startRecording', id: 'rec-1' });
    expect(started.ok).toBe(true);
    await waitFor('both points recording', () => recording.recorders(CONF).length === 2, 15_000);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 7_000));
    const usage = await new Api(server.url, tokens.chair).get<{ conferenceBytes: number; points: string[] }>(`/api/conferences/${CONF}/recording`);
    expect(usage.status).toBe(200);
    expect(usage.body.conferenceBytes).toBeGreaterThan(10_000);
    expect(usage.body.points.sort()).toEqual([CENTRAL, THOI_BINH].sort());
    expect((await chair.do({ type: 'stopRecording' })).ok).toBe(true);
    await waitFor('recorders stopped', () => recording.recorders(CONF).length === 0, 15_000);
    const recordedSeconds = (Date.now() - t0) / 1000;

    for (const pointId of [CENTRAL, THOI_BINH]) {
      const dir = path.join(server.dataDir, 'recordings', CONF, 'rec-1', pointId);
      const files = segments(dir);
      expect(files.length, `${pointId}: ${readdirSync(dir).join(', ')}`).toBeGreaterThanOrEqual(3);
      let total = 0;
      for (const [i, f] of files.entries()) {
        const p = probe(f);
        // Copied as sent: VP8 video (and the Opus microphone stream), no re-encoding.
        expect(p.streams.map((s) => s.codec).sort(), f).toEqual(['opus', 'vp8']);
        expect(p.streams.find((s) => s.kind === 'video')!.packets, f).toBeGreaterThan(0);
        // Segments cut on key frames near the configured length (the last one is cut by the stop).
        // Segments cut on the first key frame past the configured length (the fixture has one a
        // second); the first also holds what ffmpeg buffered while it probed the streams.
        expect(p.duration, f).toBeLessThanOrEqual(SEGMENT_SECONDS + (i === 0 ? 5 : 1.5));
        total += p.duration;
      }
      expect(total, pointId).toBeGreaterThan(recordedSeconds - 2.5);
      expect(total, pointId).toBeLessThan(recordedSeconds + 1.5);
      const [r, , b] = frameColour(files[0]!);
      if (pointId === CENTRAL) expect(r, 'central is red').toBeGreaterThan(b + 80);
      else expect(b, 'Thới Bình is blue').toBeGreaterThan(r + 80);
    }
    // The central point's microphone is open (R-SETUP-7), so its tone was recorded; a district's
    // is held closed by floor control, so the SFU forwards none of it.
    const centralAudio = segments(path.join(server.dataDir, 'recordings', CONF, 'rec-1', CENTRAL)).map((f) => probe(f).streams.find((s) => s.kind === 'audio')!.packets);
    expect(centralAudio.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });
});

describe('a full recording storage', () => {
  // No tmpfs or loop device can be mounted where the tests run, so the limit is the configured
  // quota on the recordings folder (HOINGHI_RECORDING_MAX_BYTES): the same check, every second,
  // that also stops recording when the disk's free space falls under HOINGHI_RECORDING_MIN_FREE_BYTES.
  // A flat colour and a tone are ~8 kB/s: the quota fills in a few seconds.
  const QUOTA = 40_000;
  let small: TestServer;
  let smallChair: MeetingClient;
  const smallPoints: SyntheticPoint[] = [];

  beforeAll(async () => {
    small = await startTestServer({
      media: true,
      env: {
        RTC_PORT: '0',
        RTC_LISTEN_IP: '127.0.0.1',
        HOINGHI_RECORDING_SEGMENT_SECONDS: String(SEGMENT_SECONDS),
        HOINGHI_RECORDING_MAX_BYTES: String(QUOTA),
      },
    });
    const t = await setUpConference(small);
    smallChair = await MeetingClient.join(small.url, t.chair);
    expect((await smallChair.do({ type: 'setConferenceStatus', status: 'rollCall' })).ok).toBe(true);
    const p = await syntheticPoint(small.media!.service, { conferenceId: CONF, pointId: CENTRAL, receive: false, look: LOOKS[CENTRAL] });
    await p.startSending();
    smallPoints.push(p);
  });
  afterAll(async () => {
    for (const p of smallPoints) await p.close();
    smallChair?.close();
    await small?.dispose();
  });

  it('R-REC-2: stops recording with storageFull for every console to see, and the meeting goes on', async () => {
    expect((await smallChair.do({ type: 'startRecording', id: 'rec-full' })).ok).toBe(true);
    const stopped = await waitFor(
      'the server stopping the recording',
      () => smallChair.log.map((e) => e.event).find((e) => e.type === 'recordingStopped'),
      30_000,
    );
    expect(stopped).toMatchObject({ by: { role: 'system' }, recordingId: 'rec-full', reason: 'storageFull' });
    await waitFor('recorder stopped', () => small.recording!.recorders(CONF).length === 0, 10_000);
    // What was written plays; writing stopped near the quota (one check interval of media past it).
    const files = segments(path.join(small.dataDir, 'recordings', CONF, 'rec-full', CENTRAL));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files.slice(0, -1)) expect(probe(f).streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
    const usage = await new Api(small.url, small.serverAdminToken).get<{ usedBytes: number; limitBytes: number; full: boolean }>(`/api/conferences/${CONF}/recording`);
    expect(usage.body).toMatchObject({ limitBytes: QUOTA, full: true });
    expect(usage.body.usedBytes).toBeLessThan(QUOTA * 3);
    // The meeting is untouched: commands go on, the point still sends into the SFU.
    expect((await smallChair.do({ type: 'setConferenceStatus', status: 'inSession' })).ok).toBe(true);
    expect(small.media!.service.pointFeeds(CONF)).toEqual([expect.objectContaining({ pointId: CENTRAL, camera: expect.any(String), microphone: expect.any(String) })]);
  });
});
