// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiClient } from './api.js';
import { ConferenceList } from './ConferenceList.js';
import { NewConference } from './NewConference.js';

// The server-admin link's conference list and the new-conference form, against the HTTP API of
// docs/ORGANISER-API.md (the network edge answers as the server does).

let requests: { method: string; url: string; body: unknown }[] = [];
let container: HTMLElement;
const CONFERENCES = [
  { conferenceId: 'gb-12', title: 'Giao ban tháng 12', status: 'scheduled', phase: 'upcoming', date: '2026-12-28', startTime: '08:00', venue: 'UBND tỉnh', points: 11 },
  { conferenceId: 'cm-2021', title: 'Hội nghị kinh tế - xã hội 2021', status: 'closed', phase: 'ended', date: '2021-01-04', startTime: '07:30', venue: 'Cà Mau', points: 10 },
  { conferenceId: 'gb-11', title: 'Giao ban tháng 11', status: 'inSession', phase: 'inProgress', date: '2026-11-28', startTime: null, venue: 'UBND tỉnh', points: 11 },
];

beforeEach(() => {
  requests = [];
  container = document.createElement('div');
  document.body.appendChild(container);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    requests.push({ method, url: url.replace(location.origin, ''), body: init.body ? JSON.parse(String(init.body)) : undefined });
    const body = method === 'GET' ? { conferences: CONFERENCES } : { ok: true, conferenceId: 'gb-01', seq: 40 };
    return new Response(JSON.stringify(body), { status: method === 'GET' ? 200 : 201 });
  });
});
afterEach(() => {
  render(null, container);
  container.remove();
  vi.unstubAllGlobals();
});

async function settle(ms = 0) {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

describe('the server’s conference list', () => {
  it('groups the conferences by the server’s phase and asks the server to search', async () => {
    await act(() => render(<ConferenceList token="v1.a.b" />, container));
    await settle(250);
    const group = (p: string) => [...container.querySelectorAll(`[data-testid=group-${p}] tr[data-conference-id]`)].map((r) => r.getAttribute('data-conference-id'));
    expect(group('inProgress')).toEqual(['gb-11']);
    expect(group('upcoming')).toEqual(['gb-12']);
    expect(group('ended')).toEqual(['cm-2021']);
    expect(container.querySelector('tr[data-conference-id=gb-12]')?.textContent).toContain('28/12/2026 08:00');
    expect(container.querySelector('tr[data-conference-id=gb-12] a')?.getAttribute('href')).toBe('/#t=v1.a.b&c=gb-12');
    const search = container.querySelector<HTMLInputElement>('input[name=search]')!;
    await act(() => {
      search.value = 'giao ban';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await settle(250);
    expect(requests.map((r) => r.url)).toEqual(['/api/conferences', '/api/conferences?q=giao+ban']);
  });

  it('copies an earlier conference with a new title and date, with or without its invitation list', async () => {
    const opened = vi.fn();
    await act(() =>
      render(<NewConference api={apiClient('v1.a.b')} conferences={CONFERENCES as never} copyFrom="gb-11" setCopyFrom={() => {}} opened={opened} />, container),
    );
    const fill = async (name: string, value: string) =>
      act(() => {
        const input = container.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    await fill('new-title', 'Giao ban tháng 01 năm 2027');
    await fill('new-date', '2027-01-28');
    await act(() => container.querySelector<HTMLInputElement>('input[name=copy-invitations]')!.click());
    // A copy takes its place and organiser from the earlier conference: those fields are not asked.
    expect(container.querySelector('input[name=new-venue]')).toBeNull();
    await act(() => {
      container.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await settle();
    expect(requests).toEqual([{ method: 'POST', url: '/api/conferences/gb-11/copy', body: { title: 'Giao ban tháng 01 năm 2027', date: '2027-01-28', invitationList: false } }]);
    expect(opened).toHaveBeenCalledWith('gb-01');
  });
});
