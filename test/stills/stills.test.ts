import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StillListSchema, type StillListItem } from '../../shared/protocol/stills-http.js';
import { Api } from '../integration/support/api.js';
import { CENTRAL, CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient } from '../integration/support/meetingClient.js';
import { startTestServer, type TestServer } from '../integration/support/testServer.js';
import type { PointLook } from '../media/fixtures.js';
import { waitFor } from '../media/helpers.js';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';

// Stills on a real server and SFU (issue 16, R-STILL-1..4): two synthetic points send real RTP,
// each its own colour; the chair's and the clerk's consoles ask for stills over HTTP; the server
// takes one by itself as a speech starts. The JPEG of a point is that point's colour; a refused
// request leaves the log and the stills' folder as they were.

let server: TestServer;
let tokens: ConferenceTokens;
let chair: MeetingClient;
let clerkApi: Api;
let chairApi: Api;
const points: SyntheticPoint[] = [];

const LOOKS: Record<string, PointLook> = { [CENTRAL]: { colour: '#d02020', toneHz: 440 }, [THOI_BINH]: { colour: '#2040d0', toneHz: 660 } };
const stillsPath = `/api/conferences/${CONF}/stills`;

/** The mean colour [r, g, b] of a JPEG, decoded by Debian's ffmpeg. */
function jpegColour(jpeg: Uint8Array): [number, number, number] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0', '-vf', 'scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { input: jpeg, maxBuffer: 1 << 20 });
  return [raw[0] ?? 0, raw[1] ?? 0, raw[2] ?? 0];
}

async function jpegOf(api: Api, stillId: string): Promise<Uint8Array> {
  const res = await fetch(`${api.baseUrl}${stillsPath}/${stillId}.jpg`, { headers: { authorization: `Bearer ${api.token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^image\/jpeg/);
  return new Uint8Array(await res.arrayBuffer());
}

async function list(api: Api): Promise<StillListItem[]> {
  const res = await api.get(stillsPath);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return StillListSchema.parse(res.body).stills;
}

const stillFiles = () => readdirSync(path.join(server.dataDir, 'stills', CONF)).sort();

beforeAll(async () => {
  server = await startTestServer({ media: true, env: { RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1' } });
  tokens = await setUpConference(server);
  chair = await MeetingClient.join(server.url, tokens.chair);
  chairApi = new Api(server.url, tokens.chair);
  clerkApi = new Api(server.url, tokens.clerk);
  expect((await chair.do({ type: 'setConferenceStatus', status: 'rollCall' })).ok).toBe(true);
  for (const pointId of [CENTRAL, THOI_BINH]) {
    const p = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId, receive: false, look: LOOKS[pointId] });
    await p.startSending();
    points.push(p);
  }
  await waitFor('both cameras in the SFU', () => server.media!.service.pointFeeds(CONF).filter((f) => f.camera !== null).length === 2, 15_000);
}, 60_000);
afterAll(async () => {
  for (const p of points) await p.close();
  chair?.close();
  await server?.dispose();
});

describe('stills (R-STILL-1..4)', () => {
  it("a still the clerk asks of a point is a JPEG of that point's picture, recorded with who, when and what", async () => {
    const before = Date.now();
    const res = await clerkApi.post<{ ok: boolean; stillId: string; pointId: string; seq: number }>(stillsPath, { source: 'point', pointId: THOI_BINH });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.pointId).toBe(THOI_BINH);
    const jpeg = await jpegOf(clerkApi, res.body.stillId);
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    const [r, g, b] = jpegColour(jpeg);
    expect(b, `Thới Bình is blue: ${[r, g, b]}`).toBeGreaterThan(r + 80);
    const still = (await list(clerkApi)).find((s) => s.stillId === res.body.stillId)!;
    expect(still).toMatchObject({ source: 'point', trigger: 'request', pointId: THOI_BINH, pointName: 'Huyện Thới Bình', speechId: null, inMinutes: false });
    expect(still.at).toBeGreaterThanOrEqual(before);
    expect(still.at).toBeLessThanOrEqual(Date.now());
    expect(still.width).toBeGreaterThan(0);
    expect(still.figureCaption).toBe('Ảnh: Quang cảnh Hội nghị tại điểm cầu Huyện Thới Bình.');
    expect(still.at).toBeGreaterThan(0);
    await waitFor('the chair saw the still', () => chair.state.stills[res.body.stillId]);
    expect(chair.state.stills[res.body.stillId]!.by.role).toBe('clerk');
  });

  it("the chair's still of the program is the picture the presiding layout shows large (the central point)", async () => {
    const res = await chairApi.post<{ stillId: string; pointId: string }>(stillsPath, { source: 'program' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.pointId).toBe(CENTRAL);
    const [r, , b] = jpegColour(await jpegOf(chairApi, res.body.stillId));
    expect(r, 'the central point is red').toBeGreaterThan(b + 80);
    const still = (await list(chairApi)).find((s) => s.stillId === res.body.stillId)!;
    expect(still).toMatchObject({ source: 'program', trigger: 'request', pointId: CENTRAL });
    expect(still.figureCaption).toBe('Ảnh: Quang cảnh Hội nghị tại điểm cầu trung tâm UBND tỉnh.');
  });

  it("the server takes a still as a speech starts, of the speaker's point, with the speaker, the step and the time", async () => {
    expect((await chair.do({ type: 'setConferenceStatus', status: 'inSession' })).ok).toBe(true);
    expect((await chair.do({ type: 'startAgenda', stepId: 'a-discuss' })).ok).toBe(true);
    const district = await MeetingClient.join(server.url, tokens.points[THOI_BINH]!);
    try {
      const asked = await district.do({ type: 'requestFloor', id: 'r-tb', pointId: THOI_BINH, delegateName: 'Nguyễn Văn A', delegatePosition: 'Chủ tịch UBND huyện', topic: 'Thu ngân sách', kind: 'contribution' });
      expect(asked.ok, JSON.stringify(asked)).toBe(true);
      const grantedAt = Date.now();
      expect((await chair.do({ type: 'grantFloor', requestId: 'r-tb', speechId: 'sp-tb' })).ok).toBe(true);
      const still = await waitFor('the still of the speech start', async () => (await list(clerkApi)).find((s) => s.trigger === 'speechStart' && s.speechId === 'sp-tb'), 20_000, 300);
      expect(still).toMatchObject({ source: 'point', pointId: THOI_BINH, speakerName: 'Nguyễn Văn A', stepId: 'a-discuss' });
      // Taken within the grab's time of the grant (a key frame asked for, one frame decoded).
      expect(still.at).toBeGreaterThanOrEqual(grantedAt - 1000);
      expect(still.at - grantedAt).toBeLessThan(10_000);
      expect(still.figureCaption).toBe('Ảnh: Đồng chí Nguyễn Văn A, Chủ tịch UBND huyện phát biểu tại Hội nghị.');
      const [r, , b] = jpegColour(await jpegOf(clerkApi, still.stillId));
      expect(b, 'the speaker is at Thới Bình (blue)').toBeGreaterThan(r + 80);
      expect((await chair.do({ type: 'endSpeech', speechId: 'sp-tb' })).ok).toBe(true);
    } finally {
      district.close();
    }
  });

  it('a refused request (wrong role, unknown point, no picture, bad body) changes nothing: no event, no file', async () => {
    await server.stills!.settled();
    const room = server.rooms.get(CONF)!;
    const seq = room.seq;
    const files = stillFiles();
    const refusals: [Api, unknown, number, string][] = [
      [new Api(server.url, tokens.points[THOI_BINH]), { source: 'point', pointId: THOI_BINH }, 403, 'FORBIDDEN'],
      [new Api(server.url, tokens.observer), { source: 'program' }, 403, 'FORBIDDEN'],
      [clerkApi, { source: 'point', pointId: 'khong-co' }, 404, 'UNKNOWN_POINT'],
      [clerkApi, { source: 'point', pointId: U_MINH }, 409, 'NO_VIDEO'],
      [chairApi, { source: 'point', pointId: NAM_CAN }, 409, 'NO_VIDEO'],
      [clerkApi, { source: 'camera', pointId: THOI_BINH }, 400, 'INVALID_COMMAND'],
      [clerkApi, { source: 'point', pointId: THOI_BINH, extra: 1 }, 400, 'INVALID_COMMAND'],
    ];
    for (const [api, body, status, code] of refusals) {
      const res = await api.post<{ code: string }>(stillsPath, body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    await server.stills!.settled();
    expect(room.seq).toBe(seq);
    expect(stillFiles()).toEqual(files);
    expect(files.every((f) => /^still-[0-9a-f-]+\.jpg$/.test(f))).toBe(true);
  });

  it('the clerk chooses a still for the minutes with a caption; points never see stills (R-STILL-4, R-READ-7)', async () => {
    const [first] = await list(clerkApi);
    const put = await clerkApi.request('PUT', `${stillsPath}/${first!.stillId}`, { inMinutes: true, caption: 'Quang cảnh Hội nghị tại điểm cầu huyện Thới Bình' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const chosen = (await list(chairApi)).find((s) => s.stillId === first!.stillId)!;
    expect(chosen).toMatchObject({ inMinutes: true, caption: 'Quang cảnh Hội nghị tại điểm cầu huyện Thới Bình', figureCaption: 'Ảnh: Quang cảnh Hội nghị tại điểm cầu huyện Thới Bình' });
    const seq = server.rooms.get(CONF)!.seq;
    const pointApi = new Api(server.url, tokens.points[THOI_BINH]);
    const refused = await pointApi.request<{ code: string }>('PUT', `${stillsPath}/${first!.stillId}`, { inMinutes: false });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await clerkApi.request<{ code: string }>('PUT', `${stillsPath}/still-none`, { inMinutes: true });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'UNKNOWN_STILL']);
    const badCaption = await clerkApi.request<{ code: string }>('PUT', `${stillsPath}/${first!.stillId}`, { inMinutes: true, caption: '' });
    expect([badCaption.status, badCaption.body.code]).toEqual([400, 'INVALID_COMMAND']);
    expect(server.rooms.get(CONF)!.seq).toBe(seq);
    expect(await list(pointApi)).toEqual([]);
    const jpeg = await pointApi.get<{ code: string }>(`${stillsPath}/${first!.stillId}.jpg`);
    expect([jpeg.status, jpeg.body.code]).toEqual([404, 'UNKNOWN_STILL']);
  });

  it('the minutes (DOCX and PDF) carry the chosen still as a figure with its caption, and only it', async () => {
    const minutes = async (format: 'docx' | 'pdf') => {
      const res = await fetch(`${server.url}/api/conferences/${CONF}/reports/minutes.${format}`, { headers: { authorization: `Bearer ${tokens.clerk}` } });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const caption = 'Ảnh: Quang cảnh Hội nghị tại điểm cầu huyện Thới Bình';
    const docx = unzipSync(new Uint8Array(await minutes('docx')));
    const media = Object.keys(docx).filter((f) => f.startsWith('word/media/'));
    expect(media, Object.keys(docx).join(', ')).toHaveLength(1);
    expect([docx[media[0]!]![0], docx[media[0]!]![1]]).toEqual([0xff, 0xd8]);
    const text = strFromU8(docx['word/document.xml']!).replace(/<[^>]+>/g, '');
    expect(text).toContain(caption);
    const pdf = await minutes('pdf');
    const images = execFileSync('pdfimages', ['-list', '-'], { input: pdf }).toString('utf8').split('\n').slice(2).filter(Boolean);
    expect(images, images.join('\n')).toHaveLength(1);
    expect(images[0]).toMatch(/\bimage\b.*\bjpeg\b/);
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
    expect(pdfText).toContain(caption);
  });
});
