// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { useMeeting } from '../session.js';
import { buttons, click, mount, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { ArchiveSection } from './ArchiveSection.js';
import { LinksSection } from './LinksSection.js';

// The inviting and archive sections against the HTTP API of docs/ORGANISER-API.md. The network
// edge is a recording fetch that answers as the server does; what is checked is which requests
// the view makes and what it shows from the answers.

let h: Harness | undefined;
let requests: { method: string; url: string; body: unknown }[] = [];
let reply: (method: string, url: string) => { status: number; body: unknown };
/** The live stream's watch links (WatchLinks.tsx, in the same section): their own requests and answers. */
let watchRequests: { method: string; url: string; body: unknown }[] = [];
let watchReply: (method: string, url: string) => { status: number; body: unknown };

beforeEach(() => {
  requests = [];
  watchRequests = [];
  watchReply = () => ({ status: 200, body: { links: [] } });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const watch = url.includes('/watch-links');
    (watch ? watchRequests : requests).push({ method, url: url.replace(location.origin, ''), body: init.body ? JSON.parse(String(init.body)) : undefined });
    const r = (watch ? watchReply : reply)(method, url);
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  h?.unmount();
  h = undefined;
  vi.unstubAllGlobals();
});

async function settle() {
  await act(async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

const admin = { role: 'admin' as const };
const Links = () => <LinksSection state={useMeeting()} />;
const Archive = () => <ArchiveSection state={useMeeting()} />;
const day = 24 * 3600 * 1000;
const link = (id: string, role: string, pointId?: string, extra: object = {}) => ({
  id,
  conferenceId: 'cm',
  role,
  ...(pointId ? { pointId } : {}),
  secondDevice: 'takeover',
  createdAt: 1,
  expiresAt: Date.now() + 30 * day,
  revokedAt: null,
  url: `http://hoinghi.test/join#t=${id}`,
  live: true,
  opens: 0,
  firstOpenedAt: null,
  lastOpenedAt: null,
  ...extra,
});

describe('inviting: links per role and per point', () => {
  it('shows every role and point with its link and who opened it; issues the missing point links in one call', async () => {
    reply = (m) =>
      m === 'GET'
        ? { status: 200, body: { links: [link('l-chair', 'chair'), link('l-tb', 'point', 'tb', { opens: 2, firstOpenedAt: Date.UTC(2026, 11, 20, 1, 0), lastOpenedAt: Date.UTC(2026, 11, 20, 1, 30) })] } }
        : { status: 201, body: { issued: [] } };
    h = await mount(SETUP, admin, () => <Links />);
    await settle();
    const row = (k: string) => h!.container.querySelector(`tr[data-link-for="${k}"]`)!;
    expect(row('Chủ trì').querySelector<HTMLInputElement>('[data-testid=link-url]')?.value).toBe('http://hoinghi.test/join#t=l-chair');
    expect(row('tb').querySelector('[data-testid=link-opened]')?.textContent).toMatch(/^2 lần, đầu tiên/);
    expect(row('um').textContent).toContain('Chưa cấp');
    await click(h.container.querySelector('[data-testid=issue-point-links]'));
    await settle();
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/conferences/cm/links', 'POST /api/conferences/cm/links/points', 'GET /api/conferences/cm/links']);
    expect(requests[1]?.body).toEqual({ ttlHours: 720 });
  });

  it('re-issues and revokes a link; a refusal is said in place', async () => {
    reply = (m, url) =>
      m === 'GET' ? { status: 200, body: { links: [link('l-tb', 'point', 'tb')] } } : url.includes('l-tb') ? { status: 404, body: { code: 'UNKNOWN_LINK', message: 'link l-tb' } } : { status: 500, body: {} };
    h = await mount(SETUP, admin, () => <Links />);
    await settle();
    const row = h.container.querySelector('tr[data-link-for="tb"]')!;
    await click(buttons(row, 'Cấp lại')[0]);
    await settle();
    expect(requests[1]).toMatchObject({ method: 'POST', url: '/api/conferences/cm/links/l-tb/revoke', body: { reissue: true, ttlHours: 720 } });
    // the catalogue's words in the console's language (issue 17), not the server's message
    expect(h.container.querySelector('[data-testid=links-section] [role=alert]')?.textContent).toBe('Hội nghị không có đường liên kết này.');
  });
});

describe('live watch links (for players without headers)', () => {
  const watchLink = (id: string, extra: object = {}) => ({
    id,
    conferenceId: 'cm',
    label: 'Đài PT-TH Cà Mau',
    issuedBy: 'chair',
    createdAt: 1,
    expiresAt: Date.now() + day,
    revokedAt: null,
    url: `http://hoinghi.test/live/w1.${id}.sig/index.m3u8`,
    page: `http://hoinghi.test/live/w1.${id}.sig/`,
    live: true,
    ...extra,
  });

  it('lists them beside the join links, issues one with whom it is for and its hours, revokes one', async () => {
    reply = () => ({ status: 200, body: { links: [] } });
    watchReply = (m, url) =>
      m === 'GET'
        ? { status: 200, body: { links: [watchLink('w1'), watchLink('w2', { live: false, revokedAt: 5, label: undefined, issuedBy: 'admin' })] } }
        : url.endsWith('/revoke')
          ? { status: 200, body: { revoked: watchLink('w1', { live: false, revokedAt: 9 }) } }
          : { status: 201, body: { link: watchLink('w3') } };
    h = await mount(SETUP, admin, () => <Links />);
    await settle();
    const table = h.container.querySelector('[data-testid=watch-links-table]')!;
    expect(table.querySelector<HTMLInputElement>('tr[data-watch-link-id=w1] [data-testid=watch-link-url]')?.value).toBe('http://hoinghi.test/live/w1.w1.sig/index.m3u8');
    // The page for a browser first (what the press is sent), the playlist for players under it.
    expect(table.querySelector<HTMLInputElement>('tr[data-watch-link-id=w1] [data-testid=watch-page-url]')?.value).toBe('http://hoinghi.test/live/w1.w1.sig/');
    expect(table.querySelector('tr[data-watch-link-id=w1]')?.textContent).toContain('Đài PT-TH Cà Mau');
    expect(table.querySelector('tr[data-watch-link-id=w2]')?.textContent).toContain('Đã thu hồi');
    expect(table.querySelector('tr[data-watch-link-id=w2] [data-testid=watch-link-url]')).toBeNull();
    const section = h.container.querySelector('[data-testid=watch-links]')!;
    const input = (name: string) => section.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
    await act(async () => {
      input('watch-label').value = 'Cổng thông tin điện tử tỉnh';
      input('watch-label').dispatchEvent(new Event('input'));
      input('watch-hours').value = '6';
      input('watch-hours').dispatchEvent(new Event('input'));
    });
    await click(section.querySelector('[data-testid=issue-watch-link]'));
    await settle();
    expect(watchRequests[1]).toMatchObject({ method: 'POST', url: '/api/conferences/cm/watch-links', body: { label: 'Cổng thông tin điện tử tỉnh', ttlHours: 6 } });
    await click(buttons(table.querySelector('tr[data-watch-link-id=w1]')!, 'Thu hồi')[0]);
    await settle();
    expect(watchRequests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/conferences/cm/watch-links',
      'POST /api/conferences/cm/watch-links',
      'GET /api/conferences/cm/watch-links',
      'POST /api/conferences/cm/watch-links/w1/revoke',
      'GET /api/conferences/cm/watch-links',
    ]);
  });

  it('says a refusal in place, in the catalogue words', async () => {
    reply = () => ({ status: 200, body: { links: [] } });
    watchReply = () => ({ status: 403, body: { code: 'FORBIDDEN', message: 'role' } });
    h = await mount(SETUP, admin, () => <Links />);
    await settle();
    expect(h.container.querySelector('[data-testid=watch-links] [role=alert]')?.textContent).toBe('Vai trò của bạn không được thực hiện thao tác này.');
  });
});

describe('after the conference', () => {
  const ADJOURNED: MeetingEvent[] = [
    ...SETUP,
    { type: 'conferenceStatusChanged', at: 5, by: admin, from: 'rollCall', to: 'inSession' },
    { type: 'conferenceStatusChanged', at: 6, by: admin, from: 'inSession', to: 'adjourned' },
  ];

  it('closes the record only after a confirmation, through the close route', async () => {
    reply = () => ({ status: 200, body: { ok: true, seq: 20, revokedLinks: 5 } });
    h = await mount(ADJOURNED, admin, () => <Archive />);
    await click(h.container.querySelector('[data-testid=close-conference]'));
    expect(requests).toEqual([]);
    await click(h.container.querySelector('[data-testid=close-confirm]'));
    await settle();
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/conferences/cm/close']);
  });

  it('does not offer closing while the conference can still run', async () => {
    h = await mount(SETUP, admin, () => <Archive />);
    expect(h.container.querySelector<HTMLButtonElement>('[data-testid=close-conference]')?.disabled).toBe(true);
    expect(h.container.textContent).toContain('Chỉ đóng hồ sơ được sau khi hội nghị bế mạc.');
  });
});
