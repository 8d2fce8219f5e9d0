// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent, Principal } from '../../../shared/protocol/index.js';
import { NoticeBoard } from '../notices.js';
import { ProgramScreen } from '../program/ProgramScreen.js';
import { click, mount, type Harness } from '../testing/harness.js';
import { DISCUSSING } from '../testing/events.js';
import { Shell } from './Shell.js';

// "Đang phát trực tiếp" on every console while the program is live (R-LIVE-4), start/stop for the
// chair and the organiser (R-LIVE-1/2), and the alert when the server's publisher failed (R-LIVE-2).

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const started: MeetingEvent = { type: 'liveStreamStarted', at: 30, by: { role: 'chair' }, streamId: 'live1' };
const CONSOLES: [string, Principal][] = [
  ['chair', { role: 'chair' }],
  ['clerk', { role: 'clerk' }],
  ['point', { role: 'point', pointId: 'tb' }],
];

const inShell = (role: string) => () => (
  <Shell notices={new NoticeBoard()} role={role}>
    <p>console</p>
  </Shell>
);

describe('the live stream on the consoles', () => {
  for (const [role, principal] of CONSOLES) {
    it(`R-LIVE-4: the ${role} console shows “Đang phát trực tiếp” exactly while a run goes on`, async () => {
      h = await mount(DISCUSSING, principal, inShell(role));
      expect(h.container.querySelector('[data-testid=live-on]')).toBeNull();
      await h.live([started]);
      expect(h.container.querySelector('[data-testid=live-on]')?.textContent).toBe('Đang phát trực tiếp');
      // Live is not recording: the recording badge stays off.
      expect(h.container.querySelector('[data-testid=recording-on]')).toBeNull();
      await h.live([{ type: 'liveStreamStopped', at: 40, by: { role: 'chair' }, streamId: 'live1', reason: 'requested' }]);
      expect(h.container.querySelector('[data-testid=live-on]')).toBeNull();
      expect(h.container.querySelector('[data-testid=live-stopped]')).toBeNull();
    });
  }

  it('R-LIVE-4: the program view (hall screen, observers, press) shows it too, without the control', async () => {
    h = await mount([...DISCUSSING, started], { role: 'observer' }, () => <ProgramScreen />);
    expect(h.container.querySelector('[data-testid=live-on]')?.textContent).toBe('Đang phát trực tiếp');
    expect(h.container.querySelector('[data-testid=live-start]')).toBeNull();
  });

  it('R-LIVE-1: the chair starts the live stream; stopping asks first; clerks and points have no control', async () => {
    h = await mount(DISCUSSING, { role: 'chair' }, inShell('chair'));
    await click(h.container.querySelector('[data-testid=live-start]'));
    expect(h.sent).toEqual([{ type: 'startLiveStream' }]);
    await h.live([started]);
    await click(h.container.querySelector('[data-testid=live-stop]'));
    expect(h.sent).toHaveLength(1);
    await click(h.container.querySelector('[data-testid=live-stop-confirm]'));
    expect(h.sent[1]).toEqual({ type: 'stopLiveStream' });
    h.unmount();
    for (const [role, principal] of CONSOLES.slice(1)) {
      h = await mount(DISCUSSING, principal, inShell(role));
      expect(h.container.querySelector('[data-testid=live-start]')).toBeNull();
      h.unmount();
    }
    h = undefined;
  });

  it('R-LIVE-2: a stop by the server (publisher failed) is an alert on every console, until the stream starts again', async () => {
    h = await mount([...DISCUSSING, started], { role: 'point', pointId: 'tb' }, inShell('point'));
    await h.live([{ type: 'liveStreamStopped', at: 40, by: { role: 'system' }, streamId: 'live1', reason: 'publisherFailed' }]);
    expect(h.container.querySelector('[data-testid=live-on]')).toBeNull();
    expect(h.container.querySelector('[data-testid=live-stopped]')?.textContent).toContain('bộ phát gặp lỗi');
    await h.live([{ type: 'liveStreamStarted', at: 50, by: { role: 'chair' }, streamId: 'live2' }]);
    expect(h.container.querySelector('[data-testid=live-stopped]')).toBeNull();
  });
});
