// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { useMeeting } from '../session.js';
import { buttons, click, mount, type Harness } from '../testing/harness.js';
import { DISCUSSING } from '../testing/events.js';
import { CurrentSpeech } from './CurrentSpeech.js';

// The extend buttons only where extending means something (R-SPEECH-7).

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const chair = { role: 'chair' as const };
function View() {
  return <CurrentSpeech state={useMeeting()} now={60_000} />;
}

describe('the current speech (chair)', () => {
  it('R-SPEECH-7: a directive speech (no time limit) offers no “Thêm 1/2 phút”; its timer says why', async () => {
    h = await mount(
      [
        ...DISCUSSING,
        { type: 'panelMemberAdded', at: 6, by: { role: 'admin' }, memberId: 'm1', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy' },
        { type: 'directiveSpeechStarted', at: 30, by: chair, memberId: 'm1', speechId: 'sp9', pointId: 'c', kind: 'directive', topic: null, speakerName: 'Nguyễn Tiến Hải', speakerPosition: 'Bí thư Tỉnh ủy', limitSeconds: null },
      ],
      chair,
      () => <View />,
    );
    const card = h.container.querySelector('[data-speech-id=sp9]')!;
    expect(buttons(card, 'Thêm 1 phút')).toHaveLength(0);
    expect(buttons(card, 'Thêm 2 phút')).toHaveLength(0);
    expect(card.textContent).toContain('Không giới hạn thời gian');
    expect(card.querySelector('[data-testid=end-speech]')).not.toBeNull();
  });

  it('R-SPEECH-7: a speech with a limit is extended by one or two minutes', async () => {
    h = await mount(
      [
        ...DISCUSSING,
        { type: 'floorGranted', at: 30, by: chair, requestId: 'r1', speechId: 'sp1', pointId: 'tb', kind: 'contribution', topic: 'Thu ngân sách', speakerName: null, speakerPosition: null, limitSeconds: 300 },
      ],
      chair,
      () => <View />,
    );
    await click(buttons(h.container, 'Thêm 1 phút')[0]);
    await click(buttons(h.container, 'Thêm 2 phút')[0]);
    expect(h.sent).toEqual([
      { type: 'extendSpeech', speechId: 'sp1', seconds: 60 },
      { type: 'extendSpeech', speechId: 'sp1', seconds: 120 },
    ]);
  });
});
