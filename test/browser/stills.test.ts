import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { axeAudit } from './axe.js';
import { decodedFrames, ensureClientBuilt, issueLink, openParticipant, screenshot, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// Stills from the chair's console (issue 16, R-STILL-1/4/5) in Chromium with fake devices against
// a real server (the SFU, default settings, the seeded Cà Mau demo): Thới Bình joins with its fake
// camera, the chair presses "Chụp ảnh" on its tile, the still appears in the gallery (its JPEG
// fetched with the join token), the chair puts it in the minutes and writes its caption, and the
// minutes' DOCX downloaded from the Export menu carries that very JPEG and that caption. A point
// that sends no picture is refused in the catalogue's words.

const TB = 'cm-thoi-binh';
const UM = 'cm-u-minh';
const CAPTION = 'Quang cảnh Hội nghị tại điểm cầu Huyện Thới Bình, đồng chí Chủ tịch UBND huyện báo cáo.';
let env: ScenarioServer;
let chair: Participant;
let thoiBinh: Participant;
const { findings: accessibility, audit } = axeAudit();
const poll = <T>(fn: () => Promise<T> | T, timeout = 60_000) => expect.poll(fn, { timeout, interval: 250 });

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  const [chairUrl, tbUrl] = await Promise.all([issueLink(env.server, CONF, 'chair'), issueLink(env.server, CONF, 'point', TB)]);
  chair = await openParticipant('stills-chair', chairUrl);
  thoiBinh = await openParticipant('stills-thoi-binh', tbUrl);
  await thoiBinh.page.locator('[data-testid=preflight-join]').click({ timeout: 60_000 });
  await thoiBinh.page.locator('[data-testid=point-console]').waitFor({ timeout: 60_000 });
  await chair.page.locator('[data-testid=chair-console]').waitFor({ timeout: 60_000 });
  // Stills are taken from the roll-call on (the rooms are on camera then): the chair opens it.
  await chair.page.locator('[data-testid=status-rollCall]').click();
  await chair.page.locator('[data-testid=conference-status]', { hasText: 'Đang điểm danh' }).waitFor({ timeout: 30_000 });
}, 180_000);

afterAll(async () => {
  await thoiBinh?.close();
  await chair?.close();
  await env?.dispose();
});

describe('stills from the chair’s console into the minutes', () => {
  it('a point that sends no picture: the refusal in the catalogue’s words, no still', async () => {
    const c = chair.page;
    await c.locator(`[data-testid=point-wall] li[data-point-id=${UM}] [data-testid=take-still]`).click();
    await poll(() => c.locator('[data-testid=stills-message]').innerText().catch(() => '')).toBe('Điểm cầu này không gửi hình: không chụp được ảnh.');
    expect(await c.locator('[data-testid=still]').count()).toBe(0);
  }, 90_000);

  it('the chair takes a still of Thới Bình from its tile; it appears in the gallery with its picture', async () => {
    const c = chair.page;
    const tile = c.locator(`[data-testid=point-wall] li[data-point-id=${TB}]`);
    // The chair sees Thới Bình's picture, so the SFU has it to grab.
    await poll(() => decodedFrames(c, `[data-testid=point-wall] li[data-point-id=${TB}] video`), 90_000).toBeGreaterThan(0);
    await tile.locator('[data-testid=take-still]').click();
    // The message rides along so that a failure says what the console said (a refusal, a failed grab).
    const gallery = async () => ({ stills: await c.locator('[data-testid=still]').count(), message: await c.locator('[data-testid=stills-message]').innerText().catch(() => '') });
    await poll(gallery).toEqual({ stills: 1, message: 'Đã chụp ảnh' });
    const still = c.locator('[data-testid=still]').first();
    expect(await still.innerText()).toContain('Huyện Thới Bình');
    // The JPEG came through the API with the header: a decoded picture, not a broken image.
    await poll(() => still.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await still.locator('[data-testid=still-figure-caption]').innerText()).toBe('Ảnh: Quang cảnh Hội nghị tại điểm cầu Huyện Thới Bình.');
  }, 120_000);

  it('“Đưa vào biên bản” and a caption of the chair’s own; the DOCX minutes carry that JPEG and caption', async () => {
    const c = chair.page;
    const still = c.locator('[data-testid=still]').first();
    await still.locator('[data-testid=still-in-minutes]').check();
    await poll(() => still.getAttribute('class')).toContain('still--chosen');
    await still.locator('[data-testid=still-caption]').fill(CAPTION);
    await still.locator('[data-testid=still-caption-save]').click();
    await poll(() => still.locator('[data-testid=still-figure-caption]').innerText()).toBe(`Ảnh: ${CAPTION}`);
    expect(await c.locator('[data-testid=stills-count]').innerText()).toBe('1 ảnh · 1 đưa vào biên bản');
    await screenshot(c, 'chair-stills.png');
    await audit(c, 'chair with stills');

    // The same JPEG the gallery shows, as the server keeps it.
    const stillId = (await still.getAttribute('data-still-id'))!;
    const res = await fetch(`${env.server.url}/api/conferences/${CONF}/stills/${stillId}.jpg`, { headers: { authorization: `Bearer ${env.server.serverAdminToken}` } });
    const jpeg = new Uint8Array(await res.arrayBuffer());
    expect(jpeg.length).toBeGreaterThan(1000);

    await c.locator('[data-testid=export-menu] summary').click();
    const [download] = await Promise.all([c.waitForEvent('download', { timeout: 120_000 }), c.locator('[data-testid=report-minutesDocx]').click()]);
    const docx = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const media = Object.keys(docx).filter((name) => name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(docx[media[0]!]!).equals(Buffer.from(jpeg)), 'the DOCX figure is the still’s JPEG').toBe(true);
    const body = strFromU8(docx['word/document.xml']!);
    expect(body).toContain(`Ảnh: ${CAPTION}`);
  }, 180_000);

  it('accessibility: axe finds nothing serious on the chair’s console with the gallery; no page errors', () => {
    expect(accessibility, JSON.stringify(accessibility, null, 1)).toEqual([]);
    expect([...chair.errors, ...thoiBinh.errors].filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
