import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../integration/support/api.js';
import { CONF, NAM_CAN, setUpConference, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { frameColour, probe, segments } from '../recording/probe.js';
import { startCluster, until, type TestCluster } from './support/cluster.js';

// The record of the conference across nodes (docs/CLUSTER.md): A writes the conference (it
// created it), Năm Căn sends its camera and microphone into C's SFU (a synthetic point: plain RTP
// from ffmpeg, a red picture; test/recording/server-with-points.ts). The chair on A starts a
// recording: A records Năm Căn through the cascade (a tap on the feed brought from C through an
// SRTP pipe), its segments grow in A's data dir, and C, which does not write the conference,
// records nothing. The recording's state asked of C is answered by A (the request is sent on to
// the writer).

const SEGMENT_SECONDS = '2';
const RUN = 'rec-cascade';
let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient;

const pointDir = (node: 'A' | 'C') => path.join(cluster.dataDir(node), 'recordings', CONF, RUN, NAM_CAN);
const bytesIn = (dir: string) => (existsSync(dir) ? segments(dir).reduce((sum, f) => sum + statSync(f).size, 0) : 0);
const logLines = (node: 'A' | 'C', pattern: RegExp) =>
  cluster.nodes
    .get(node)!
    .stdout()
    .split('\n')
    .filter((l) => pattern.test(l));

beforeAll(async () => {
  cluster = await startCluster();
  await cluster.startNode('A', { HOINGHI_RECORDING_SEGMENT_SECONDS: SEGMENT_SECONDS });
  tokens = await setUpConference({ url: cluster.url('A'), serverAdminToken: cluster.nodes.get('A')!.serverAdminToken });
  await cluster.startNode('C', { HOINGHI_RECORDING_SEGMENT_SECONDS: SEGMENT_SECONDS, POINTS: `${CONF}:${NAM_CAN}` }, 'test/recording/server-with-points.ts');
  chair = await MeetingClient.join(cluster.url('A'), tokens.chair);
  expect(await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).toMatchObject({ ok: true });
}, 240_000);

afterAll(async () => {
  chair?.close();
  await cluster?.dispose();
});

describe('the record of a conference across nodes', () => {
  it('with Năm Căn’s camera on C and the writer on A, a recording is made on A, and no recorder runs on C', async () => {
    expect(await cluster.ownerUrl(CONF)).toBe(cluster.url('A'));
    expect(await chair.do({ type: 'startRecording', id: RUN })).toMatchObject({ ok: true });

    // A's segments of Năm Căn grow.
    await until(() => bytesIn(pointDir('A')) > 0, 60_000, 'A recording Năm Căn', () => ({ a: logLines('A', /recorder|pipe|tap/).slice(-8), c: logLines('C', /recorder|pipe/).slice(-5) }));
    const first = bytesIn(pointDir('A'));
    await until(() => bytesIn(pointDir('A')) > first + 20_000, 30_000, 'A’s recording of Năm Căn growing', () => ({ first, now: bytesIn(pointDir('A')) }));
    const grown = bytesIn(pointDir('A'));
    process.stdout.write(`[record-on-writer] A's segments of Năm Căn: ${first} -> ${grown} bytes\n`);

    // C sends Năm Căn's media and follows the log (it knows a recording runs), but records nothing.
    expect(logLines('C', /"point recorder started"/)).toEqual([]);
    expect(existsSync(path.join(cluster.dataDir('C'), 'recordings', CONF))).toBe(false);
    // A brought the feed in through an SRTP pipe it opened to C.
    expect(logLines('A', /"media pipe opened \(SRTP\)"/).length).toBeGreaterThan(0);
    expect(logLines('A', /"point recorder started"/).some((l) => l.includes(NAM_CAN))).toBe(true);

    // Asked of C, the recording's state is A's: the request is answered by the writer.
    const viaC = await new Api(cluster.url('C'), tokens.chair).get<{ points: string[]; conferenceBytes: number }>(`/api/conferences/${CONF}/recording`);
    expect(viaC.status, JSON.stringify(viaC.body)).toBe(200);
    expect(viaC.body.points).toEqual([NAM_CAN]);
    expect(viaC.body.conferenceBytes).toBeGreaterThan(0);

    expect(await chair.do({ type: 'stopRecording' })).toMatchObject({ ok: true });
    const onA = new Api(cluster.url('A'), tokens.chair);
    await until(async () => (await onA.get<{ points: string[] }>(`/api/conferences/${CONF}/recording`)).body.points.length === 0, 15_000, 'A’s recorder of Năm Căn stopped');
    // What A wrote is Năm Căn's picture as sent, copied (VP8), red (its look in server-with-points).
    const files = segments(pointDir('A'));
    expect(files.length, readdirSync(pointDir('A')).join(', ')).toBeGreaterThanOrEqual(2);
    expect(probe(files[0]!).streams.map((s) => s.codec)).toContain('vp8');
    const [r, g, b] = frameColour(files[0]!);
    expect(r, `rgb ${r} ${g} ${b}`).toBeGreaterThan(b + 80);
  }, 180_000);
});
