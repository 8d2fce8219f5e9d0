import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_MAU_2021_CONFERENCE_ID as CONF } from '../../shared/demo/caMau2021.js';
import { entryOf } from '../../shared/meeting/buckets.js';
import { ensureClientBuilt, issueLink, openParticipant, startScenarioServer, type Participant, type ScenarioServer } from './scenario-support.js';

// The consoles at 1366×768, the screen of a district room's PC (issue 12), measured by the boxes
// the browser lays out: the clerk's table never scrolls sideways (the S button stays in view), the
// chair sees all ten points of the demo at once, a name cut with "…" can be read in full from its
// tooltip, on the program view the connection badge leaves "Đang phát biểu" uncovered, and the
// chair's top bar with recording and live on wraps rather than squeezing the role and title.

const TB = 'cm-thoi-binh';
let env: ScenarioServer;
let browser: Participant;
let chair: Page;
let clerk: Page;
let program: Page;

type Box = { left: number; top: number; right: number; bottom: number };

beforeAll(async () => {
  ensureClientBuilt();
  env = await startScenarioServer();
  const room = env.server.rooms.get(CONF)!;
  const asChair = { role: 'chair' as const, name: 'Lê Quân' };
  const run = async (command: Parameters<typeof room.submit>[0], by: Parameters<typeof room.submit>[1] = asChair) => {
    const r = await room.submit(command, by);
    if (!r.ok) throw new Error(`${command.type}: ${r.code}`);
  };
  // The day under way: in session, the discussion running, Thới Bình has the floor, and a clerk's
  // substitute mark (the widest status the table shows).
  await run({ type: 'setConferenceStatus', status: 'rollCall' });
  const first = room.state.attendeeOrder.map((id) => entryOf(room.state.attendees, id)!).find((a) => a.pointId === TB)!;
  await run({ type: 'markAttendance', attendeeId: first.id, mark: { status: 'substitute', substituteName: 'Đỗ Thị Hoa', substitutePosition: 'Phó Chánh Văn phòng HĐND và UBND huyện Thới Bình' } }, { role: 'clerk' });
  await run({ type: 'setConferenceStatus', status: 'inSession' });
  await run({ type: 'startAgenda', stepId: 'step-3-thao-luan' });
  await run({ type: 'requestFloor', id: 'req-tb', pointId: TB, delegateName: first.name, delegatePosition: first.position, topic: 'Tình hình thu ngân sách và giải ngân vốn đầu tư công của huyện Thới Bình', kind: 'contribution' }, { role: 'point', pointId: TB });
  await run({ type: 'grantFloor', requestId: 'req-tb' });
  // Thới Bình's room is connected (the program shows points that are there).
  await run({ type: 'pointOnline', pointId: TB }, { role: 'system' });
  // …and talking: its tile carries one more badge, the tallest tile of its row.
  await run({ type: 'setActiveSpeaker', pointId: TB }, { role: 'system' });

  const url = (role: string) => issueLink(env.server, CONF, role);
  const [chairUrl, clerkUrl, observerUrl] = await Promise.all([url('chair'), url('clerk'), url('observer')]);
  browser = await openParticipant('layout', chairUrl);
  chair = browser.page;
  clerk = await browser.context.newPage();
  await clerk.goto(clerkUrl);
  program = await browser.context.newPage();
  await program.goto(observerUrl);
  await chair.locator('[data-testid=chair-console]').waitFor({ timeout: 60_000 });
  await clerk.locator('[data-testid=clerk-console]').waitFor({ timeout: 60_000 });
  await program.locator('[data-testid=program-screen]').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await env?.dispose();
});

/** Text cut with an ellipsis that no tooltip (title on it or an ancestor) gives in full. */
async function unreadableEllipses(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el);
      if (style.textOverflow !== 'ellipsis' || el.scrollWidth <= el.clientWidth + 1 || el.offsetParent === null) continue;
      const full = (el.textContent ?? '').trim();
      const title = el.closest<HTMLElement>('[title]')?.title ?? '';
      if (full && !title.includes(full)) out.push(`${el.className}: “${full}”`);
    }
    return out;
  });
}

describe('the consoles at 1366×768', () => {
  it('the clerk’s roll-call table fits its width: no sideways scroll, every row’s S button in view', async () => {
    await clerk.locator('[data-testid=roll-call] tbody tr[data-attendee-id]').first().waitFor();
    const m = await clerk.locator('[data-testid=roll-call] .table-wrap').evaluate((wrap) => {
      const box = wrap.getBoundingClientRect();
      const rights = [...wrap.querySelectorAll('tbody tr[data-attendee-id]')].slice(0, 12).map((tr) => {
        const s = [...tr.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'S');
        return s ? s.getBoundingClientRect().right : Infinity;
      });
      return { scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth, right: box.right, rights };
    });
    expect(m.scrollWidth, 'table wider than its frame').toBeLessThanOrEqual(m.clientWidth + 1);
    expect(m.rights.length).toBeGreaterThan(5);
    for (const r of m.rights) expect(r).toBeLessThanOrEqual(m.right);
  });

  it('the chair’s wall shows all ten points at once, without scrolling', async () => {
    const tiles = chair.locator('[data-testid=point-wall] li[data-point-id]');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(10);
    const boxes = await tiles.evaluateAll((els) => {
      // The visible area: the viewport, cut by every scrolling ancestor of the wall.
      let view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
      for (let p = els[0]?.parentElement ?? null; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(s.overflowY + s.overflowX)) {
          const r = p.getBoundingClientRect();
          view = { left: Math.max(view.left, r.left), top: Math.max(view.top, r.top), right: Math.min(view.right, r.right), bottom: Math.min(view.bottom, r.bottom) };
        }
      }
      return { view, tiles: els.map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })) };
    });
    const hidden = boxes.tiles.filter((b: Box) => b.top < boxes.view.top - 1 || b.bottom > boxes.view.bottom + 1 || b.right > boxes.view.right + 1);
    expect(hidden, `visible area ${JSON.stringify(boxes.view)}, tiles ${JSON.stringify(boxes.tiles.map((b: Box) => [Math.round(b.top), Math.round(b.bottom)]))}`).toEqual([]);
  });

  it('names and positions cut with “…” keep a tooltip with the whole text (chair and clerk)', async () => {
    const cut = [...(await unreadableEllipses(chair)), ...(await unreadableEllipses(clerk))];
    expect(cut, cut.join('\n')).toEqual([]);
  });

  it('on the program view the connection badge does not cover “Đang phát biểu”', async () => {
    const flag = program.locator('.tile__flag--floor').first();
    await flag.waitFor({ timeout: 30_000 });
    const a = (await flag.boundingBox())!;
    const boxes = await program.locator('.program-screen__corner > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) {
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `badge ${JSON.stringify(b)} over the floor label ${JSON.stringify(a)}`).toBe(false);
    }
  });
  it('with recording and the live stream on, the chair’s top bar overlaps nothing: it wraps', async () => {
    const room = env.server.rooms.get(CONF)!;
    for (const type of ['startRecording', 'startLiveStream'] as const) expect((await room.submit({ type }, { role: 'chair', name: 'Lê Quân' })).ok).toBe(true);
    await chair.locator('[data-testid=recording-on]').waitFor();
    await chair.locator('[data-testid=live-on]').waitFor();
    const boxes = await chair.locator('.topbar').evaluate((bar) =>
      [...bar.children].filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => {
        const r = el.getBoundingClientRect();
        return { name: el.className || el.tagName, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
    );
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1).map((b) => `${a.name} × ${b.name}`));
    expect(overlaps).toEqual([]);
    // The role and the conference's title keep room to be read (they were squeezed to ~20 px).
    const who = boxes.find((b) => b.name.includes('topbar__who'))!;
    expect(who.right - who.left).toBeGreaterThan(150);
  });
});
