// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingEvent, Principal } from '../../../shared/protocol/index.js';
import { NoticeBoard } from '../notices.js';
import { ProgramScreen } from '../program/ProgramScreen.js';
import { click, mount, type Harness } from '../testing/harness.js';
import { DISCUSSING } from '../testing/events.js';
import { Shell } from './Shell.js';

// "Đang ghi hình" on every console (R-REC-4), start/stop for the chair and the organiser
// (R-REC-1/2), and the alert when the server stopped recording (R-REC-2).

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const started: MeetingEvent = { type: 'recordingStarted', at: 30, by: { role: 'chair' }, recordingId: 'rec1' };
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

describe('recording on the consoles', () => {
  for (const [role, principal] of CONSOLES) {
    it(`R-REC-4: the ${role} console shows “Đang ghi hình” exactly while a run goes on`, async () => {
      h = await mount(DISCUSSING, principal, inShell(role));
      expect(h.container.querySelector('[data-testid=recording-on]')).toBeNull();
      await h.live([started]);
      expect(h.container.querySelector('[data-testid=recording-on]')?.textContent).toBe('Đang ghi hình');
      await h.live([{ type: 'recordingStopped', at: 40, by: { role: 'chair' }, recordingId: 'rec1', reason: 'requested' }]);
      expect(h.container.querySelector('[data-testid=recording-on]')).toBeNull();
      expect(h.container.querySelector('[data-testid=recording-stopped]')).toBeNull();
    });
  }

  it('R-REC-4: the program view (hall screen, observers) shows it too', async () => {
    h = await mount([...DISCUSSING, started], { role: 'observer' }, () => <ProgramScreen />);
    expect(h.container.querySelector('[data-testid=recording-on]')?.textContent).toBe('Đang ghi hình');
    expect(h.container.querySelector('[data-testid=recording-start]')).toBeNull();
  });

  it('R-REC-1: the chair starts recording; stopping asks first; clerks and points have no control', async () => {
    h = await mount(DISCUSSING, { role: 'chair' }, inShell('chair'));
    await click(h.container.querySelector('[data-testid=recording-start]'));
    expect(h.sent).toEqual([{ type: 'startRecording' }]);
    await h.live([started]);
    await click(h.container.querySelector('[data-testid=recording-stop]'));
    expect(h.sent).toHaveLength(1);
    await click(h.container.querySelector('[data-testid=recording-stop-confirm]'));
    expect(h.sent[1]).toEqual({ type: 'stopRecording' });
    h.unmount();
    for (const [role, principal] of CONSOLES.slice(1)) {
      h = await mount(DISCUSSING, principal, inShell(role));
      expect(h.container.querySelector('[data-testid=recording-start]')).toBeNull();
      h.unmount();
    }
    h = undefined;
  });

  it('R-REC-1: the organiser starts it from its program view', async () => {
    h = await mount(DISCUSSING, { role: 'admin' }, () => <ProgramScreen />);
    await click(h.container.querySelector('[data-testid=recording-start]'));
    expect(h.sent).toEqual([{ type: 'startRecording' }]);
  });

  it('R-REC-2: a stop by the server for full storage is an alert on every console, until recording starts again', async () => {
    h = await mount([...DISCUSSING, started], { role: 'point', pointId: 'tb' }, inShell('point'));
    await h.live([{ type: 'recordingStopped', at: 40, by: { role: 'system' }, recordingId: 'rec1', reason: 'storageFull' }]);
    expect(h.container.querySelector('[data-testid=recording-on]')).toBeNull();
    expect(h.container.querySelector('[data-testid=recording-stopped]')?.textContent).toContain('bộ nhớ lưu trữ đã đầy');
    await h.live([{ type: 'recordingStarted', at: 50, by: { role: 'chair' }, recordingId: 'rec2' }]);
    expect(h.container.querySelector('[data-testid=recording-stopped]')).toBeNull();
  });
});
