// @vitest-environment happy-dom
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent } from '../../../shared/protocol/index.js';
import { useMeeting } from '../session.js';
import { click, mount, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { LineTestBoard } from './LineTestBoard.js';

// The line-test board over a real replica: what it shows of each point (from the core's
// lineTestBoard selector), which points stand out, and what "call" sends.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const sys = { role: 'system' as const };
const tb = { role: 'point' as const, pointId: 'tb' };
const um = { role: 'point' as const, pointId: 'um' };

// SETUP has Thới Bình and U Minh online from the start; here U Minh failed its pre-flight and
// the central point never opened its link.
const LINE_TEST: MeetingEvent[] = [
  ...SETUP,
  { type: 'linkOpened', at: 3, by: sys, linkId: 'l-tb', role: 'point', pointId: 'tb' },
  { type: 'linkOpened', at: 3, by: sys, linkId: 'l-um', role: 'point', pointId: 'um' },
  { type: 'preflightReported', at: 4, by: tb, pointId: 'tb', camera: 'ok', microphone: 'ok', network: { verdict: 'good', rttMs: 12 } },
  { type: 'preflightReported', at: 4, by: um, pointId: 'um', camera: 'blocked', microphone: 'ok', network: { verdict: 'good', rttMs: 30 } },
  { type: 'readinessReported', at: 5, by: tb, pointId: 'tb', headcount: 12 },
];

function Board() {
  const [checking, setChecking] = useState<string | null>(null);
  return <LineTestBoard state={useMeeting()} checking={checking} setChecking={setChecking} />;
}

describe('the line-test board', () => {
  it('shows every point: link, pre-flight, online, readiness; the ones needing attention stand out', async () => {
    h = await mount(LINE_TEST, { role: 'admin' }, () => <Board />);
    const row = (id: string) => h!.container.querySelector(`tr[data-point-id=${id}]`)!;
    const cell = (id: string, c: string) => row(id).querySelector(`[data-testid=lt-${c}]`)?.textContent;
    expect(cell('tb', 'preflight')).toBe('Đạt');
    expect(cell('tb', 'online')).toBe('Trực tuyến');
    expect(cell('tb', 'ready')).toBe('Sẵn sàng · 12 người');
    expect(row('tb').getAttribute('data-attention')).toBe('false');
    expect(cell('um', 'preflight')).toBe('Chưa đạt');
    expect(row('um').getAttribute('data-attention')).toBe('true');
    expect(cell('c', 'link')).toBe('Chưa mở liên kết');
    expect(cell('c', 'online')).toBe('Chưa vào');
    expect(row('c').classList.contains('is-attention')).toBe(true);
    expect(h.container.querySelector('[data-testid=linetest-summary]')?.textContent).toBe('Trực tuyến 2/3 · sẵn sàng 1/3');
    expect(h.container.querySelector('[data-testid=linetest-attention]')?.textContent).toBe('2 điểm cầu cần chú ý');
  });

  it('calls a point, and shows the call pending until the point answers', async () => {
    h = await mount(LINE_TEST, { role: 'admin' }, () => <Board />);
    await click(h.container.querySelector('tr[data-point-id=c] [data-testid=lt-call]'));
    expect(h.sent).toEqual([{ type: 'callPoint', pointId: 'c' }]);
    await h.live([{ type: 'pointCalled', at: 6, by: { role: 'admin' }, pointId: 'c', message: null }]);
    expect(h.container.querySelector('tr[data-point-id=c] [data-testid=lt-call]')?.textContent).toBe('Đã gọi — chờ trả lời');
  });

  it('checks one point privately at a time', async () => {
    h = await mount(LINE_TEST, { role: 'admin' }, () => <Board />);
    await click(h.container.querySelector('tr[data-point-id=um] [data-testid=lt-check]'));
    expect(h.container.querySelector('[data-testid=private-check]')?.textContent).toContain('Đang xem và nghe riêng: Huyện U Minh.');
    await click(h.container.querySelector('tr[data-point-id=tb] [data-testid=lt-check]'));
    expect(h.container.querySelector('[data-testid=private-check]')?.textContent).toContain('Huyện Thới Bình');
    expect(h.container.querySelectorAll('[data-testid=lt-check][aria-pressed=true]')).toHaveLength(1);
  });
});

describe('a called point', () => {
  it('sees the organiser’s call on its console until it answers', async () => {
    const { PointConsole } = await import('../point/PointConsole.js');
    const called: MeetingEvent[] = [...LINE_TEST, { type: 'pointCalled', at: 6, by: { role: 'admin' }, pointId: 'um', message: null }];
    h = await mount(called, um, () => <PointConsole pointId="um" />);
    expect(h.container.querySelector('[data-testid=call-notice]')?.textContent).toContain('Ban tổ chức đang gọi điểm cầu: đề nghị kiểm tra kết nối, camera và micro.');
    await click(h.container.querySelector('[data-testid=call-acknowledge]'));
    expect(h.sent).toEqual([{ type: 'acknowledgeCall', pointId: 'um' }]);
    await h.live([{ type: 'pointCallAcknowledged', at: 7, by: um, pointId: 'um' }]);
    expect(h.container.querySelector('[data-testid=call-notice]')).toBeNull();
  });
});
