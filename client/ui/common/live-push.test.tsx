// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivePush } from '../../../shared/protocol/live-push.js';
import type { MeetingEvent, Principal } from '../../../shared/protocol/index.js';
import { I18nContext, LANGUAGES } from '../../i18n/index.js';
import { DISCUSSING } from '../testing/events.js';
import { mount, type Harness } from '../testing/harness.js';
import { LivePushStatus } from './LivePush.js';

// The RTMP push beside the live badge for the chair and the organiser, read from GET …/live-push
// (the route and the pusher behind it: test/live/live-stream.test.ts and rtmp-push.test.ts). The
// only stand-in is the HTTP edge: a fetch that answers what the route answers.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const started: MeetingEvent = { type: 'liveStreamStarted', at: 30, by: { role: 'chair' }, streamId: 'live1' };
const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

function api(answer: Omit<LivePush, 'conferenceId'>) {
  const calls: { url: string; auth: string | null }[] = [];
  const box = { answer };
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
    return new Response(JSON.stringify({ conferenceId: 'cm', ...box.answer }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchFn, box };
}
const view = (fetchFn: typeof fetch) => () => <LivePushStatus fetchFn={fetchFn} baseUrl="http://127.0.0.1:9" intervalMs={30} />;
const shown = () => h!.container.querySelector('[data-testid=live-push]');

describe('the RTMP push on the chair’s and the organiser’s consoles', () => {
  for (const principal of [{ role: 'chair' }, { role: 'admin' }] as Principal[]) {
    it(`${principal.role}: shows the push while the stream is live, and its failure with ffmpeg's error and the retry`, async () => {
      const a = api({ target: 'rtmp://tv.camau.gov.vn/live/…', failures: 0, push: { state: 'pushing', attempt: 1, forMs: 12_000, lastError: null } });
      h = await mount([...DISCUSSING, started], principal, view(a.fetchFn));
      await settle();
      expect(a.calls[0]).toEqual({ url: 'http://127.0.0.1:9/api/conferences/cm/live-push', auth: 'Bearer test' });
      expect(shown()?.textContent).toBe('RTMP Đang đẩy luồng');
      expect(shown()?.getAttribute('title')).toBe('Đẩy luồng RTMP tới rtmp://tv.camau.gov.vn/live/…');
      a.box.answer = { target: 'rtmp://tv.camau.gov.vn/live/…', failures: 2, push: { state: 'retrying', attempt: 2, error: 'Connection refused', retryInMs: 3_600 } };
      await settle();
      expect(shown()?.getAttribute('data-state')).toBe('retrying');
      expect(shown()?.textContent).toBe('RTMP Lỗi, thử lại sau 4 giây (lần 3)Connection refused');
      expect(shown()?.getAttribute('title')).toBe('Đẩy luồng RTMP tới rtmp://tv.camau.gov.vn/live/…. Lỗi gần nhất: Connection refused');
      // Pushing again: the last error stays in the tooltip.
      a.box.answer = { target: 'rtmp://tv.camau.gov.vn/live/…', failures: 2, push: { state: 'pushing', attempt: 3, forMs: 1_000, lastError: 'Connection refused' } };
      await settle();
      expect(shown()?.textContent).toBe('RTMP Đang đẩy luồng');
      expect(shown()?.getAttribute('title')).toContain('Lỗi gần nhất: Connection refused');
    });
  }

  it('in English too', async () => {
    const a = api({ target: 'rtmp://tv/live/…', failures: 1, push: { state: 'retrying', attempt: 1, error: 'Connection refused', retryInMs: 1_000 } });
    h = await mount([...DISCUSSING, started], { role: 'chair' }, () => <I18nContext.Provider value={{ lang: 'en', t: LANGUAGES.en, setLang: () => {} }}>{view(a.fetchFn)()}</I18nContext.Provider>);
    await settle();
    expect(shown()?.textContent).toBe('RTMP Failed, retrying in 1 s (attempt 2)Connection refused');
    expect(shown()?.getAttribute('title')).toBe('RTMP push to rtmp://tv/live/…. Last error: Connection refused');
  });

  it('is not asked for while the stream is off, nor shown to a clerk or a point, nor with no RTMP address', async () => {
    const a = api({ target: null, failures: 0, push: null });
    h = await mount(DISCUSSING, { role: 'chair' }, view(a.fetchFn));
    await settle();
    expect(a.calls).toHaveLength(0);
    h.unmount();
    for (const principal of [{ role: 'clerk' }, { role: 'point', pointId: 'tb' }] as Principal[]) {
      h = await mount([...DISCUSSING, started], principal, view(a.fetchFn));
      await settle();
      expect(shown()).toBeNull();
      h.unmount();
    }
    expect(a.calls).toHaveLength(0);
    h = await mount([...DISCUSSING, started], { role: 'chair' }, view(a.fetchFn));
    await settle();
    expect(a.calls.length).toBeGreaterThan(0);
    expect(shown()).toBeNull();
  });
});
