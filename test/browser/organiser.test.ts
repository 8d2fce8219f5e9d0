import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt, openParticipant, screenshot, SCREENSHOTS, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// The organiser's work end to end, in the browser alone, from the server-admin link: a new
// conference made from nothing (three points, a presiding panel of two, two agenda steps, an
// invitation list imported), its connection sheets printed as a PDF whose QR codes (read back by
// Debian's zbarimg) open the right consoles in Chromium, the line test passed on the board, one
// speech, the end, and the archive serving the minutes. The preparation's clicks are counted.

const TITLE = 'Hội nghị giao ban trực tuyến tháng 12 năm 2026';
const POINTS = ['UBND tỉnh Bạc Liêu', 'Huyện Hồng Dân', 'Huyện Phước Long'];
const TOPIC = 'Tiến độ giải ngân vốn đầu tư công của huyện Hồng Dân';
const INVITATIONS = [
  'STT,Họ và tên,Chức vụ,Cơ quan,Điểm cầu',
  '1,Phạm Văn Thiều,Chủ tịch UBND tỉnh,UBND tỉnh,UBND tỉnh Bạc Liêu',
  '2,Lê Thị Ái Nam,Phó Chủ tịch UBND tỉnh,UBND tỉnh,UBND tỉnh Bạc Liêu',
  '3,Trần Văn An,Chủ tịch UBND huyện,UBND huyện Hồng Dân,Huyện Hồng Dân',
  '4,Nguyễn Thị Bình,Chánh Văn phòng HĐND và UBND,UBND huyện Hồng Dân,Huyện Hồng Dân',
  '5,Lê Văn Cường,Chủ tịch UBND huyện,UBND huyện Phước Long,Huyện Phước Long',
].join('\r\n');

let env: ScenarioServer;
let organiser: Participant;
const people: Participant[] = [];
const work = mkdtempSync(path.join(tmpdir(), 'hoinghi-organiser-'));
let sheetLinks: string[] = [];
let chairUrl = '';
let clicks = 0;

const poll = <T>(fn: () => Promise<T> | T, timeout = 45_000) => expect.poll(fn, { timeout, interval: 250 });
const text = (p: Page, selector: string) => p.locator(selector).first().innerText({ timeout: 5000 }).catch(() => '');
/** One click of the organiser's, counted (typing is not a click; choosing in a list is). */
async function click(target: Locator): Promise<void> {
  clicks += 1;
  await target.click();
}
async function pick(target: Locator, value: string): Promise<void> {
  clicks += 1;
  await target.selectOption(value);
}

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  organiser = await openParticipant('organiser', `${env.server.url}/join#t=${env.server.serverAdminToken}`);
  people.push(organiser);
}, 180_000);

afterAll(async () => {
  for (const p of people) await p.close();
  await env?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const STEP = 240_000;

describe('an office organises a conference in the browser, from the server-admin link alone', () => {
  it('creates a new conference from the conference list', async () => {
    const o = organiser.page;
    await o.locator('[data-testid=conference-list]').waitFor();
    // The seeded demo is there already; the new one is made blank.
    await poll(() => o.locator('[data-conference-id]').count()).toBeGreaterThan(0);
    const form = o.locator('[data-testid=new-conference]');
    await form.locator('input[name=new-title]').fill(TITLE);
    await form.locator('input[name=new-date]').fill('2026-12-28');
    await form.locator('input[name=new-startTime]').fill('08:00');
    await form.locator('input[name=new-venue]').fill('Hội trường UBND tỉnh Bạc Liêu');
    await form.locator('input[name=new-organiser]').fill('Ủy ban nhân dân tỉnh Bạc Liêu');
    await click(o.locator('[data-testid=create-conference]'));
    await o.locator('[data-testid=organiser-console]').waitFor({ timeout: 30_000 });
    await poll(() => text(o, '[data-testid=connection]')).toBe('Đã kết nối');
    expect(await o.locator('input[name=conf-title]').inputValue()).toBe(TITLE);
  }, STEP);

  it('prepares it: details, three points, a presiding panel of two, two agenda steps, the invitation list', async () => {
    const o = organiser.page;
    await o.locator('input[name=conf-clerkName]').fill('Trần Thị Thu');
    await o.locator('input[name=conf-technicalContact]').fill('Phòng CNTT, Văn phòng UBND tỉnh — 0291 3822 000');
    await click(o.locator('[data-testid=details-save]'));
    await poll(() => text(o, '[data-testid=details-facts] .saved')).toBe('Đã lưu');

    await click(o.locator('[data-testid=tab-points]'));
    await o.locator('textarea[name=point-names]').fill(POINTS.join('\n'));
    await click(o.locator('[data-testid=points-add]'));
    await poll(() => o.locator('input[name=point-name]').count()).toBe(3);
    expect(await o.locator('tr[data-point-id] select[name=point-kind]').first().inputValue()).toBe('central');

    await click(o.locator('[data-testid=tab-panel]'));
    for (const [name, position, organisation] of [
      ['Phạm Văn Thiều', 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh', 'UBND tỉnh Bạc Liêu'],
      ['Lê Thị Ái Nam', 'Phó Chủ tịch UBND tỉnh', 'UBND tỉnh Bạc Liêu'],
    ] as const) {
      const row = o.locator('[data-testid=new-member]');
      await row.locator('input[name=new-member-name]').fill(name);
      await row.locator('input[name=new-member-position]').fill(position);
      await row.locator('input[name=new-member-organisation]').fill(organisation);
      await row.locator('input[name=new-member-organisation]').press('Enter');
      await poll(() => o.locator(`tr[data-member-id] input[value="${name}"]`).count()).toBe(1);
    }

    await click(o.locator('[data-testid=tab-agenda]'));
    const presider = await o.locator('[data-testid=new-step] select[name=step-presiding] option').nth(1).getAttribute('value');
    for (const [title, kind, minutes] of [
      ['Báo cáo tình hình kinh tế - xã hội tháng 12', 'report', '20'],
      ['Thảo luận', 'discussion', '60'],
    ] as const) {
      const row = o.locator('[data-testid=new-step]');
      await row.locator('input[name=new-step-title]').fill(title);
      await pick(row.locator('select[name=step-kind]'), kind);
      await pick(row.locator('select[name=step-presiding]'), presider ?? '');
      await row.locator('input[name=new-step-minutes]').fill(minutes);
      await click(o.locator('[data-testid=add-step]'));
      await poll(() => o.locator(`tr[data-step-id] input[name=step-title][value="${title}"]`).count()).toBe(1);
    }
    await screenshot(o, 'organiser-agenda.png');

    await click(o.locator('[data-testid=tab-invitations]'));
    await o.locator('[data-testid=import-file]').setInputFiles({ name: 'danh-sach-trieu-tap.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${INVITATIONS}`, 'utf8') });
    await poll(() => text(o, '[data-testid=import-preview]')).toContain('Sẽ nhập 5 đại biểu');
    await click(o.locator('[data-testid=import-do]'));
    await poll(() => o.locator('[data-testid=invited-by-point] td.num').allInnerTexts()).toEqual(['2', '2', '1']);

    await click(o.locator('[data-testid=tab-details]'));
    await click(o.locator('[data-testid=to-scheduled]'));
    await poll(() => text(o, '[data-testid=conference-status]')).toBe('Đã lên lịch');
    await click(o.locator('[data-testid=tab-points]'));
    await screenshot(o, 'organiser-editor.png');
  }, STEP);

  it('invites: links for every point and the chair, the connection sheets as a PDF whose QR codes zbarimg reads back', async () => {
    const o = organiser.page;
    await click(o.locator('[data-testid=tab-links]'));
    await click(o.locator('[data-testid=issue-point-links]'));
    await poll(() => o.locator('tr[data-link-for] [data-testid=link-url]').count()).toBe(3);
    const chairRow = o.locator('tr[data-link-for="Chủ trì"]');
    await click(chairRow.locator('button.btn--primary'));
    await chairRow.locator('[data-testid=link-url]').waitFor();
    chairUrl = await chairRow.locator('[data-testid=link-url]').inputValue();

    const [download] = await Promise.all([o.waitForEvent('download'), click(o.locator('[data-testid=download-sheets]'))]);
    const pdf = path.join(work, 'phieu-ket-noi.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    console.log(`organiser preparation: ${clicks} clicks from the server-admin link to the printed connection sheets`);

    execFileSync('pdftoppm', ['-r', '150', '-png', pdf, path.join(work, 'sheet')]);
    const pages = readdirSync(work).filter((f) => /^sheet-\d+\.png$/.test(f)).sort();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    sheetLinks = pages.map((f) => execFileSync('zbarimg', ['--raw', '-q', path.join(work, f)], { encoding: 'utf8' }).trim());
    for (const url of sheetLinks) expect(url).toMatch(new RegExp(`^${env.server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/join#t=v1\\.`));
    // The PNG of the first page, as the README shows it.
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(work, 'first')]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(path.join(work, 'first.png'), path.join(SCREENSHOTS, 'organiser-sheet.png'));
    await screenshot(o, 'organiser-links.png');
  }, STEP);

  it('each QR code opens the console of its own point; the points pass the line test on the board', async () => {
    const o = organiser.page;
    const names: string[] = [];
    for (const [i, url] of sheetLinks.entries()) {
      const p = await openParticipant(`point-${i}`, url);
      people.push(p);
      await p.page.locator('[data-testid=preflight]').waitFor({ timeout: 60_000 });
      await poll(() => text(p.page, '[data-testid=preflight-network]')).toMatch(/độ trễ \d+ ms/);
      await poll(() => p.page.locator('[data-testid=preflight-join]').isEnabled()).toBe(true);
      await p.page.locator('[data-testid=preflight-join]').click();
      await p.page.locator('[data-testid=point-console]').waitFor();
      names.push((await text(p.page, '[data-testid=role]')).replace('Điểm cầu · ', ''));
    }
    // Every sheet opened a different point of this conference (the central point's room is the chair's).
    expect(new Set(names).size).toBe(sheetLinks.length);
    for (const n of names) expect(POINTS).toContain(n);

    await click(o.locator('[data-testid=tab-lineTest]'));
    for (const n of names) {
      const row = o.locator('[data-testid=linetest-table] tr[data-point-id]', { hasText: n });
      await poll(() => row.getAttribute('data-online')).toBe('true');
      await poll(() => text(o, `[data-testid=linetest-table] tr[data-point-id]:has-text("${n}") [data-testid=lt-preflight]`)).toBe('Đạt');
      expect(await text(o, `[data-testid=linetest-table] tr[data-point-id]:has-text("${n}") [data-testid=lt-link]`)).toMatch(/^Đã mở/);
    }
    // The organiser sees and hears one of them privately.
    await o.locator('[data-testid=linetest-table] tr[data-point-id]', { hasText: names[0] ?? '' }).locator('[data-testid=lt-check]').click();
    await poll(() => o.locator('[data-testid=private-check] video').evaluate((v) => (v as HTMLVideoElement).videoWidth), 60_000).toBeGreaterThan(0);
    await screenshot(o, 'organiser-line-test.png');
  }, STEP);

  it('the conference runs one speech and ends; its archive serves the minutes; closing stops the points’ links', async () => {
    const chair = await openParticipant('chair', chairUrl);
    people.push(chair);
    const c = chair.page;
    await c.locator('[data-testid=chair-console]').waitFor({ timeout: 60_000 });
    await c.locator('[data-testid=status-rollCall]').click();
    const point = people[1]!.page;
    await point.locator('input[name=headcount]').fill('8');
    await point.locator('[data-testid=report-ready]').click();
    await poll(() => text(organiser.page, '[data-testid=linetest-summary]')).toContain('sẵn sàng 1/3');
    await c.locator('[data-testid=status-inSession]').click();
    await c.locator('[data-testid=agenda-start]').click();
    await c.locator('[data-testid=agenda-next]').click();
    await point.locator('input[name=topic]').fill(TOPIC);
    await point.locator('[data-testid=request-floor]').click();
    await c.locator('[data-testid=speaker-queue] li[data-point-id]').waitFor();
    await c.keyboard.press('g');
    await poll(() => text(point, '[data-testid=you-have-the-floor]')).toContain('ĐẾN LƯỢT ĐIỂM CẦU PHÁT BIỂU');
    await c.keyboard.press('e');
    await poll(() => point.locator('[data-testid=you-have-the-floor]').count()).toBe(0);
    await c.locator('[data-testid=status-adjourned]').click();
    const confirm = c.locator('[data-testid=status-adjourned-confirm]');
    if (await confirm.count()) await confirm.click();
    await poll(() => text(organiser.page, '[data-testid=conference-status]')).toBe('Tạm dừng');

    const o = organiser.page;
    await o.locator('[data-testid=tab-archive]').click();
    const [download] = await Promise.all([o.waitForEvent('download'), o.locator('[data-testid=report-minutesMd]').click()]);
    const minutes = readFileSync(await download.path(), 'utf8');
    expect(minutes).toContain(TITLE);
    expect(minutes).toContain(TOPIC);
    expect(minutes).toContain('Trần Thị Thu');

    await o.locator('[data-testid=close-conference]').click();
    await o.locator('[data-testid=close-confirm]').click();
    await poll(() => o.locator('[data-testid=closed-banner]').count()).toBe(1);
    // A point's link stops working once the record is closed.
    await poll(() => point.locator('[data-testid=connection]').getAttribute('data-status'), 30_000).toMatch(/ended|refused/);
  }, STEP);

  it('the conference list shows it among the ended ones', async () => {
    const o = organiser.page;
    await o.locator('[data-testid=back-to-list]').click();
    await o.locator('[data-testid=conference-list]').waitFor();
    await poll(() => text(o, '[data-testid=group-ended]')).toContain(TITLE);
    await screenshot(o, 'organiser-list.png');
  }, STEP);

  it('no page had a script error', () => {
    const errors = people.flatMap((p) => p.errors).filter((e) => !/favicon/.test(e));
    expect(errors).toEqual([]);
  });
});
