// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent, Principal } from '../../../shared/protocol/index.js';
import { mount, type Harness } from '../testing/harness.js';
import { DISCUSSING } from '../testing/events.js';
import { formatBytes, RecordingSize, type RecordingUsage } from './RecordingSize.js';

// The recordings' size for the chair and the organiser, read from GET …/recording (the route
// test/recording/recording.test.ts checks against a real server), and the full storage as an
// alert (R-REC-2). The only stand-in is the HTTP edge: a fetch that answers what the route answers.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const started: MeetingEvent = { type: 'recordingStarted', at: 30, by: { role: 'chair' }, recordingId: 'rec1' };

function api(usage: RecordingUsage) {
  const calls: { url: string; auth: string | null }[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, auth: new Headers(init?.headers).get('authorization') });
    return new Response(JSON.stringify({ conferenceId: 'cm', points: [], ...usage }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchFn, usage };
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));
const view = (fetchFn: typeof fetch) => () => <RecordingSize fetchFn={fetchFn} baseUrl="http://127.0.0.1:9" intervalMs={30} />;

describe('the recordings’ size on the chair’s and the organiser’s consoles', () => {
  for (const principal of [{ role: 'chair' }, { role: 'admin' }] as Principal[]) {
    it(`${principal.role}: shows this conference's recorded bytes against the quota, and follows them while recording`, async () => {
      const a = api({ conferenceBytes: 12_345_678, usedBytes: 20_000_000, limitBytes: 5_000_000_000, freeBytes: 40_000_000_000, full: false });
      h = await mount([...DISCUSSING, started], principal, view(a.fetchFn));
      await settle();
      expect(h.container.querySelector('[data-testid=recording-size]')?.textContent).toBe('Đã ghi 12,3 MB / 5 GB');
      expect(a.calls[0]).toEqual({ url: 'http://127.0.0.1:9/api/conferences/cm/recording', auth: 'Bearer test' });
      a.usage.conferenceBytes = 13_500_000;
      await settle();
      expect(h.container.querySelector('[data-testid=recording-size]')?.textContent).toBe('Đã ghi 13,5 MB / 5 GB');
      expect(h.container.querySelector('[data-testid=recording-storage-full]')).toBeNull();
    });
  }

  it('R-REC-2: a full storage is an alert beside the size', async () => {
    const a = api({ conferenceBytes: 40_000, usedBytes: 41_000, limitBytes: 40_000, freeBytes: 1_000, full: true });
    h = await mount([...DISCUSSING, started, { type: 'recordingStopped', at: 40, by: { role: 'system' }, recordingId: 'rec1', reason: 'storageFull' }], { role: 'chair' }, view(a.fetchFn));
    await settle();
    const alert = h.container.querySelector('[data-testid=recording-storage-full]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent).toContain('Bộ nhớ ghi hình đã đầy');
  });

  it('is not asked for before anything was recorded, nor shown to a clerk or a point', async () => {
    const a = api({ conferenceBytes: 1, usedBytes: 1, limitBytes: null, freeBytes: 1, full: false });
    h = await mount(DISCUSSING, { role: 'chair' }, view(a.fetchFn));
    await settle();
    expect(a.calls).toHaveLength(0);
    h.unmount();
    for (const principal of [{ role: 'clerk' }, { role: 'point', pointId: 'tb' }] as Principal[]) {
      h = await mount([...DISCUSSING, started], principal, view(a.fetchFn));
      await settle();
      expect(h.container.querySelector('[data-testid=recording-size]')).toBeNull();
      h.unmount();
    }
    h = undefined;
    expect(a.calls).toHaveLength(0);
  });

  it('prints sizes the way each language writes numbers', () => {
    expect(formatBytes(999, 'vi')).toBe('999 B');
    expect(formatBytes(1_250_000_000, 'vi')).toBe('1,3 GB');
    expect(formatBytes(1_250_000_000, 'en')).toBe('1.3 GB');
  });
});
