import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL, CONF, setUpConference, U_MINH } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startTestServer, type TestServer } from '../integration/support/testServer.js';
import { sleep, waitFor } from '../media/helpers.js';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';
import { probe, segments } from './probe.js';

// Issue #13: the organiser's private check of a point is not in the program, so it is not in the
// recording either. On a real server, SFU and ffmpeg: U Minh's microphone is closed in the program
// (a district without the floor), the organiser checks U Minh before and while recording, and
// hears it; U Minh's recorded Opus stream must hold not one packet. (Before the fix the recorder's
// tap forwarded whatever the producer sent, so the check's sound was in U Minh's segments.)

let server: TestServer;
let chair: MeetingClient;
let organiser: SyntheticPoint;
const points: SyntheticPoint[] = [];

/** Packets of U Minh's microphone reaching the organiser over one second. */
async function organiserHearsUMinh(): Promise<number> {
  const consumer = [...organiser.consumers].find(([, c]) => c.pointId === U_MINH && c.source === 'microphone');
  if (!consumer) return 0;
  const before = organiser.packetsOf(consumer[0]);
  await sleep(1_000);
  return organiser.packetsOf(consumer[0]) - before;
}

async function check(pointId: string | null): Promise<void> {
  await server.media!.service.privateCheck(organiser.sessionId, pointId);
  await server.media!.service.settled(CONF);
}

const audioPackets = (pointId: string) =>
  segments(path.join(server.dataDir, 'recordings', CONF, 'rec-check', pointId)).map((f) => probe(f).streams.find((s) => s.kind === 'audio')?.packets ?? 0);

beforeAll(async () => {
  server = await startTestServer({ media: true, env: { RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1', HOINGHI_RECORDING_SEGMENT_SECONDS: '2' } });
  const tokens = await setUpConference(server);
  chair = await MeetingClient.join(server.url, tokens.chair);
  expect((await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).ok).toBe(true);
  for (const [pointId, look] of [[CENTRAL, { colour: '#d02020', toneHz: 440 }], [U_MINH, { colour: '#2040d0', toneHz: 660 }]] as const) {
    const p = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId, receive: false, look });
    await p.startSending();
    points.push(p);
  }
  organiser = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId: null, role: 'admin', send: false });
}, 60_000);

afterAll(async () => {
  for (const p of points) await p.close();
  await organiser?.close();
  chair?.close();
  await server?.dispose();
});

describe('a private check and the recording', () => {
  it('the organiser hears the checked point, and its recording holds none of that sound (a check begun before and during the run)', async () => {
    // A check under way when the run starts: the tap opens on a microphone open for the check alone.
    await check(U_MINH);
    await waitFor('the organiser hears U Minh', async () => (await organiserHearsUMinh()) > 20, 20_000);
    expect((await chair.do({ type: 'startRecording', id: 'rec-check' })).ok).toBe(true);
    await waitFor('both points recording', () => server.recording!.recorders(CONF).length === 2, 15_000);
    expect(await organiserHearsUMinh()).toBeGreaterThan(20);
    await sleep(2_000);
    await check(null);
    await sleep(1_500);
    // A check begun while the run goes on.
    await check(U_MINH);
    await waitFor('the organiser hears U Minh again', async () => (await organiserHearsUMinh()) > 20, 20_000);
    await sleep(3_000);
    await check(null);
    await sleep(1_500);
    expect((await chair.do({ type: 'stopRecording' })).ok).toBe(true);
    await waitFor('recorders stopped', () => server.recording!.recorders(CONF).length === 0, 15_000);

    const uMinh = audioPackets(U_MINH);
    expect(uMinh.length).toBeGreaterThanOrEqual(3);
    expect(uMinh, 'U Minh’s microphone is closed in the program: no packet of the check may be recorded').toEqual(uMinh.map(() => 0));
    // The recording does record sound: the central point's open microphone.
    expect(audioPackets(CENTRAL).reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  }, 120_000);
});
