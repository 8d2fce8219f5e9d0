import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../integration/support/api.js';
import { CENTRAL, CONF, setUpConference, type ConferenceTokens } from '../integration/support/fixture.js';
import { MeetingClient, refusedJoin } from '../integration/support/meetingClient.js';
import { startTestServer, type TestServer } from '../integration/support/testServer.js';
import { waitFor } from '../media/helpers.js';
import { syntheticPoint, type SyntheticPoint } from '../media/synthetic-point.js';
import { parsePlaylist } from './hls-watcher.js';

// Watch links (issue #16): a read-only address of one conference's live stream for a player that
// cannot send headers (VLC, a TV station, the provincial portal), the token in the path. Real
// server, SFU and ffmpeg, one synthetic point. ffprobe reads the link with no header at all; a
// revoked, expired or tampered link is refused, another conference's link does not reach this
// stream, and the token opens nothing but the playlist and segments (no API, no socket).

const OTHER = 'hn-test-2021-b';
/** Failed attempts per address before 429: low enough to reach here, above the refusals the test makes before. */
const FAILED_ATTEMPTS = 30;

type WatchLinkView = { id: string; url: string; page: string; live: boolean; issuedBy: string; revokedAt: number | null; expiresAt: number };
/** A built client of one file: the watch page the server sends for /live/<token>/. */
const clientDir = mkdtempSync(path.join(os.tmpdir(), 'hoinghi-watch-client-'));
const WATCH_PAGE = '<!doctype html><title>watch page</title>';

let server: TestServer;
let tokens: ConferenceTokens;
let chair: MeetingClient;
let point: SyntheticPoint;

const api = (token?: string) => new Api(server.url, token);
const pathOf = (url: string) => new URL(url).pathname;
const dirOf = (url: string) => pathOf(url).replace(/index\.m3u8$/, '');
async function issue(token: string, conferenceId = CONF, body: Record<string, unknown> = {}) {
  const res = await api(token).post<{ link: WatchLinkView }>(`/api/conferences/${conferenceId}/watch-links`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.link;
}
/** A GET with no header at all, as VLC would do it. */
const bare = (path: string) => fetch(`${server.url}${path}`);
const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code;

function ffprobe(url: string): Promise<{ streams: { codec_name: string; width?: number; height?: number }[] }> {
  return new Promise((resolve, reject) => {
    const p = spawn('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', url]);
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as never) : reject(new Error(`ffprobe exit ${code}: ${err.slice(-400)}`))));
  });
}

beforeAll(async () => {
  writeFileSync(path.join(clientDir, 'watch.html'), WATCH_PAGE);
  server = await startTestServer({ media: true, clientDir, env: { RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1' }, failedJoins: { capacity: FAILED_ATTEMPTS, refillMs: 60_000 } });
  tokens = await setUpConference(server);
  chair = await MeetingClient.join(server.url, tokens.chair);
  for (const status of ['rollCall', 'inSession'] as const) expect((await chair.do({ type: 'setConferenceStatus', status })).ok).toBe(true);
  point = await syntheticPoint(server.media!.service, { conferenceId: CONF, pointId: CENTRAL, receive: false, look: { colour: '#d02020', toneHz: 660 } });
  await point.startSending();
}, 120_000);

afterAll(async () => {
  await point?.close();
  chair?.close();
  await server?.dispose();
  rmSync(clientDir, { recursive: true, force: true });
});

describe('a live watch link', () => {
  let link: WatchLinkView;

  it('is issued by the organiser or the chair only, and says the stream is off until a run starts', async () => {
    link = await issue(tokens.admin, CONF, { label: 'Đài Phát thanh và Truyền hình Cà Mau', ttlHours: 12 });
    expect(link).toMatchObject({ issuedBy: 'admin', live: true, revokedAt: null, label: 'Đài Phát thanh và Truyền hình Cà Mau' });
    expect(link.url).toMatch(new RegExp(`^${server.url}/live/w1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+/index\\.m3u8$`));
    expect(link.expiresAt - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expect((await issue(tokens.chair)).issuedBy).toBe('chair');
    for (const token of [tokens.observer, tokens.clerk, tokens.points[CENTRAL]!]) {
      expect((await api(token).post(`/api/conferences/${CONF}/watch-links`, {})).status).toBe(403);
      expect((await api(token).get(`/api/conferences/${CONF}/watch-links`)).status).toBe(403);
    }
    // Bad input is refused and issues nothing.
    for (const body of [{ ttlHours: 0 }, { ttlHours: 24 * 31 }, { label: '' }, { role: 'admin' }]) {
      expect((await api(tokens.admin).post(`/api/conferences/${CONF}/watch-links`, body)).status).toBe(400);
    }
    const listed = await api(tokens.chair).get<{ links: WatchLinkView[] }>(`/api/conferences/${CONF}/watch-links`);
    expect(listed.body.links.map((l) => l.issuedBy)).toEqual(['admin', 'chair']);
    const off = await bare(pathOf(link.url));
    expect(off.status).toBe(404);
    expect(await codeOf(off)).toBe('LIVE_STREAM_OFF');
  });

  it('plays without any header once the chair starts the stream (ffprobe: H.264 1280×720 + AAC), segments relative to the link', async () => {
    expect((await chair.do({ type: 'startLiveStream', id: 'live-w' })).ok).toBe(true);
    await waitFor('two segments through the link', async () => {
      const res = await bare(pathOf(link.url));
      return res.status === 200 && parsePlaylist(await res.text(), 0).segments.length >= 2 ? true : undefined;
    }, 30_000, 250);
    const playlist = await bare(pathOf(link.url));
    expect(playlist.headers.get('content-type')).toContain('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('access-control-allow-origin')).toBe('*');
    const segments = parsePlaylist(await playlist.text(), 0).segments;
    // Relative URIs: a player resolves them under the link's own path.
    expect(segments.every((s) => /^seg-[0-9]{5}\.ts$/.test(s.uri))).toBe(true);
    const segment = await bare(dirOf(link.url) + segments[0]!.uri);
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toContain('video/mp2t');
    const probed = await ffprobe(link.url);
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(probed.streams.find((s) => s.codec_name === 'h264')).toMatchObject({ width: 1280, height: 720 });
  }, 60_000);

  it('has a watch page at the playlist’s folder, and tells it the conference and whether it is live (watch.json)', async () => {
    expect(link.page).toBe(link.url.replace(/index\.m3u8$/, ''));
    const page = await bare(pathOf(link.page));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toBe(WATCH_PAGE);
    // Without the slash the page's relative requests would miss the token: redirected to it.
    const slashless = await fetch(`${server.url}${pathOf(link.page).replace(/\/$/, '')}`, { redirect: 'manual' });
    expect(slashless.status).toBe(301);
    expect(slashless.headers.get('location')).toBe(`${pathOf(link.page).split('/')[2]}/`);
    const info = await bare(`${pathOf(link.page)}watch.json`);
    expect(info.status).toBe(200);
    expect(info.headers.get('cache-control')).toBe('no-store');
    const body = (await info.json()) as { conference: Record<string, string>; live: boolean; startedAt: number | null };
    expect(body).toEqual({
      conference: { title: 'Hội nghị trực tuyến kiểm điểm công tác năm 2020', organiser: expect.any(String), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), venue: expect.any(String) },
      live: true,
      startedAt: expect.any(Number),
    });
    // Nothing of the meeting's record besides.
    expect(Object.keys(body).sort()).toEqual(['conference', 'live', 'startedAt']);
  });

  it('reaches nothing but the playlist and the segments: no other file, no API route, no socket', async () => {
    const token = pathOf(link.url).split('/')[2]!;
    for (const file of ['index.m3u9', 'seg-1.ts', 'seg-00001.mp4', '..%2f..%2fevents.jsonl', 'state']) {
      const res = await bare(`/live/${token}/${file}`);
      expect(res.status, file).toBe(404);
      expect(await codeOf(res)).toBe('NOT_FOUND');
    }
    // As a bearer token it is no join token: every API route and the socket refuse it.
    for (const path of [`/api/conferences/${CONF}/state`, `/api/conferences/${CONF}/live/index.m3u8`, `/api/conferences/${CONF}/watch-links`, '/api/whoami']) {
      expect((await api(token).get(path)).status, path).toBe(401);
    }
    expect(await refusedJoin(server.url, token)).toBe('TOKEN_MALFORMED');
    // Nor is a join token a watch token, and a changed payload breaks the signature.
    const asWatch = await bare(`/live/${tokens.observer}/index.m3u8`);
    expect([asWatch.status, await codeOf(asWatch)]).toEqual([401, 'TOKEN_MALFORMED']);
    const [v, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { c: string };
    const forged = `${v}.${Buffer.from(JSON.stringify({ ...claims, c: OTHER })).toString('base64url')}.${signature}`;
    const tampered = await bare(`/live/${forged}/index.m3u8`);
    expect([tampered.status, await codeOf(tampered)]).toEqual([401, 'TOKEN_SIGNATURE']);
  });

  it("another conference's link reaches that conference's stream only (off here), never this one", async () => {
    const other = await setUpConference(server, OTHER);
    const otherLink = await issue(other.admin, OTHER);
    const res = await bare(pathOf(otherLink.url));
    expect([res.status, await codeOf(res)]).toEqual([404, 'LIVE_STREAM_OFF']);
    // Its admin can neither list nor revoke this conference's links.
    expect((await api(other.admin).get(`/api/conferences/${CONF}/watch-links`)).status).toBe(403);
    expect((await api(other.admin).post(`/api/conferences/${CONF}/watch-links/${link.id}/revoke`)).status).toBe(403);
    expect((await api(tokens.admin).post(`/api/conferences/${OTHER}/watch-links/${link.id}/revoke`)).status).toBe(403);
  });

  it('is refused at once when revoked, and when expired', async () => {
    const revoked = await api(tokens.chair).post<{ revoked: WatchLinkView }>(`/api/conferences/${CONF}/watch-links/${link.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toMatchObject({ id: link.id, live: false });
    for (const path of [pathOf(link.url), `${dirOf(link.url)}seg-00001.ts`, `${dirOf(link.url)}watch.json`]) {
      const res = await bare(path);
      expect([res.status, await codeOf(res)]).toEqual([401, 'TOKEN_REVOKED']);
    }
    // The page itself is the same file for every token; it learns of the revocation from watch.json.
    expect((await bare(pathOf(link.page))).status).toBe(200);
    expect((await api(tokens.chair).post(`/api/conferences/${CONF}/watch-links/w0000000000000000/revoke`)).status).toBe(404);
    expect((await api(tokens.chair).post(`/api/conferences/${CONF}/watch-links/not-a-link/revoke`)).status).toBe(404);
    // An expiry of 2 s (the route's least is an hour: the registry itself is used here).
    const short = await server.watchLinks.issue({ conferenceId: CONF, issuedBy: 'admin', ttlMs: 2_000 });
    const shortPath = `/live/${server.watchLinks.tokenFor(short)}/index.m3u8`;
    expect((await bare(shortPath)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_500));
    const expired = await bare(shortPath);
    expect([expired.status, await codeOf(expired)]).toEqual([401, 'TOKEN_EXPIRED']);
  }, 30_000);

  it('spends failed attempts like a refused join: guessing is throttled (429), a valid link still plays', async () => {
    const good = await issue(tokens.admin);
    let res: Response | undefined;
    for (let i = 0; i <= FAILED_ATTEMPTS; i++) {
      res = await bare(`/live/w1.${Buffer.from(`guess-${i}`).toString('base64url')}.AAAA/index.m3u8`);
      if (res.status === 429) break;
      expect(res.status).toBe(401);
    }
    expect(res!.status).toBe(429);
    expect(await codeOf(res!)).toBe('RATE_LIMITED');
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await bare(pathOf(good.url))).status).toBe(200);
    // The stream stops with the command: the link then says so.
    expect((await chair.do({ type: 'stopLiveStream' })).ok).toBe(true);
    const off = await bare(pathOf(good.url));
    expect([off.status, await codeOf(off)]).toEqual([404, 'LIVE_STREAM_OFF']);
    expect(await (await bare(`${pathOf(good.page)}watch.json`)).json()).toMatchObject({ live: false, startedAt: null });
  }, 30_000);
});
