import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { axeAudit } from './axe.js';
import { decodedFrames, ensureClientBuilt, issueLink, openParticipant, screenshot, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// The whole day in four browsers: chair, clerk and two district points (Thới Bình, U Minh), each
// its own Chromium with a fake camera and microphone, against a real server with the SFU and the
// seeded Cà Mau demo; the hall's big screen (program view) as a page beside the chair. Every
// assertion is on what a screen shows; screenshots of every console go to docs/screenshots/.

const TB = 'cm-thoi-binh';
const UM = 'cm-u-minh';
const TOPIC = 'Tình hình thu ngân sách và giải ngân vốn đầu tư công của huyện Thới Bình';

let env: ScenarioServer;
const people: Participant[] = [];
let chair: Participant;
let clerk: Participant;
let thoiBinh: Participant;
let uMinh: Participant;
let program: Participant['page'];

/** axe-core's serious and critical findings on every screen, checked at the end. */
const { findings: accessibility, audit } = axeAudit();

const poll = <T>(fn: () => Promise<T> | T, timeout = 45_000) => expect.poll(fn, { timeout, interval: 250 });
const text = (p: Participant['page'], selector: string) => p.locator(selector).first().innerText({ timeout: 5000 }).catch(() => '');

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  const url = (role: string, pointId?: string) => issueLink(env.server, CONF, role, pointId);
  const [chairUrl, clerkUrl, tbUrl, umUrl, observerUrl] = await Promise.all([url('chair'), url('clerk'), url('point', TB), url('point', UM), url('observer')]);
  chair = await openParticipant('chair', chairUrl);
  clerk = await openParticipant('clerk', clerkUrl);
  thoiBinh = await openParticipant('thoi-binh', tbUrl);
  uMinh = await openParticipant('u-minh', umUrl);
  people.push(chair, clerk, thoiBinh, uMinh);
  // The hall's big screen at the central point: the observer link, opened beside the chair.
  program = await chair.context.newPage();
  await program.setViewportSize({ width: 1366, height: 768 });
  await program.goto(observerUrl);
}, 180_000);

afterAll(async () => {
  for (const p of people) await p.close();
  await env?.dispose();
});

// Four browsers and the SFU share the machine with whatever else runs: generous per-step budgets.
const STEP = 180_000;

describe('a conference run by chair, clerk and two points in separate browsers', () => {
  it('pre-flight: each point sees its camera, hears its microphone, checks the link, then joins', async () => {
    for (const p of [thoiBinh, uMinh]) {
      await p.page.locator('[data-testid=preflight]').waitFor({ timeout: 30_000 });
      await poll(() => decodedFrames(p.page, '.preflight .video--self video')).toBeGreaterThan(0);
      await poll(() => text(p.page, '[data-testid=preflight-network]')).toMatch(/độ trễ \d+ ms/);
    }
    // Chromium's fake microphone beeps: the meter must move at some point.
    await poll(async () => Number(await thoiBinh.page.locator('[data-testid=level-meter]').getAttribute('aria-valuenow')), 15_000).toBeGreaterThan(0);
    expect(await text(thoiBinh.page, '.preflight h1')).toBe('Kiểm tra thiết bị trước khi vào hội nghị');
    await screenshot(thoiBinh.page, 'preflight.png');
    await audit(thoiBinh.page, 'pre-flight');
    for (const p of [thoiBinh, uMinh]) {
      await p.page.locator('[data-testid=preflight-join]').click();
      await p.page.locator('[data-testid=point-console]').waitFor();
    }
    expect(await text(thoiBinh.page, '[data-testid=role]')).toBe('Điểm cầu · Huyện Thới Bình');
  }, STEP);

  it('every console lands where its link says, connected, in Vietnamese', async () => {
    await chair.page.locator('[data-testid=chair-console]').waitFor();
    await clerk.page.locator('[data-testid=clerk-console]').waitFor();
    await program.locator('[data-testid=program-screen]').waitFor();
    for (const p of [chair.page, clerk.page, thoiBinh.page, uMinh.page]) {
      await poll(() => text(p, '[data-testid=connection]')).toBe('Đã kết nối');
      expect(await p.evaluate(() => document.documentElement.lang)).toBe('vi');
    }
    expect(await text(chair.page, '[data-testid=conference-status]')).toBe('Đã lên lịch');
    // Both points are online on the chair's wall, by the server's own presence events.
    for (const id of [TB, UM]) await poll(() => chair.page.locator(`[data-testid=point-wall] li[data-point-id=${id}]`).getAttribute('data-presence')).toBe('online');
    for (const [page, name] of [[chair.page, 'chair'], [clerk.page, 'clerk'], [uMinh.page, 'point'], [program, 'program']] as const) await audit(page, name);
  }, STEP);

  it('roll-call: points report ready, the clerk marks with the keyboard, the chair sees both live', async () => {
    await chair.page.locator('[data-testid=status-rollCall]').click();
    await poll(() => text(thoiBinh.page, '[data-testid=conference-status]')).toBe('Đang điểm danh');

    for (const [p, n] of [[thoiBinh, 12], [uMinh, 9]] as const) {
      await p.page.locator('input[name=headcount]').fill(String(n));
      await p.page.locator('[data-testid=report-ready]').click();
      await poll(() => text(p.page, '[data-testid=readiness-reported]')).toContain(`${n} người`);
    }
    await poll(() => text(chair.page, `[data-testid=point-wall] li[data-point-id=${TB}] [data-testid=wall-readiness]`)).toBe('Sẵn sàng · 12 người');
    await poll(() => text(chair.page, `[data-testid=point-wall] li[data-point-id=${UM}] [data-testid=wall-readiness]`)).toBe('Sẵn sàng · 9 người');

    const c = clerk.page;
    await c.locator('[data-testid=filter-point]').selectOption(TB);
    const rows = c.locator('[data-testid=roll-call] tbody tr[data-attendee-id]');
    await poll(() => rows.count()).toBe(7);
    await rows.first().click();
    await c.keyboard.press('p');
    await c.keyboard.press('ArrowDown');
    await c.keyboard.press('p');
    await c.keyboard.press('ArrowDown');
    await c.keyboard.press('e');
    // Excused asks for a reason, with a default ready: Enter accepts it.
    await c.locator('.rollcall__detail input').first().waitFor();
    await c.keyboard.press('Enter');
    await poll(() => rows.nth(2).getAttribute('data-status')).toBe('excused');
    await rows.nth(3).click();
    await c.keyboard.press('s');
    await c.locator('.rollcall__detail input').first().fill('Đỗ Thị Hoa');
    await c.locator('.rollcall__detail input').nth(1).fill('Phó Chánh Văn phòng HĐND và UBND');
    await c.keyboard.press('Enter');
    await poll(() => rows.nth(3).getAttribute('data-status')).toBe('substitute');
    expect(await rows.nth(0).getAttribute('data-status')).toBe('present');
    expect(await rows.nth(1).getAttribute('data-status')).toBe('present');
    expect(await rows.nth(4).getAttribute('data-status')).toBe('unmarked');

    // The clerk's tallies and the chair's wall agree, live: 2 present + 1 substitute of 7 invited.
    await poll(() => text(c, `[data-testid=tally-by-point] tr[data-id=${TB}]`)).toMatch(/Huyện Thới Bình\s+3\/7\s+1\s+3/);
    await poll(() => text(chair.page, `[data-testid=point-wall] li[data-point-id=${TB}] [data-testid=wall-attendance]`)).toBe('Có mặt 3/7');
    await screenshot(c, 'clerk.png');
    await audit(c, 'clerk, roll-call marked');
  }, STEP);

  it('the chair’s network drops: the header says so, and on return the wall catches up without a reload', async () => {
    const c = chair.page;
    await c.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await chair.context.setOffline(true);
    await poll(() => c.locator('[data-testid=connection]').getAttribute('data-status')).toBe('offline');
    expect(await text(c, '[data-testid=connection]')).toBe('Không có mạng — sẽ tự kết nối lại khi có mạng');
    // While the chair is away, the clerk marks one more attendee of Thới Bình present.
    const row = clerk.page.locator('[data-testid=roll-call] tbody tr[data-index="4"]');
    await row.click();
    await clerk.page.keyboard.press('p');
    await poll(() => row.getAttribute('data-status')).toBe('present');
    expect(await text(c, `[data-testid=point-wall] li[data-point-id=${TB}] [data-testid=wall-attendance]`)).toBe('Có mặt 3/7');
    await chair.context.setOffline(false);
    await poll(() => text(c, '[data-testid=connection]')).toBe('Đã kết nối');
    await poll(() => text(c, `[data-testid=point-wall] li[data-point-id=${TB}] [data-testid=wall-attendance]`)).toBe('Có mặt 4/7');
    expect(await c.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  }, STEP);

  it('session: the chair opens it and runs the agenda to the discussion', async () => {
    const c = chair.page;
    await c.locator('[data-testid=status-inSession]').click();
    await poll(() => text(c, '[data-testid=conference-status]')).toBe('Đang họp');
    await c.locator('[data-testid=agenda-start]').click();
    await poll(() => c.locator('[data-testid=agenda] li[data-step-id=step-1-khai-mac]').getAttribute('data-phase')).toBe('running');
    await c.locator('[data-testid=agenda-next]').click();
    await poll(() => c.locator('[data-testid=agenda] li[data-step-id=step-2-bao-cao]').getAttribute('data-phase')).toBe('running');
    await c.locator('[data-testid=agenda-next]').click();
    await poll(() => c.locator('[data-testid=agenda] li[data-step-id=step-3-thao-luan]').getAttribute('data-phase')).toBe('running');
    await poll(() => text(uMinh.page, '[data-testid=point-current-step]')).toBe('3. Thảo luận');
    await poll(() => text(program, '[data-testid=caption-step]')).toContain('Thảo luận');
  }, STEP);

  it('the floor: Thới Bình asks, the chair grants with G, everyone sees the speaker', async () => {
    const tb = thoiBinh.page;
    await tb.locator('input[name=topic]').fill(TOPIC);
    await tb.locator('select[name=delegate]').selectOption({ index: 1 });
    const delegate = (await tb.locator('select[name=delegate] option:checked').innerText()).split(' — ')[0]!.trim();
    expect(delegate.length).toBeGreaterThan(3);
    await tb.locator('[data-testid=request-floor]').click();
    await poll(() => text(tb, '[data-testid=queue-position]')).toContain('Sắp đến lượt');

    const row = chair.page.locator(`[data-testid=speaker-queue] li[data-point-id=${TB}]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(TOPIC);
    expect(await row.innerText()).toContain(delegate);
    await screenshot(chair.page, 'chair-queue.png');

    await chair.page.keyboard.press('g');
    await poll(() => text(tb, '[data-testid=you-have-the-floor]')).toContain('ĐẾN LƯỢT ĐIỂM CẦU PHÁT BIỂU');
    expect(await tb.locator('[data-testid=you-have-the-floor] [data-testid=speech-timer]').getAttribute('data-phase')).toBe('speaking');
    await poll(() => tb.locator('[data-testid=mic-state]').getAttribute('data-muted')).toBe('false');
    await poll(() => text(chair.page, '[data-testid=current-speech] [data-testid=speaker-name]')).toBe(delegate);
    expect(await chair.page.locator('[data-testid=speaker-queue] li[data-point-id]').count()).toBe(0);

    // At U Minh, Thới Bình is large on the program, and its video really decodes there.
    const large = `[data-testid=program] li[data-point-id=${TB}][data-size=large]`;
    await uMinh.page.locator(large).waitFor({ timeout: 30_000 });
    await poll(() => decodedFrames(uMinh.page, `${large} video`), 45_000).toBeGreaterThan(0);
    const before = await decodedFrames(uMinh.page, `${large} video`);
    await poll(() => decodedFrames(uMinh.page, `${large} video`), 15_000).toBeGreaterThan(before);
    expect(await text(uMinh.page, `${large} .tile__flag`)).toBe('Đang phát biểu');

    // Link health: the chair sees Thới Bình's from the SFU (numbers on hover), the room its own.
    await poll(() => chair.page.locator(`[data-testid=point-wall] li[data-point-id=${TB}] .link`).getAttribute('title')).toMatch(/Độ trễ \d+ ms/);
    await poll(() => tb.locator('[data-testid=own-link]').getAttribute('data-verdict')).toMatch(/^(good|fair|poor)$/);

    // The big screen: Thới Bình large, the caption names the delegate and the point.
    await program.locator(large).waitFor();
    await poll(() => text(program, '[data-testid=caption-name]')).toBe(delegate);
    expect(await text(program, '[data-testid=lower-third]')).toContain('Huyện Thới Bình');

    for (const [page, name] of [[chair.page, 'chair, a speech running'], [tb, 'point with the floor'], [uMinh.page, 'point, another speaking'], [program, 'program, a speech running']] as const) await audit(page, name);
    await screenshot(tb, 'point-floor.png');
    await screenshot(uMinh.page, 'point-program.png');
    await screenshot(chair.page, 'chair.png');
    // The same console on a 1920×1080 wall.
    await chair.page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(chair.page, 'chair-1080.png');
    await chair.page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(program, 'program.png');
    await program.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(program, 'program-1080.png');
    await program.setViewportSize({ width: 1366, height: 768 });
  }, STEP);

  it('the clerk writes a note for the minutes, attached to the running step', async () => {
    const c = clerk.page;
    await poll(() => text(c, '[data-testid=notes-step]')).toBe('Cho mục: 3. Thảo luận');
    await c.locator('[data-testid=minutes-notes] textarea').fill('Huyện Thới Bình kiến nghị tỉnh bổ sung vốn cho giao thông nông thôn năm 2021.');
    await c.locator('[data-testid=note-save]').click();
    await poll(() => text(c, '[data-testid=minutes-notes] li')).toContain('kiến nghị tỉnh bổ sung vốn');
    expect(await c.locator('[data-testid=minutes-notes] textarea').inputValue()).toBe('');
  }, STEP);

  it('the chair ends the speech with E and advances the agenda', async () => {
    const c = chair.page;
    await c.keyboard.press('e');
    await poll(() => thoiBinh.page.locator('[data-testid=you-have-the-floor]').count()).toBe(0);
    await poll(() => text(c, '[data-testid=current-speech]')).toContain('Không có ai đang phát biểu.');
    await poll(() => uMinh.page.locator(`[data-testid=program] li[data-point-id=${TB}][data-size=large]`).count()).toBe(0);
    await c.locator('[data-testid=agenda-next]').click();
    await poll(() => c.locator('[data-testid=agenda] li[data-step-id=step-4-chi-dao]').getAttribute('data-phase')).toBe('running');
    expect(await c.locator('[data-testid=agenda] li[data-step-id=step-3-thao-luan]').getAttribute('data-phase')).toBe('done');
    await poll(() => text(thoiBinh.page, '[data-testid=point-current-step]')).toBe('4. Phát biểu chỉ đạo của đồng chí Bí thư Tỉnh ủy');
    await poll(() => text(program, '[data-testid=caption-step]')).toContain('Phát biểu chỉ đạo');
    // The clerk's note stays with the discussion; the new step starts with none.
    await poll(() => text(clerk.page, '[data-testid=notes-step]')).toBe('Cho mục: 4. Phát biểu chỉ đạo của đồng chí Bí thư Tỉnh ủy');
    expect(await clerk.page.locator('[data-testid=minutes-notes] li').count()).toBe(0);
  }, STEP);

  it('switches to English and back without losing anything', async () => {
    const c = clerk.page;
    await c.locator('.lang button[lang=en]').click();
    await poll(() => text(c, '[data-testid=role]')).toBe('Conference clerk');
    expect(await text(c, '[data-testid=connection]')).toBe('Connected');
    await screenshot(c, 'clerk-en.png');
    await audit(c, 'clerk in English');
    await c.locator('.lang button[lang=vi]').click();
    await poll(() => text(c, '[data-testid=role]')).toBe('Thư ký hội nghị');
  }, STEP);

  it('axe-core finds nothing serious or critical on any console (WCAG 2.1 A/AA and best practices)', () => {
    expect(accessibility).toEqual([]);
  });

  it('no console had a script error', () => {
    const errors = people.flatMap((p) => p.errors).filter((e) => !/favicon/.test(e));
    expect(errors).toEqual([]);
  }, STEP);
});
