import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log/logger.js';
import type { MediaPeers } from './pipe-wire.js';
import { checkedOnly } from './private-check-isolation.js';
import { PrivateChecks } from './private-checks.js';
import { OPEN_POLICY } from './policy.js';
import { FEEDS_EXPIRE_MS, RemoteFeeds } from './remote-feeds.js';

// Which points are checked, as one node's media sees them: its own sessions' checks and the points
// other nodes announce with their feeds (issue #15), forgotten with the node.

const A = 'http://127.0.0.2:3000';
const B = 'http://127.0.0.3:3000';
const peers = { announce: () => undefined } as unknown as MediaPeers;

function setUp() {
  const changed = vi.fn();
  const checksChanged = vi.fn();
  const remote = new RemoteFeeds({ conferenceId: 'c', peers, changed, checksChanged, logger: createLogger('silent') });
  return { remote, checks: new PrivateChecks(remote), changed, checksChanged };
}

afterEach(() => vi.useRealTimers());

describe('PrivateChecks', () => {
  it('joins this node’s live sessions’ checks and the points other nodes check', () => {
    const { remote, checks, checksChanged } = setUp();
    const sessions = new Map([['s1', {}]]);
    expect(checks.set('s1', 'u-minh')).toBe(true);
    expect(checks.set('s1', 'u-minh')).toBe(false);
    expect(checks.set('gone', 'thoi-binh')).toBe(true);
    // a session no longer here checks nothing
    expect(checks.here(sessions)).toEqual(['u-minh']);
    remote.update(A, null, [], ['nam-can']);
    expect(checksChanged).toHaveBeenCalledTimes(1);
    remote.update(A, null, [], ['nam-can']);
    expect(checksChanged).toHaveBeenCalledTimes(1);
    expect([...checks.points(sessions)].sort()).toEqual(['nam-can', 'u-minh']);
    expect(checks.checkedAt(A, 'nam-can')).toBe(true);
    expect(checks.checkedAt(B, 'nam-can')).toBe(false);
    expect(checks.checkedAt(A, 'u-minh')).toBe(false);
    // the check left out of A's next announcement has ended
    remote.update(A, null, [], []);
    expect(checksChanged).toHaveBeenCalledTimes(2);
    expect([...checks.points(sessions)]).toEqual(['u-minh']);
    expect(checks.drop('s1')).toBe(true);
    expect(checks.here(sessions)).toEqual([]);
  });

  it('forgets a node’s checks with the node: its announcements stopped, or it left the registry', () => {
    vi.useFakeTimers();
    const { remote, checks, changed } = setUp();
    remote.update(A, null, [], ['nam-can']);
    remote.update(B, null, [], ['u-minh']);
    remote.forgetWhere((node) => node === B);
    expect(changed).toHaveBeenCalledTimes(1);
    expect([...checks.points(new Map())]).toEqual(['nam-can']);
    vi.advanceTimersByTime(FEEDS_EXPIRE_MS + 1);
    expect([...checks.points(new Map())]).toEqual([]);
    expect(changed).toHaveBeenCalledTimes(2);
  });
});

describe('checkedOnly', () => {
  const mic = { id: 'm', kind: 'audio' as const, closed: false, appData: { sessionId: 's', pointId: 'u-minh', source: 'microphone' as const, since: 0 } };
  it('is a microphone checked and closed in the program, wherever it lives', () => {
    const closed = { ...OPEN_POLICY, audiblePoints: ['nam-can'] };
    expect(checkedOnly(mic, new Set(['u-minh']), closed)).toBe(true);
    expect(checkedOnly(mic, new Set(['u-minh']), { ...closed, audiblePoints: ['u-minh'] })).toBe(false);
    expect(checkedOnly(mic, new Set(), closed)).toBe(false);
    expect(checkedOnly({ ...mic, kind: 'video' }, new Set(['u-minh']), closed)).toBe(false);
  });
});
