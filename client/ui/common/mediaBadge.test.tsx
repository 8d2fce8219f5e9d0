// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/protocol/index.js';
import { MediaContext, NO_MEDIA, type MediaView } from '../media.js';
import { NoticeBoard } from '../notices.js';
import { mount, type Harness } from '../testing/harness.js';
import { SETUP } from '../testing/events.js';
import { Shell } from './Shell.js';

// The media badge says whether this console's own media reaches the SFU; the organiser's console
// sends none, so it has no such badge (issue #13), while a point's console keeps it.

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const receiving: MediaView = { ...NO_MEDIA, status: () => 'connected', ownLink: () => null };

async function shellFor(principal: Principal) {
  h = await mount(SETUP, principal, () => (
    <MediaContext.Provider value={receiving}>
      <Shell notices={new NoticeBoard()} role={principal.role}>
        <p>console</p>
      </Shell>
    </MediaContext.Provider>
  ));
  return h.container.querySelector('[data-testid=media-status]');
}

describe('the media badge', () => {
  it('is not on the organiser’s console, which sends no media', async () => {
    expect(await shellFor({ role: 'admin' })).toBeNull();
  });
  it('is on a point’s console', async () => {
    expect((await shellFor({ role: 'point', pointId: 'tb' }))?.getAttribute('data-status')).toBe('measuring');
  });
});
