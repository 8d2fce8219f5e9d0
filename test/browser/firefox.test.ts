import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { firefoxVideo, openFirefox, type FirefoxParticipant } from './firefox-support.js';
import { openMediaCheck, pageStats, until, type PageStats } from './media-support.js';
import { ensureClientBuilt, issueLink, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// Issue 12: district rooms use Firefox as well as Chromium. Thới Bình's room runs the point console
// in Debian's firefox-esr (WebDriver BiDi), U Minh's a Chromium (the media check page, which
// exposes its decoder's counters), the chair's console is a second page of U Minh's Chromium. Both
// browsers decode each other's video through the SFU with the product's default media settings,
// and the floor flow works from Firefox: it asks, the chair grants, U Minh hears it.

const TB = 'cm-thoi-binh';
const UM = 'cm-u-minh';
const TOPIC = 'Giải ngân vốn đầu tư công của huyện Thới Bình';

let env: ScenarioServer;
let firefox: FirefoxParticipant;
let uMinh: Participant;
let chair: Page;

const videoOf = (s: PageStats | null, pointId: string) => s?.tiles.find((t) => t.kind === 'video' && t.pointId === pointId && t.source === 'camera');
const audioOf = (s: PageStats | null, pointId: string) => s?.tiles.find((t) => t.kind === 'audio' && t.pointId === pointId);
const text = (selector: string) => firefox.page.$eval(selector, (el) => (el as HTMLElement).innerText).catch(() => '');

/** Audio packets of Thới Bình's microphone U Minh's browser receives over 2 s. */
async function uMinhHearsThoiBinh(): Promise<number> {
  const before = audioOf(await pageStats(uMinh.page), TB);
  await new Promise((r) => setTimeout(r, 2000));
  const after = audioOf(await pageStats(uMinh.page), TB);
  return before && after && !after.paused ? after.packetsReceived - before.packetsReceived : 0;
}

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  const room = env.server.rooms.get(CONF)!;
  // The day under way: in session, the discussion running (what the floor needs).
  for (const command of [
    { type: 'setConferenceStatus', status: 'rollCall' },
    { type: 'setConferenceStatus', status: 'inSession' },
    { type: 'startAgenda', stepId: 'step-3-thao-luan' },
  ] as const) {
    const r = await room.submit(command, { role: 'chair', name: 'Lê Quân' });
    if (!r.ok) throw new Error(`${command.type}: ${r.code}`);
  }
  uMinh = await openMediaCheck(env.server, CONF, UM, { role: 'point', pointId: UM });
  chair = await uMinh.context.newPage();
  await chair.goto(await issueLink(env.server, CONF, 'chair'));
  firefox = await openFirefox('thoi-binh-firefox', await issueLink(env.server, CONF, 'point', TB));
}, 180_000);

afterAll(async () => {
  await firefox?.close();
  await uMinh?.close();
  await env?.dispose();
});

const STEP = 180_000;

describe('a Firefox point and a Chromium point (issue 12)', () => {
  it('Firefox’s pre-flight shows its own camera, then it joins the conference', async () => {
    await firefox.page.waitForSelector('[data-testid=preflight]', { timeout: 60_000 });
    await until('Firefox shows its own camera', async () => (await firefoxVideo(firefox.page, '.preflight video')).frames > 0, 30_000);
    await firefox.page.click('[data-testid=preflight-join]');
    await firefox.page.waitForSelector('[data-testid=point-console]', { timeout: 30_000 });
    await until('Firefox connected', async () => (await text('[data-testid=connection]')) === 'Đã kết nối', 30_000);
  }, STEP);

  it('each decodes the other’s video through the SFU', async () => {
    // Chromium decodes Firefox's camera: frames grow, and the picture has a size.
    const first = await until('U Minh (Chromium) decodes Thới Bình (Firefox)', async () => {
      const v = videoOf(await pageStats(uMinh.page), TB);
      return v && v.framesDecoded > 0 ? v : null;
    }, 60_000);
    const later = await until('U Minh keeps decoding Thới Bình', async () => {
      const v = videoOf(await pageStats(uMinh.page), TB);
      return v && v.framesDecoded > first.framesDecoded + 10 ? v : null;
    }, 15_000);
    expect(later.frameWidth).toBeGreaterThan(0);
    // Firefox decodes Chromium's camera in its program.
    const tile = `[data-testid=program] li[data-point-id=${UM}] video`;
    const seen = await until('Thới Bình (Firefox) decodes U Minh (Chromium)', async () => {
      const v = await firefoxVideo(firefox.page, tile);
      return v.frames > 0 ? v : null;
    }, 60_000);
    const more = await until('Thới Bình keeps decoding U Minh', async () => {
      const v = await firefoxVideo(firefox.page, tile);
      return v.frames > seen.frames + 10 ? v : null;
    }, 15_000);
    expect(more.width).toBeGreaterThan(0);
    process.stdout.write(`[firefox] Chromium decodes Firefox at ${later.frameWidth} px wide; Firefox decodes Chromium at ${more.width}×${more.height}\n`);
  }, STEP);

  it('the floor from Firefox: it asks, the chair grants with G, and U Minh hears it', async () => {
    // Not heard before: microphones open by the chair's grant.
    expect(await uMinhHearsThoiBinh()).toBeLessThanOrEqual(3);
    await firefox.page.type('input[name=topic]', TOPIC);
    const delegate = await firefox.page.$eval('select[name=delegate]', (el) => {
      const select = el as HTMLSelectElement;
      select.selectedIndex = 1;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return select.options[1]!.text.split(' — ')[0]!.trim();
    });
    await firefox.page.click('[data-testid=request-floor]');
    await until('Firefox sees its place in the queue', async () => (await text('[data-testid=queue-position]')).includes('Sắp đến lượt'), 20_000);

    const row = chair.locator(`[data-testid=speaker-queue] li[data-point-id=${TB}]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.innerText()).toContain(TOPIC);
    await chair.bringToFront();
    await chair.keyboard.press('g');
    await until('Firefox has the floor', async () => (await text('[data-testid=you-have-the-floor]')).includes('ĐẾN LƯỢT ĐIỂM CẦU PHÁT BIỂU'), 20_000);
    await until('Firefox’s microphone open', async () => (await firefox.page.$eval('[data-testid=mic-state]', (el) => el.getAttribute('data-muted'))) === 'false', 10_000);
    expect(await chair.locator('[data-testid=current-speech] [data-testid=speaker-name]').innerText()).toBe(delegate);
    // Heard: U Minh's browser receives Thới Bình's microphone (Opus, 50 packets a second while sound flows).
    const packets = await until('U Minh hears Thới Bình', async () => {
      const n = await uMinhHearsThoiBinh();
      return n > 20 ? n : null;
    }, 20_000);
    process.stdout.write(`[firefox] U Minh received ${packets} audio packets of Firefox's microphone in 2 s\n`);
  }, STEP);

  it('no script error in Firefox or Chromium', () => {
    expect([...firefox.errors, ...uMinh.errors].filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
