import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditList, Rect } from '../../shared/recording/edit-list.js';
import { Api } from '../integration/support/api.js';
import { CENTRAL, CONF, THOI_BINH, U_MINH, type ConferenceTokens } from '../integration/support/fixture.js';
import type { TestServer } from '../integration/support/testServer.js';
import { waitFor } from '../media/helpers.js';
import { beepOnsets, colourAt, flashOnsets, probe } from './probe.js';
import { recordScriptedRun, startProgramMeeting, type ProgramMeeting } from './scripted-program.js';

// The program cut on a real server and SFU (issue #16): three synthetic points, each its own
// colour and tone, send real RTP; the chair records a short meeting (an agenda step, a district
// given the floor, its speech ended, the gallery, back); then the program is rendered through the
// HTTP API. ffprobe and frame extraction check that the MP4 is what an archive expects and that
// in every logged interval the program shows who the edit list says: the floor holder full frame,
// the presiding picture as an inset, the grid. A quarter of the central point's picture flashes
// white while its tone beeps, so the cut's sound and picture are checked within 100 ms of each other.

type Colour = 'red' | 'blue' | 'green';
const COLOUR_OF: Record<string, Colour> = { [CENTRAL]: 'red', [THOI_BINH]: 'blue', [U_MINH]: 'green' };

function colourName([r, g, b]: [number, number, number]): Colour | 'other' {
  if (r > g + 80 && r > b + 80) return 'red';
  if (b > r + 80 && b > g + 40) return 'blue';
  if (g > r + 60 && g > b + 60) return 'green';
  return 'other';
}

/** The point on screen in a picture's place at a time, from its upper left quarter (clear of the flash, the inset and the lower third). */
function pointColour(file: string, atS: number, rect: Rect): string {
  const quarter = { x: rect.x + Math.floor(rect.w / 8), y: rect.y + Math.floor(rect.h / 8), w: Math.floor(rect.w / 4), h: Math.floor(rect.h / 4) };
  return colourName(colourAt(file, atS, quarter));
}

let meeting: ProgramMeeting;
let server: TestServer;
let tokens: ConferenceTokens;

beforeAll(async () => {
  meeting = await startProgramMeeting({ keepData: process.env['KEEP_RECORDINGS'] === '1' });
  ({ server, tokens } = meeting);
}, 120_000);
afterAll(async () => {
  await meeting?.close();
});

describe('the program cut', () => {
  let edl: EditList;
  let video: string;

  it('renders one MP4 of a recorded run from its segments and the log, through the API, with its edit list beside it', async () => {
    const api = new Api(server.url, tokens.chair);
    await recordScriptedRun(meeting, 'rec-p', async () => {
      expect(await api.post(`/api/conferences/${CONF}/recordings/rec-p/program`, {})).toMatchObject({ status: 409, body: { code: 'RECORDING_RUNNING', message: 'rec-p' } });
    });

    expect((await api.get(`/api/conferences/${CONF}/recordings/rec-p/program`)).body).toMatchObject({ state: 'none' });
    // Refusals carry a code of the error catalogue (shared/protocol/recording-http.ts) and only facts.
    expect(await api.get(`/api/conferences/${CONF}/recordings/nope/program`)).toMatchObject({ status: 404, body: { code: 'UNKNOWN_RECORDING', message: 'nope' } });
    expect(await api.get(`/api/conferences/${CONF}/recordings/rec-p/program.mp4`)).toMatchObject({ status: 404, body: { code: 'PROGRAM_NOT_RENDERED', message: 'rec-p' } });
    const started = await api.post<{ state: string; shots: number }>(`/api/conferences/${CONF}/recordings/rec-p/program`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.state).toBe('rendering');
    const done = await waitFor(
      'the render',
      async () => {
        const s = await api.get<{ state: string; renderMs?: number; error?: string }>(`/api/conferences/${CONF}/recordings/rec-p/program`);
        return s.body.state === 'done' || s.body.state === 'failed' ? s.body : undefined;
      },
      240_000,
      500,
    );
    expect(done, done.error).toMatchObject({ state: 'done' });
    const runDir = path.join(server.dataDir, 'recordings', CONF, 'rec-p');
    video = path.join(runDir, 'program.mp4');
    expect(existsSync(path.join(runDir, 'program.edit-list.json'))).toBe(true);
    const list = await api.get<EditList>(`/api/conferences/${CONF}/recordings/rec-p/program.edit-list.json`);
    expect(list.status).toBe(200);
    edl = list.body;
    expect(edl.shots.length).toBe(started.body.shots);
    const mp4 = await fetch(`${server.url}/api/conferences/${CONF}/recordings/rec-p/program.mp4`, { headers: { authorization: `Bearer ${tokens.chair}`, range: 'bytes=0-7' } });
    expect(mp4.status).toBe(206);
    expect(Buffer.from(await mp4.arrayBuffer()).subarray(4, 8).toString('latin1')).toBe('ftyp');
    // What an archive or a press office expects: H.264 1280×720 and AAC, as long as the run.
    const p = probe(video);
    expect(p.streams.map((s) => s.codec).sort()).toEqual(['aac', 'h264']);
    expect(Math.abs(p.duration - edl.durationMs / 1000)).toBeLessThan(0.1);
    console.log(`program cut: ${(edl.durationMs / 1000).toFixed(1)} s of meeting, ${edl.shots.length} shots, rendered in ${done.renderMs} ms`);
  }, 400_000);

  it('shows in every logged interval the points the edit list decided: the floor holder full frame, the presiding picture inset, the grid', async () => {
    expect(edl, 'the render above').toBeDefined();
    const granted = edl.shots.find((s) => s.pictures[0]?.pointId === THOI_BINH && s.pictures[0].role === 'main');
    expect(granted?.pictures.map((p) => [p.pointId, p.role])).toEqual([
      [THOI_BINH, 'main'],
      [CENTRAL, 'inset'],
    ]);
    expect(granted?.caption).toMatchObject({ name: 'Nguyễn Văn A', position: 'Chủ tịch UBND huyện', pointName: 'Huyện Thới Bình', stepTitle: 'Thảo luận' });
    expect(edl.shots.some((s) => s.layout === 'gallery' && s.pictures.length === 3)).toBe(true);
    expect(edl.speeches).toEqual([expect.objectContaining({ speechId: 'sp-tb', pointId: THOI_BINH, atMs: granted!.fromMs })]);

    // The recorders start a second or two after the run (ffmpeg, the first key frame): shots
    // from 3 s on are checked, each just after its cut and just before the next (two frames in).
    const margin = 0.08;
    let checked = 0;
    for (const shot of edl.shots.filter((s) => s.fromMs >= 3_000 && s.toMs - s.fromMs >= 1_000)) {
      for (const at of [shot.fromMs / 1000 + margin, shot.toMs / 1000 - margin]) {
        for (const picture of shot.pictures) {
          expect(pointColour(video, at, picture.rect), `${picture.pointId} (${picture.role}) at ${at.toFixed(2)} s`).toBe(COLOUR_OF[picture.pointId]);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  }, 120_000);

  // From the recorder's first packet on (its first segment included): each stream's RTP clock is
  // anchored once on the recorder's own timeline (server/recording/stream-clock.ts), so nothing
  // waits for mediasoup's sender reports, whose times depend on how late a packet happened to be.
  it('keeps sound and picture together: each flash of the central point within 100 ms of its beep', async () => {
    expect(edl, 'the render above').toBeDefined();
    // The flashing quarter of the central point's picture while it fills the frame, above the lower third.
    const quarter = { x: 720, y: 380, w: 400, h: 160 };
    // A brightening just after a cut is the cut (the central point's picture coming back, maybe
    // mid-flash), not a flash's start: only onsets inside a shot showing the central point full
    // frame, at least 0.4 s after it began, are paired (one run paired such an onset: −335 ms).
    const fullCentral = edl.shots.filter((s) => s.pictures[0]?.pointId === CENTRAL && s.pictures[0].role === 'main');
    const flashes = flashOnsets(video, quarter, 25).filter((f) => fullCentral.some((s) => f * 1000 >= s.fromMs + 400 && f * 1000 < s.toMs));
    const beeps = beepOnsets(video, 2000);
    const pairs = flashes
      .map((f) => [f, beeps.reduce((best, b) => (Math.abs(b - f) < Math.abs(best - f) ? b : best), Number.POSITIVE_INFINITY)] as const)
      .filter(([, b]) => Number.isFinite(b));
    console.log(`A/V (beep − flash): ${pairs.map(([f, b]) => `${((b - f) * 1000).toFixed(0)} ms`).join(', ')}`);
    expect(pairs.length).toBeGreaterThanOrEqual(3);
    for (const [f, b] of pairs) expect(Math.abs(b - f), `flash at ${f.toFixed(3)} s, beep at ${b.toFixed(3)} s`).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
