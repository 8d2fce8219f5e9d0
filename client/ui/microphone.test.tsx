// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { PointWall } from './chair/PointWall.js';
import { SelfPanel } from './point/SelfPanel.js';
import { useMeeting } from './session.js';
import { buttons, click, mount, type Harness } from './testing/harness.js';
import { DISCUSSING } from './testing/events.js';

// Microphone discipline on the consoles (R-MEDIA-8, R-MEDIA-9): a point sees why it cannot open
// its microphone, the chair gives and closes one from the wall.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const chair = { role: 'chair' as const };
const granted = [
  { type: 'floorGranted' as const, at: 30, by: chair, requestId: 'r1', speechId: 'sp1', pointId: 'tb', kind: 'contribution' as const, topic: 'Thu ngân sách', speakerName: null, speakerPosition: null, limitSeconds: 300 },
  { type: 'microphoneOpened' as const, at: 30, by: chair, pointId: 'tb' },
];

function Self({ pointId }: { pointId: string }) {
  return <SelfPanel state={useMeeting()} pointId={pointId} />;
}
function Wall() {
  return <PointWall state={useMeeting()} now={100} />;
}

describe('the point’s microphone under chairGrants', () => {
  it('R-MEDIA-8: a point without the floor sees why its microphone stays closed, and cannot press unmute', async () => {
    h = await mount([...DISCUSSING, ...granted], { role: 'point', pointId: 'um' }, () => <Self pointId="um" />);
    const unmute = buttons(h.container, 'Bật micro')[0]!;
    expect(unmute.disabled).toBe(true);
    expect(h.container.querySelector('[data-testid=mic-needs-floor]')?.textContent).toContain('Micro chỉ mở khi chủ trì cho phát biểu');
    expect(unmute.getAttribute('aria-describedby')).toBe('mic-needs-floor');
  });

  it('R-MEDIA-9: once the chair gives it the microphone the point may close and reopen it', async () => {
    h = await mount([...DISCUSSING, { type: 'microphoneGiven', at: 40, by: chair, pointId: 'um' }], { role: 'point', pointId: 'um' }, () => <Self pointId="um" />);
    expect(h.container.querySelector('[data-testid=mic-needs-floor]')).toBeNull();
    await click(buttons(h.container, 'Tắt micro')[0]);
    expect(h.sent).toEqual([{ type: 'setSelfMute', pointId: 'um', muted: true }]);
  });
});

describe('the chair’s wall', () => {
  it('R-MEDIA-9: gives a point without the floor the microphone, and closes it again', async () => {
    h = await mount([...DISCUSSING, ...granted], chair, () => <Wall />);
    const tile = (id: string) => h!.container.querySelector(`li[data-point-id=${id}]`)!;
    // the floor holder and the central point have no such button
    expect(tile('tb').querySelector('[data-testid=wall-give-mic]')).toBeNull();
    expect(tile('c').querySelector('[data-testid=wall-give-mic]')).toBeNull();
    await click(tile('um').querySelector('[data-testid=wall-give-mic]'));
    await h.live([{ type: 'microphoneGiven', at: 50, by: chair, pointId: 'um' }]);
    expect(tile('um').querySelector('[data-testid=wall-give-mic]')?.textContent).toBe('Tắt micro');
    await click(tile('um').querySelector('[data-testid=wall-give-mic]'));
    expect(h.sent).toEqual([
      { type: 'giveMicrophone', pointId: 'um' },
      { type: 'closeMicrophone', pointId: 'um' },
    ]);
  });
});
