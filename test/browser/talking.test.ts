import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CENTRAL_POINT_ID as CENTRAL, CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { openMediaCheck, until } from './media-support.js';
import { ensureClientBuilt, issueLink, openParticipant, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// Issue 12: the chair's wall showed "Đang nói" (talking) for the first point to join, muted, held
// or with no media at all. The badge must come from measured audio of an open, flowing microphone
// (server/media/talking.ts; the levels behind its threshold are in docs/MEDIA.md). Chromium's
// fake microphone beeps twice a second (it talks); Thới Bình's browser is fed a silent WAV instead,
// an open microphone in a quiet room (Opus DTX: it never talks).

const TB = 'cm-thoi-binh';
let env: ScenarioServer;
let wavDir: string;
let chair: Participant;
let thoiBinh: Participant;
let central: Participant | undefined;

const room = () => env.server.rooms.get(CONF)!;
const speaker = () => room().state.media.activeSpeakerPointId;
/** The points whose tile on the chair's wall carries the "Đang nói" badge. */
const talkingOnWall = (page: Page) =>
  page.locator('.wall__tile').evaluateAll((tiles) => tiles.filter((t) => t.querySelector('.badge--talking')?.textContent === 'Đang nói').map((t) => t.getAttribute('data-point-id')));

/** Everyone the meeting and the chair's wall called talking over `ms`. */
async function talkersDuring(ms: number): Promise<{ meeting: (string | null)[]; wall: string[] }> {
  const meeting = new Set<string | null>();
  const wall = new Set<string>();
  for (const end = Date.now() + ms; Date.now() < end; ) {
    meeting.add(speaker());
    for (const p of await talkingOnWall(chair.page)) if (p) wall.add(p);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { meeting: [...meeting], wall: [...wall] };
}

async function micFlowing(pointId: string): Promise<boolean> {
  const mic = env.server.media!.service
    .sessionsOf(CONF)
    .flatMap((s) => [...s.producers.values()])
    .find((p) => p.appData.pointId === pointId && p.appData.source === 'microphone' && !p.closed && !p.paused);
  const first = (await mic?.getStats())?.[0]?.byteCount ?? 0;
  await new Promise((r) => setTimeout(r, 1000));
  return first > 0 && ((await mic?.getStats())?.[0]?.byteCount ?? 0) > first;
}

beforeAll(async () => {
  ensureClientBuilt();
  wavDir = mkdtempSync(path.join(tmpdir(), 'hoinghi-silence-'));
  const silence = path.join(wavDir, 'silence.wav');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '10', silence]);
  env = await startScenarioServer();
  chair = await openParticipant('chair', await issueLink(env.server, CONF, 'chair'));
  await chair.page.locator('.wall__tile').first().waitFor({ timeout: 60_000 });
  thoiBinh = await openMediaCheck(env.server, CONF, TB, { role: 'point', pointId: TB }, {}, [`--use-file-for-fake-audio-capture=${silence}`]);
}, 180_000);

afterAll(async () => {
  await central?.close();
  await thoiBinh?.close();
  await chair?.close();
  await env?.dispose();
  if (wavDir) rmSync(wavDir, { recursive: true, force: true });
});

describe('the talking indicator comes from measured audio (issue 12)', () => {
  it('the first point to join, muted and then given the microphone in a silent room, never talks', async () => {
    await until('Thới Bình’s microphone at the SFU', async () => env.server.media!.service.sessionsOf(CONF).some((s) => [...s.producers.values()].some((p) => p.appData.pointId === TB && p.kind === 'audio')), 60_000);
    // joined muted (microphones open by the chair's grant): its producer is paused
    expect(await talkersDuring(3000)).toEqual({ meeting: [null], wall: [] });
    expect((await room().submit({ type: 'giveMicrophone', pointId: TB }, { role: 'chair' })).ok).toBe(true);
    // open and flowing now, but there is nothing to hear
    await until('Thới Bình’s open microphone flowing', () => micFlowing(TB), 20_000);
    expect(await talkersDuring(3000)).toEqual({ meeting: [null], wall: [] });
  }, 120_000);

  it('a flowing open microphone talks: the central point’s, and the chair’s wall says so on its tile alone', async () => {
    central = await openMediaCheck(env.server, CONF, CENTRAL, { role: 'point', pointId: CENTRAL });
    await until('the central point talking in the meeting', async () => speaker() === CENTRAL, 60_000);
    await until('“Đang nói” on the central point’s tile of the chair’s wall', async () => (await talkingOnWall(chair.page)).join() === CENTRAL, 10_000);
  }, 120_000);

  it('held by the chair, it stops talking at once, and nobody talks while it is held', async () => {
    expect((await room().submit({ type: 'holdMicrophone', pointId: CENTRAL }, { role: 'chair' })).ok).toBe(true);
    await until('the held central point no longer talking', async () => speaker() === null, 1500, 50);
    expect(await talkersDuring(3000)).toEqual({ meeting: [null], wall: [] });
    // released, it stays muted until its own point opens it again
    expect((await room().submit({ type: 'releaseMicrophone', pointId: CENTRAL }, { role: 'chair' })).ok).toBe(true);
    expect(await talkersDuring(2000)).toEqual({ meeting: [null], wall: [] });
    expect((await room().submit({ type: 'setSelfMute', pointId: CENTRAL, muted: false }, { role: 'point', pointId: CENTRAL })).ok).toBe(true);
    await until('the reopened central point talking again', async () => speaker() === CENTRAL, 20_000);
  }, 60_000);

  it('muted by its own point, it stops talking at once and stays silent', async () => {
    expect((await room().submit({ type: 'setSelfMute', pointId: CENTRAL, muted: true }, { role: 'point', pointId: CENTRAL })).ok).toBe(true);
    await until('the muted central point no longer talking', async () => speaker() === null, 1500, 50);
    expect(await talkersDuring(3000)).toEqual({ meeting: [null], wall: [] });
  }, 60_000);
});
