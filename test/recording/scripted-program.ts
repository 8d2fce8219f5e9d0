import { CENTRAL, CONF, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startTestServer, type TestServer } from '../integration/support/testServer.js';
import type { PointLook } from '../media/fixtures.js';
import { waitFor } from '../media/helpers.js';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';

// A short recorded meeting on a real server and SFU, for the program cut's test and the sample in
// docs/samples (npm run samples:recording): the fixture's Cà Mau conference, the central point and
// two districts as synthetic points, each its own colour and tone (the central one flashes a
// quarter of its picture white with a 3 kHz beep every 2 s); the chair records an agenda step, a
// district's speech, the gallery and back.

export const LOOKS: Record<string, PointLook> = {
  [CENTRAL]: { colour: '#d02020', toneHz: 3000, flash: true },
  [THOI_BINH]: { colour: '#2040d0', toneHz: 660 },
  [U_MINH]: { colour: '#20a040', toneHz: 440 },
};

export type ProgramMeeting = { server: TestServer; tokens: ConferenceTokens; chair: MeetingClient; districts: MeetingClient[]; close(): Promise<void> };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function must(ack: { ok: boolean; code?: string }, what: string): void {
  if (!ack.ok) throw new Error(`${what}: ${ack.code ?? 'refused'}`);
}

/** The server, the conference in session, the districts' consoles online, three points sending. */
export async function startProgramMeeting(opts: { keepData?: boolean; segmentSeconds?: number } = {}): Promise<ProgramMeeting> {
  const server = await startTestServer({
    media: true,
    keepData: opts.keepData ?? false,
    env: { RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1', HOINGHI_RECORDING_SEGMENT_SECONDS: String(opts.segmentSeconds ?? 2) },
  });
  const tokens = await setUpConference(server);
  const chair = await MeetingClient.join(server.url, tokens.chair);
  // The districts' consoles are connected, so the log says they are online and the gallery has them.
  const districts: MeetingClient[] = [];
  for (const pointId of [THOI_BINH, U_MINH]) districts.push(await MeetingClient.join(server.url, tokens.points[pointId]!));
  for (const status of ['rollCall', 'inSession'] as const) must(await chair.do({ type: 'setConferenceStatus', status }), status);
  const points: SyntheticPoint[] = [];
  for (const pointId of [CENTRAL, THOI_BINH, U_MINH]) {
    const p = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId, receive: false, look: LOOKS[pointId] });
    await p.startSending();
    points.push(p);
  }
  return {
    server,
    tokens,
    chair,
    districts,
    async close() {
      for (const p of points) await p.close();
      for (const c of districts) c.close();
      chair.close();
      await server.dispose();
    },
  };
}

/** Records the scripted run (about 21 s) under `recordingId`; `whileRecording` runs once all three record. */
export async function recordScriptedRun(m: ProgramMeeting, recordingId: string, whileRecording?: () => Promise<void>): Promise<void> {
  const { chair, server } = m;
  must(await chair.do({ type: 'startRecording', id: recordingId }), 'startRecording');
  await waitFor('three points recording', () => server.recording!.recorders(CONF).length === 3, 20_000);
  await whileRecording?.();
  await pause(3_000);
  must(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' }), 'startAgenda');
  must(await m.districts[0]!.do({ type: 'requestFloor', id: 'r-tb', pointId: THOI_BINH, delegateName: 'Nguyễn Văn A', delegatePosition: 'Chủ tịch UBND huyện', topic: 'Thu ngân sách', kind: 'contribution' }), 'requestFloor');
  await pause(1_000);
  must(await chair.do({ type: 'grantFloor', requestId: 'r-tb', speechId: 'sp-tb' }), 'grantFloor');
  await pause(5_000);
  must(await chair.do({ type: 'endSpeech', speechId: 'sp-tb' }), 'endSpeech');
  await pause(3_000);
  must(await chair.do({ type: 'setLayout', mode: 'gallery' }), 'gallery');
  await pause(3_000);
  must(await chair.do({ type: 'setLayout', mode: 'presiding' }), 'presiding');
  await pause(5_000);
  must(await chair.do({ type: 'stopRecording' }), 'stopRecording');
  await waitFor('recorders stopped', () => server.recording!.recorders(CONF).length === 0, 15_000);
}
