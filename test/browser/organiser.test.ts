import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryOf } from '../../shared/meeting/buckets.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import { axeAudit } from './axe.js';
import { adminApi, chosen, Effort, INVITATIONS, pointsXlsx, POINTS, POINTS_CSV, poll, text, TITLE, TOPIC, XLSX_TYPE } from './organiser-support.js';
import { ensureClientBuilt, openParticipant, screenshot, SCREENSHOTS, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// The organiser's work end to end, in the browser alone, from the server-admin link: a new
// conference made from nothing (three points: pasted, from a CSV and from an XLSX file; the
// organisations per point; a presiding panel of two, each presiding one of two agenda steps; an
// invitation list imported), checked through the API; its connection sheets printed as a PDF whose
// QR codes (read back by Debian's zbarimg) open the right consoles in Chromium; the links' life
// (opened by, copy, re-issue, expiry, revoke) and the giấy mời; the line test passed on the board,
// a point called; one speech, the end, the archive (minutes, JSON-lines log), closing (the links
// stop, the record is read-only); next month's conference copied from it. axe-core runs on every
// screen. The preparation's clicks are counted.


let env: ScenarioServer;
let organiser: Participant;
const people: Participant[] = [];
const work = mkdtempSync(path.join(tmpdir(), 'hoinghi-organiser-'));
let sheetLinks: string[] = [];
let chairUrl = '';
const effort = new Effort();
const click = (target: Locator) => effort.click(target);
const pick = (target: Locator, value: string) => effort.pick(target, value);
let conferenceId = '';
/** axe-core's serious and critical findings on every screen, checked at the end. */
const { findings: accessibility, audit } = axeAudit();
let admin: ReturnType<typeof adminApi>;

/** A file chosen for the points' import: its preview says what will be added, then it is. */
async function importPoints(o: Page, file: { name: string; mimeType: string; buffer: Buffer }, pointsAfter: number): Promise<void> {
  await o.locator('[data-testid=points-import-file]').setInputFiles(file);
  effort.files += 1;
  await poll(() => text(o, '[data-testid=points-import-summary]')).toBe('Sẽ thêm 1 điểm cầu');
  await audit(o, `organiser: points, preview of ${file.name}`);
  await click(o.locator('[data-testid=points-import-do]'));
  await poll(() => o.locator('input[name=point-name]').count()).toBe(pointsAfter);
}

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  admin = adminApi(env.server);
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
    await audit(o, 'conference list');
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
    await audit(o, 'organiser: details');
  }, STEP);

  it('prepares it: details, three points, a presiding panel of two, two agenda steps, the invitation list', async () => {
    const o = organiser.page;
    await o.locator('input[name=conf-clerkName]').fill('Trần Thị Thu');
    await o.locator('input[name=conf-technicalContact]').fill('Phòng CNTT, Văn phòng UBND tỉnh — 0291 3822 000');
    await click(o.locator('[data-testid=details-save]'));
    await poll(() => text(o, '[data-testid=details-facts] .saved')).toBe('Đã lưu');

    // The points three ways: the central point pasted (one name a line), a district from the
    // office's CSV and another from its XLSX, each through the import's preview.
    await click(o.locator('[data-testid=tab-points]'));
    await audit(o, 'organiser: points (empty)');
    await o.locator('textarea[name=point-names]').fill(POINTS[0]);
    await click(o.locator('[data-testid=points-add]'));
    await poll(() => o.locator('input[name=point-name]').count()).toBe(1);
    expect(await o.locator('tr[data-point-id] select[name=point-kind]').first().inputValue()).toBe('central');
    await importPoints(o, { name: 'diem-cau-huyen.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${POINTS_CSV}`, 'utf8') }, 2);
    await importPoints(o, { name: 'diem-cau-huyen.xlsx', mimeType: XLSX_TYPE, buffer: await pointsXlsx() }, 3);
    await audit(o, 'organiser: points');

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
    await audit(o, 'organiser: presiding panel');

    await click(o.locator('[data-testid=tab-agenda]'));
    // Who presides which step: the chairman the report, his deputy the discussion.
    for (const [title, kind, presider, minutes] of [
      ['Báo cáo tình hình kinh tế - xã hội tháng 12', 'report', 'Phạm Văn Thiều', '20'],
      ['Thảo luận', 'discussion', 'Lê Thị Ái Nam', '60'],
    ] as const) {
      const row = o.locator('[data-testid=new-step]');
      await row.locator('input[name=new-step-title]').fill(title);
      await pick(row.locator('select[name=step-kind]'), kind);
      await pick(row.locator('select[name=step-presiding]'), presider);
      await row.locator('input[name=new-step-minutes]').fill(minutes);
      await click(o.locator('[data-testid=add-step]'));
      await poll(() => o.locator(`tr[data-step-id] input[name=step-title][value="${title}"]`).count()).toBe(1);
    }
    await screenshot(o, 'organiser-agenda.png');
    await audit(o, 'organiser: agenda');

    await click(o.locator('[data-testid=tab-invitations]'));
    await o.locator('[data-testid=import-file]').setInputFiles({ name: 'danh-sach-trieu-tap.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${INVITATIONS}`, 'utf8') });
    effort.files += 1;
    await poll(() => text(o, '[data-testid=import-preview]')).toContain('Sẽ nhập 7 đại biểu');
    await audit(o, 'organiser: invitation list, preview');
    await click(o.locator('[data-testid=import-do]'));
    await poll(() => o.locator('[data-testid=invited-by-point] td.num').allInnerTexts()).toEqual(['3', '3', '1']);
    await audit(o, 'organiser: invitation list');

    // Organisations per point: the import placed each organisation at the one point its rows
    // name; the department invited at two points is placed here by hand, and one more is added.
    await click(o.locator('[data-testid=tab-organisations]'));
    const planning = o.locator('tr[data-organisation-id]', { has: o.locator('input[name=organisation-name][value="Sở Kế hoạch và Đầu tư"]') });
    expect(await chosen(planning.locator('select[name=organisation-point]'))).toBe('— Nhiều điểm cầu / chưa xếp —');
    await pick(planning.locator('select[name=organisation-point]'), POINTS[0]);
    await poll(() => chosen(planning.locator('select[name=organisation-point]'))).toBe(POINTS[0]);
    const fresh = o.locator('[data-testid=new-organisation]');
    await fresh.locator('input[name=new-organisation-name]').fill('Văn phòng HĐND và UBND huyện Phước Long');
    await pick(fresh.locator('select[name=organisation-point]'), POINTS[2]);
    await click(fresh.locator('[data-testid=add-organisation]'));
    await poll(() => o.locator('tr[data-organisation-id] input[name=organisation-name][value="Văn phòng HĐND và UBND huyện Phước Long"]').count()).toBe(1);
    await audit(o, 'organiser: organisations');

    // What the screens show is what the conference holds (read through the API, not the screen).
    conferenceId = await admin.conferenceIdOf(TITLE);
    const held = await admin.stateOf(conferenceId);
    expect(held.pointOrder.map((id) => held.points[id])).toEqual([
      expect.objectContaining({ name: POINTS[0], kind: 'central', contact: '' }),
      expect.objectContaining({ name: POINTS[1], kind: 'district', contact: 'Nguyễn Minh Tú — 0912 345 678' }),
      expect.objectContaining({ name: POINTS[2], kind: 'district', contact: 'Lâm Thị Hoa — 0913 456 789' }),
    ]);
    const pointName = (id: string | null) => (id === null ? null : (held.points[id]?.name ?? id));
    expect(Object.fromEntries(held.organisationOrder.map((id) => [held.organisations[id]?.name, pointName(held.organisations[id]?.pointId ?? null)]))).toEqual({
      'UBND tỉnh': POINTS[0],
      'UBND huyện Hồng Dân': POINTS[1],
      'UBND huyện Phước Long': POINTS[2],
      'Sở Kế hoạch và Đầu tư': POINTS[0],
      'Văn phòng HĐND và UBND huyện Phước Long': POINTS[2],
    });
    expect(held.attendeeOrder.length).toBe(7);
    const memberName = (id: string | null) => (id === null ? null : (held.panel[id]?.name ?? id));
    expect(held.panelOrder.map((id) => held.panel[id]?.name)).toEqual(['Phạm Văn Thiều', 'Lê Thị Ái Nam']);
    expect(held.agenda.order.map((id) => held.agenda.steps[id]).map((s) => [s?.title, s?.kind, memberName(s?.presidingMemberId ?? null), s?.plannedMinutes])).toEqual([
      ['Báo cáo tình hình kinh tế - xã hội tháng 12', 'report', 'Phạm Văn Thiều', 20],
      ['Thảo luận', 'discussion', 'Lê Thị Ái Nam', 60],
    ]);

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
    const toLinks = effort.clicks;

    const [download] = await Promise.all([o.waitForEvent('download'), click(o.locator('[data-testid=download-sheets]'))]);
    const pdf = path.join(work, 'phieu-ket-noi.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    console.log(`organiser preparation: ${toLinks} clicks and ${effort.files} file choices from the server-admin link to the links issued, ${effort.clicks} to the printed connection sheets`);

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
    await audit(o, 'organiser: links and documents');
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
    // "Call": a notice on that point's console until the point answers it.
    const called = people[2]!.page;
    const callButton = o.locator('[data-testid=linetest-table] tr[data-point-id]', { hasText: names[1] ?? '' }).locator('[data-testid=lt-call]');
    await callButton.click();
    await poll(() => text(called, '[data-testid=call-notice]')).toContain('Ban tổ chức đang gọi điểm cầu');
    await poll(() => callButton.innerText()).toBe('Đã gọi — chờ trả lời');
    await audit(called, 'point, called by the organiser');
    await called.locator('[data-testid=call-acknowledge]').click();
    await poll(() => called.locator('[data-testid=call-notice]').count()).toBe(0);
    await poll(() => callButton.innerText()).toBe('Gọi');
    // The organiser sees and hears one of them privately.
    // (that the sound reaches the organiser alone is test/media/private-check.test.ts)
    await o.locator('[data-testid=linetest-table] tr[data-point-id]', { hasText: names[0] ?? '' }).locator('[data-testid=lt-check]').click();
    await poll(() => o.locator('[data-testid=private-check] video').evaluate((v) => (v as HTMLVideoElement).videoWidth), 60_000).toBeGreaterThan(0);
    await screenshot(o, 'organiser-line-test.png');
    await audit(o, 'organiser: line-test board, a private check open');
  }, STEP);

  it('the links say who opened which and when; a link is copied, re-issued with another expiry and revoked; the letter is a DOCX', async () => {
    const o = organiser.page;
    await o.locator('[data-testid=tab-links]').click();
    for (const name of POINTS.slice(1)) {
      const opened = o.locator('tr[data-link-for]', { has: o.locator('th', { hasText: name }) }).locator('[data-testid=link-opened]');
      await poll(() => opened.innerText()).toMatch(/^\d+ lần, (lúc|đầu tiên) \d/);
    }
    // The clerk's link: issued for 7 days, copied, re-issued (the old one then fails), revoked.
    const clerkRow = o.locator('tr[data-link-for="Thư ký hội nghị"]');
    await o.locator('input[name=link-days]').fill('7');
    await clerkRow.getByRole('button', { name: 'Cấp liên kết' }).click();
    const url = clerkRow.locator('[data-testid=link-url]');
    await url.waitFor();
    const first = await url.inputValue();
    const expires = await admin.api<{ links: { url: string; role: string; expiresAt: number; createdAt: number }[] }>(`/conferences/${conferenceId}/links`);
    const issued = expires.links.find((l) => l.url === first);
    expect(issued?.role).toBe('clerk');
    expect(Math.round(((issued?.expiresAt ?? 0) - (issued?.createdAt ?? 0)) / 3_600_000)).toBe(7 * 24);
    await organiser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    await clerkRow.getByRole('button', { name: 'Chép' }).click();
    await poll(() => clerkRow.getByRole('button', { name: 'Đã chép' }).count()).toBe(1);
    expect(await o.evaluate(() => navigator.clipboard.readText())).toBe(first);
    await clerkRow.getByRole('button', { name: 'Cấp lại' }).click();
    await poll(() => url.inputValue()).not.toBe(first);
    const second = await url.inputValue();
    expect(await admin.whoamiStatus(first)).toBe(401);
    expect(await admin.whoamiStatus(second)).toBe(200);
    await clerkRow.getByRole('button', { name: 'Thu hồi' }).click();
    await poll(() => text(o, 'tr[data-link-for="Thư ký hội nghị"] .badge')).toBe('Chưa cấp');
    expect(await admin.whoamiStatus(second)).toBe(401);

    // The invitation letter (giấy mời), numbered and dated, to edit and sign.
    await o.locator('input[name=letter-number]').fill('125/GM-UBND');
    await o.locator('input[name=letter-date]').fill('2026-12-20');
    const [letter] = await Promise.all([o.waitForEvent('download'), o.locator('[data-testid=download-letter]').click()]);
    const docx = unzipSync(new Uint8Array(readFileSync(await letter.path())));
    const body = strFromU8(docx['word/document.xml'] ?? new Uint8Array());
    for (const words of ['GIẤY MỜI', 'Số: 125/GM-UBND<', 'Độc lập - Tự do - Hạnh phúc', 'Bạc Liêu, ngày 20 tháng 12 năm 2026', `Dự h${TITLE.slice(1)}`, ...POINTS.slice(1).map((p) => `- ${p};`)]) {
      expect(body).toContain(words);
    }
    await o.locator('[data-testid=tab-lineTest]').click();
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
    // The whole event log, one JSON object a line, for the office's record.
    const [logDownload] = await Promise.all([o.waitForEvent('download'), o.locator('[data-testid=download-log]').click()]);
    const log = readFileSync(await logDownload.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; event: { type: string } });
    expect(log.map((l) => l.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.map((l) => l.event.type)).toEqual(expect.arrayContaining(['conferenceCreated', 'pointAdded', 'organisationAdded', 'invitationListImported', 'floorGranted', 'speechEnded']));
    await audit(o, 'organiser: archive of an ended conference');

    await o.locator('[data-testid=close-conference]').click();
    await o.locator('[data-testid=close-confirm]').click();
    await poll(() => o.locator('[data-testid=closed-banner]').count()).toBe(1);
    await audit(o, 'organiser: archive, closed');
    // A point's link stops working once the record is closed: the open console is told, and
    // every point's link from the sheets is refused from then on.
    await poll(() => point.locator('[data-testid=connection]').getAttribute('data-status'), 30_000).toMatch(/ended|refused/);
    for (const url of sheetLinks) expect(await admin.whoamiStatus(url)).toBe(401);
    // Closed is read-only: the editors show the record and offer no edit.
    await o.locator('[data-testid=tab-points]').click();
    expect(await o.locator('[data-testid=points-bulk]').count()).toBe(0);
    expect(await o.locator('input[name=point-name]:enabled').count()).toBe(0);
    expect(await o.locator('input[name=point-name]').count()).toBe(3);
    await audit(o, 'organiser: points of a closed conference');
  }, STEP);

  it('the conference list shows it among the ended ones', async () => {
    const o = organiser.page;
    await o.locator('[data-testid=back-to-list]').click();
    await o.locator('[data-testid=conference-list]').waitFor();
    await poll(() => text(o, '[data-testid=group-ended]')).toContain(TITLE);
    await screenshot(o, 'organiser-list.png');
    await audit(o, 'conference list, with the ended conference');
  }, STEP);

  it('next month’s conference is a copy of it: the same points, organisations, panel, agenda and list, nothing of the day; in English too', async () => {
    const o = organiser.page;
    const next = 'Hội nghị giao ban trực tuyến tháng 01 năm 2027';
    await o.locator('[data-testid=group-ended] tr', { hasText: TITLE }).locator('[data-testid=copy-conference]').click();
    const form = o.locator('[data-testid=new-conference]');
    expect(await chosen(form.locator('select[name=copy-from]'))).toContain(TITLE);
    await form.locator('input[name=new-title]').fill(next);
    await form.locator('input[name=new-date]').fill('2027-01-28');
    await audit(o, 'conference list, a copy being made');
    await form.locator('[data-testid=create-conference]').click();
    await o.locator('[data-testid=organiser-console]').waitFor({ timeout: 30_000 });
    await poll(() => text(o, '[data-testid=conference-status]')).toBe('Bản nháp');
    const [before, after] = [await admin.stateOf(conferenceId), await admin.stateOf(await admin.conferenceIdOf(next))];
    const setup = (st: MeetingState) => ({
      points: st.pointOrder.map((id) => st.points[id]),
      organisations: st.organisationOrder.map((id) => st.organisations[id]),
      panel: st.panelOrder.map((id) => st.panel[id]),
      agenda: st.agenda.order.map((id) => st.agenda.steps[id]).map((step) => [step?.title, step?.kind, step?.presidingMemberId, step?.plannedMinutes]),
      invited: st.attendeeOrder.map((id) => entryOf(st.attendees, id)).map((a) => [a?.name, a?.organisationId, a?.pointId]),
    });
    expect(setup(after)).toEqual(setup(before));
    expect(after.conference).toMatchObject({ title: next, date: '2027-01-28', clerkName: 'Trần Thị Thu', technicalContact: before.conference?.technicalContact });
    // Nothing of the day: the speech, the readiness and the line test (pre-flights, the opened
    // links of the two points and the chair) stay with the old one.
    const day = (st: MeetingState) => ({
      speeches: st.speeches.size,
      ready: st.readiness.size,
      preflights: st.lineTest.preflight.size,
      linksOpened: st.lineTest.linkOpens.size,
      marks: st.attendeeOrder.flatMap((id) => entryOf(st.attendees, id)?.marks ?? []).length,
    });
    expect(day(before)).toMatchObject({ speeches: 1, ready: 1, preflights: 2, linksOpened: 3 });
    expect(day(after)).toEqual({ speeches: 0, ready: 0, preflights: 0, linksOpened: 0, marks: 0 });

    // The console in English too, as every console.
    await o.locator('.lang button[lang=en]').click();
    await poll(() => text(o, '[data-testid=conference-status]')).toBe('Draft');
    expect(await text(o, '[data-testid=tab-organisations]')).toBe('Organisations');
    await audit(o, 'organiser in English: details');
    await o.locator('[data-testid=tab-organisations]').click();
    await audit(o, 'organiser in English: organisations');
    await o.locator('.lang button[lang=vi]').click();
    await poll(() => text(o, '[data-testid=conference-status]')).toBe('Bản nháp');
  }, STEP);

  it('axe-core finds nothing serious or critical on any screen of the console (WCAG 2.1 A/AA and best practices)', () => {
    expect(accessibility).toEqual([]);
  });

  it('no page had a script error', () => {
    const errors = people.flatMap((p) => p.errors).filter((e) => !/favicon/.test(e));
    expect(errors).toEqual([]);
  });
});
