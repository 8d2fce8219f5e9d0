// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent, Principal } from '../../../shared/protocol/index.js';
import { I18nContext, LANGUAGES } from '../../i18n/index.js';
import { click, mount, type Harness } from '../testing/harness.js';
import { DISCUSSING } from '../testing/events.js';
import { ProgramRecordings, ProgramRecordingsMenu } from './ProgramRecordings.js';

// The render panel of the program recording (issue 16), for the chair and the organiser: render a
// stopped run, follow it while it renders, then download the MP4 and the edit list; refusals in
// the error catalogue's words. The only stand-in is the HTTP edge: a fetch that answers what
// server/recording/http.ts answers (test/recording/program-cut.test.ts runs the real routes).

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const run = (id: string, from: number, to: number | null): MeetingEvent[] => [
  { type: 'recordingStarted', at: from, by: { role: 'chair' }, recordingId: id },
  ...(to === null ? [] : [{ type: 'recordingStopped', at: to, by: { role: 'chair' }, recordingId: id, reason: 'requested' } as MeetingEvent]),
];

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** The server's program routes, with a render that ends after `rendersFor` status reads. */
function server(opts: { post?: Answer; rendersFor?: number; fails?: string } = {}) {
  const calls: { method: string; url: string; auth: string | null }[] = [];
  let state: 'none' | 'rendering' | 'done' | 'failed' = 'none';
  let reads = 0;
  const fetchFn = (async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url, auth: new Headers(init?.headers).get('authorization') });
    const json = (a: Answer) => new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json', ...a.headers } });
    if (url.endsWith('/program') && method === 'POST') {
      if (opts.post) return json(opts.post);
      state = 'rendering';
      reads = 0;
      return json({ status: 202, body: { conferenceId: 'cm', recordingId: 'rec1', state: 'rendering', shots: 6, durationMs: 21_000 } });
    }
    if (url.endsWith('/program')) {
      if (state === 'rendering' && ++reads > (opts.rendersFor ?? 1)) state = opts.fails ? 'failed' : 'done';
      const body =
        state === 'done'
          ? { state, renderMs: 9000, durationMs: 21_700, bytes: 1_234_567, shots: 6 }
          : state === 'failed'
            ? { state, code: 'PROGRAM_RENDER_FAILED', error: opts.fails }
            : state === 'rendering'
              ? { state, since: Date.now() }
              : { state };
      return json({ status: 200, body: { conferenceId: 'cm', recordingId: 'rec1', ...body } });
    }
    if (url.endsWith('.mp4')) return new Response(new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112]), { status: 200, headers: { 'content-type': 'video/mp4', 'content-disposition': 'attachment; filename="cm-rec1-program.mp4"' } });
    if (url.endsWith('.edit-list.json')) return json({ status: 200, body: { recordingId: 'rec1', shots: [] } });
    return json({ status: 404, body: { code: 'NOT_FOUND', message: url } });
  }) as typeof fetch;
  return { calls, fetchFn };
}

const settle = (ms = 30) => act(() => new Promise((r) => setTimeout(r, ms)));
const view = (fetchFn: typeof fetch) => () => <ProgramRecordings fetchFn={fetchFn} baseUrl="http://127.0.0.1:9" pollMs={20} />;
const text = (sel: string) => h!.container.querySelector(sel)?.textContent?.trim();

describe('the program recording panel (Dựng bản ghi chương trình)', () => {
  for (const principal of [{ role: 'admin' }, { role: 'chair' }] as Principal[]) {
    it(`${principal.role}: renders a stopped run, follows the render, then offers the MP4 and the edit list`, async () => {
      const s = server({ rendersFor: 2 });
      h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, 1_021_700)], principal, view(s.fetchFn));
      await settle();
      expect(s.calls[0]).toEqual({ method: 'GET', url: 'http://127.0.0.1:9/api/conferences/cm/recordings/rec1/program', auth: 'Bearer test' });
      const button = h.container.querySelector('[data-testid=program-render]');
      expect(button?.textContent).toBe('Dựng bản ghi chương trình');
      await click(button);
      expect(s.calls.find((c) => c.method === 'POST')).toEqual({ method: 'POST', url: 'http://127.0.0.1:9/api/conferences/cm/recordings/rec1/program', auth: 'Bearer test' });
      await settle(5);
      expect(text('[data-testid=program-rendering]')).toMatch(/^Đang dựng… \(\d+ giây\)$/);
      expect(h.container.querySelector('[data-testid=program-render]')).toBeNull();
      await settle(150);
      expect(text('[data-testid=program-done]')).toBe('Đã dựng: 0:21, 1,2 MB');
      expect(text('[data-testid=program-video]')).toBe('Tải video (MP4)');
      expect(text('[data-testid=program-edit-list]')).toBe('Tải danh sách biên tập (JSON)');
      expect(text('[data-testid=program-render]')).toBe('Dựng lại');
      // The downloads are fetched with the join token (a plain link cannot send it).
      const saved: string[] = [];
      URL.createObjectURL = () => 'blob:x';
      URL.revokeObjectURL = () => undefined;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        saved.push(this.download);
      };
      await click(h.container.querySelector('[data-testid=program-video]'));
      await settle();
      await click(h.container.querySelector('[data-testid=program-edit-list]'));
      await settle();
      expect(s.calls.filter((c) => /\.(mp4|json)$/.test(c.url)).map((c) => [c.url.split('/').pop(), c.auth])).toEqual([
        ['program.mp4', 'Bearer test'],
        ['program.edit-list.json', 'Bearer test'],
      ]);
      expect(saved).toEqual(['cm-rec1-program.mp4', 'cm-rec1-program.edit-list.json']);
    });
  }

  it('says a refusal and a failed render in the error catalogue’s words, Vietnamese first, English when chosen', async () => {
    const refused = server({ post: { status: 409, body: { code: 'RECORDING_RUNNING', message: 'rec1' } } });
    h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, 1_021_700)], { role: 'admin' }, view(refused.fetchFn));
    await settle();
    await click(h.container.querySelector('[data-testid=program-render]'));
    await settle();
    expect(text('[data-testid=program-error]')).toBe('Lần ghi hình này chưa dừng: dựng bản ghi chương trình sau khi dừng ghi.');
    h.unmount();

    const failing = server({ fails: 'ffmpeg exit 1: No such file' });
    h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, 1_021_700)], { role: 'admin' }, () => (
      <I18nContext.Provider value={{ lang: 'en', t: LANGUAGES.en, setLang: () => {} }}>{view(failing.fetchFn)()}</I18nContext.Provider>
    ));
    await settle();
    expect(text('[data-testid=program-render]')).toBe('Render program recording');
    await click(h.container.querySelector('[data-testid=program-render]'));
    // The POST's answer lands in one act (which starts the polling), the polls in the next.
    await settle(5);
    await settle(150);
    const failed = h.container.querySelector('[data-testid=program-failed]');
    expect(failed?.getAttribute('role')).toBe('alert');
    expect(failed?.textContent).toBe('Rendering the program recording failed; each point’s recording is untouched.');
    expect(failed?.getAttribute('title')).toBe('ffmpeg exit 1: No such file');
    expect(text('[data-testid=program-render]')).toBe('Render program recording');
  });

  it('lists only stopped runs, says when there is none, and is not shown to a clerk or a point', async () => {
    const s = server();
    h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, null)], { role: 'chair' }, view(s.fetchFn));
    await settle();
    expect(text('[data-testid=program-none]')).toBe('Chưa có lần ghi hình nào đã dừng.');
    expect(s.calls).toHaveLength(0);
    h.unmount();
    for (const principal of [{ role: 'clerk' }, { role: 'point', pointId: 'tb' }] as Principal[]) {
      h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, 1_021_700)], principal, view(s.fetchFn));
      await settle();
      expect(h.container.querySelector('[data-testid=program-recordings]')).toBeNull();
      h.unmount();
    }
    h = undefined;
    expect(s.calls).toHaveLength(0);
  });

  it('sits in the chair’s top bar as a menu once a run has stopped (the organiser has it in the archive section)', async () => {
    h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, null)], { role: 'chair' }, () => <ProgramRecordingsMenu />);
    expect(h.container.querySelector('[data-testid=program-menu]')).toBeNull();
    await h.live([{ type: 'recordingStopped', at: 1_021_700, by: { role: 'chair' }, recordingId: 'rec1', reason: 'requested' }]);
    expect(h.container.querySelector('[data-testid=program-menu] summary')?.textContent).toBe('Bản ghi chương trình');
    h.unmount();
    h = await mount([...DISCUSSING, ...run('rec1', 1_000_000, 1_021_700)], { role: 'admin' }, () => <ProgramRecordingsMenu />);
    expect(h.container.querySelector('[data-testid=program-menu]')).toBeNull();
  });
});
