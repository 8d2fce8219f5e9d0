import { describe, expect, it } from 'vitest';
import { currentFeeds } from './consumer-sync.js';
import type { Feed } from './remote-feeds.js';

const feed = (id: string, pointId: string, source: 'camera' | 'microphone', since: number, closed = false): Feed => ({
  id,
  kind: source === 'camera' ? 'video' : 'audio',
  closed,
  appData: { sessionId: `s-${id}`, pointId, source, since },
});

describe('currentFeeds', () => {
  it('keeps one feed per point and source, the newest: a point that moved nodes is received from its new producer', () => {
    // nam-can's camera and microphone from the node that died (since 1000) and from its new node (since 5000)
    const stale = [feed('old-cam', 'nam-can', 'camera', 1000), feed('old-mic', 'nam-can', 'microphone', 1000)];
    const fresh = [feed('new-cam', 'nam-can', 'camera', 5000), feed('new-mic', 'nam-can', 'microphone', 5000)];
    const other = feed('tb-cam', 'thoi-binh', 'camera', 500);
    for (const order of [[...stale, other, ...fresh], [...fresh, other, ...stale]]) {
      expect(currentFeeds(order).map((f) => f.id).sort()).toEqual(['new-cam', 'new-mic', 'tb-cam']);
    }
  });

  it('leaves closed feeds out, and an older one stands in for a closed newer one', () => {
    expect(currentFeeds([feed('a', 'u-minh', 'camera', 1), feed('b', 'u-minh', 'camera', 2, true)]).map((f) => f.id)).toEqual(['a']);
  });
});
