import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../integration/support/api.js';
import { CONF, NAM_CAN, setUpConference, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { frameColour, probe, segments } from '../recording/probe.js';
import { RELAYED_HEADER } from '../../server/cluster/atTheWriter.js';
import { parsePlaylist } from '../live/hls-watcher.js';
import { startCluster, until, type TestCluster } from './support/cluster.js';

// The record of the conference across nodes (docs/CLUSTER.md): A writes the conference (it
// created it), Năm Căn sends its camera and microphone into C's SFU (a synthetic point: plain RTP
// from ffmpeg, a red picture; test/recording/server-with-points.ts). The chair on A starts a
// recording: A records Năm Căn through the cascade (a tap on the feed brought from C through an
// SRTP pipe), its segments grow in A's data dir, and C, which does not write the conference,
// records nothing. The recording's state asked of C is answered by A (the request is sent on to
// the writer). A still asked of C is taken by A of Năm Căn's camera and served through C; the live
// program with Năm Căn holding the floor is mixed by A alone, and a watch link issued through C plays
// it through C.

const SEGMENT_SECONDS = '2';
const RUN = 'rec-cascade';
let cluster: TestCluster;
let tokens: ConferenceTokens;
let chair: MeetingClient;
let namCan: MeetingClient | undefined;

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
  namCan?.close();
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
    // A request one node relayed is never relayed again (no loop while a lease moves): C, which does
    // not write the conference, says so itself.
    const relayedTwice = await new Api(cluster.url('C'), tokens.chair).request<{ code: string }>('GET', `/api/conferences/${CONF}/recording`, undefined, { [RELAYED_HEADER]: cluster.url('A') });
    expect(relayedTwice.status).toBe(503);
    expect(relayedTwice.body.code).toBe('NO_OWNER');

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

  it('a still of Năm Căn asked of C is taken by A from the camera on C, kept on A’s disk and served through C', async () => {
    const viaC = new Api(cluster.url('C'), tokens.chair);
    const taken = await viaC.post<{ stillId: string; pointId: string }>(`/api/conferences/${CONF}/stills`, { source: 'point', pointId: NAM_CAN });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.pointId).toBe(NAM_CAN);
    const onA = path.join(cluster.dataDir('A'), 'stills', CONF, `${taken.body.stillId}.jpg`);
    expect(existsSync(onA)).toBe(true);
    expect(existsSync(path.join(cluster.dataDir('C'), 'stills', CONF))).toBe(false);
    const jpeg = await fetch(`${cluster.url('C')}/api/conferences/${CONF}/stills/${taken.body.stillId}.jpg`, { headers: { authorization: `Bearer ${tokens.chair}` } });
    expect(jpeg.status).toBe(200);
    expect(jpeg.headers.get('content-type')).toContain('image/jpeg');
    const bytes = new Uint8Array(await jpeg.arrayBuffer());
    expect(bytes.length).toBe(statSync(onA).size);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  }, 60_000);

  it('the live program is mixed by A alone, with Năm Căn (on C) holding the floor, and a watch link issued through C plays it through C', async () => {
    expect(await chair.do({ type: 'setConferenceStatus', status: 'inSession' })).toMatchObject({ ok: true });
    // Năm Căn's console connects to C (the program shows points that are online) and is given the
    // floor (registered by the chair on its behalf): the program shows it full frame.
    namCan = await MeetingClient.join(cluster.url('C'), tokens.points[NAM_CAN]!);
    expect(await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'requestFloor', id: 'r-record', pointId: NAM_CAN, topic: 'Báo cáo tình hình sạt lở bờ biển Tây', kind: 'contribution' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'grantFloor', requestId: 'r-record' })).toMatchObject({ ok: true });
    expect(await chair.do({ type: 'startLiveStream', id: 'live-cascade' })).toMatchObject({ ok: true });
    const issued = await new Api(cluster.url('C'), tokens.chair).post<{ link: { url: string } }>(`/api/conferences/${CONF}/watch-links`, {});
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const link = issued.body.link.url;
    expect(link.startsWith(cluster.url('C'))).toBe(true);
    let segments: string[] = [];
    await until(async () => {
      const res = await fetch(link);
      segments = res.status === 200 ? parsePlaylist(await res.text(), 0).segments.map((x) => x.uri) : [];
      return segments.length >= 3;
    }, 60_000, 'three segments of the live program through C', () => ({ a: logLines('A', /live/).slice(-5), c: logLines('C', /live/).slice(-5) }));
    const segment = await fetch(link.replace(/index\.m3u8$/, segments[segments.length - 1]!));
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toContain('video/mp2t');
    // The middle of the picture turns to Năm Căn's red camera, brought from C into A's mixer (the
    // mixer shows the background until the tap's first key frame).
    const dir = mkdtempSync(path.join(tmpdir(), 'hoinghi-live-seg-'));
    let rgb: number[] = [];
    try {
      await until(async () => {
        const playlist = await fetch(link);
        const newest = parsePlaylist(await playlist.text(), 0).segments.at(-1)?.uri;
        if (!newest) return false;
        const file = path.join(dir, 'seg.ts');
        writeFileSync(file, new Uint8Array(await (await fetch(link.replace(/index\.m3u8$/, newest))).arrayBuffer()));
        rgb = [...execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', 'crop=320:180:480:270,scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'])];
        return (rgb[0] ?? 0) > (rgb[2] ?? 0) + 80;
      }, 45_000, 'Năm Căn’s red picture in the middle of the live program', () => ({ rgb, a: logLines('A', /live|tap/).slice(-5) }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`[record-on-writer] the live program's middle through C: rgb ${rgb.join(' ')}\n`);
    expect(logLines('A', /"live program started"/).length).toBe(1);
    expect(logLines('C', /"live program started"/)).toEqual([]);
    expect(existsSync(path.join(cluster.dataDir('C'), 'live', CONF))).toBe(false);
  }, 120_000);
});
