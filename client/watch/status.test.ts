import { describe, expect, it } from 'vitest';
import type { WatchInfo } from '../../shared/protocol/watch.js';
import { hasWatchToken, OFF_POLL_MS, segmentCount, shownDate, stepOf, STARTING_POLL_MS } from './status.js';
import { WATCH_TEXT } from './texts.js';

// The watch page's decisions (status.ts): a refused link is final and says why, a stream that is
// off or starting is asked again by itself, and "ended" only once the page has shown the stream.

const info = (live: boolean): WatchInfo => ({ conference: { title: 'Hội nghị', organiser: 'UBND tỉnh Cà Mau', date: '2021-06-15', venue: 'Hội trường' }, live, startedAt: live ? 1 : null });

describe('the watch page’s next step', () => {
  it('waits for a stream that is off, and calls it ended once it has played', () => {
    expect(stepOf({ status: 200 }, info(false), false)).toEqual({ state: 'off', text: WATCH_TEXT.off, retryInMs: OFF_POLL_MS });
    expect(stepOf({ status: 200 }, info(false), true)).toMatchObject({ state: 'ended', retryInMs: OFF_POLL_MS });
    expect(stepOf({ status: 404, code: 'LIVE_STREAM_OFF' }, null, false)).toMatchObject({ state: 'off', retryInMs: OFF_POLL_MS });
  });

  it('starts when live, and waits a second for a playlist not written yet', () => {
    expect(stepOf({ status: 200 }, info(true), false)).toMatchObject({ state: 'starting', retryInMs: STARTING_POLL_MS });
    expect(stepOf({ status: 404, code: 'LIVE_NOT_READY' }, null, true)).toMatchObject({ state: 'starting', retryInMs: STARTING_POLL_MS });
  });

  it('stops for good on a refused link, each code in its own words', () => {
    expect(stepOf({ status: 401, code: 'TOKEN_REVOKED' }, null, true)).toEqual({ state: 'refused', text: WATCH_TEXT.revoked, retryInMs: null });
    expect(stepOf({ status: 401, code: 'TOKEN_EXPIRED' }, null, false)).toEqual({ state: 'refused', text: WATCH_TEXT.expired, retryInMs: null });
    for (const code of ['TOKEN_MALFORMED', 'TOKEN_SIGNATURE', 'TOKEN_UNKNOWN', undefined]) expect(stepOf({ status: 401, code }, null, false)).toEqual({ state: 'refused', text: WATCH_TEXT.invalid, retryInMs: null });
    expect(stepOf({ status: 404, code: 'UNKNOWN_CONFERENCE' }, null, false)).toEqual({ state: 'gone', text: WATCH_TEXT.gone, retryInMs: null });
  });

  it('waits out a rate limit as the server says, and retries an unreachable server', () => {
    expect(stepOf({ status: 429, code: 'RATE_LIMITED', retryAfterS: 7 }, null, false)).toEqual({ state: 'refused', text: WATCH_TEXT.rateLimited(7), retryInMs: 7000 });
    expect(WATCH_TEXT.rateLimited(7).vi).toContain('7 giây');
    for (const status of [0, 500, 502, 503]) expect(stepOf({ status }, null, true)).toMatchObject({ state: 'unreachable', retryInMs: 5000 });
  });
});

describe('what the page reads', () => {
  it('counts the playlist’s segments', () => {
    const playlist = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:4\n#EXTINF:1.000000,\nseg-00004.ts\n#EXTINF:1.000000,\nseg-00005.ts\n';
    expect(segmentCount(playlist)).toBe(2);
    expect(segmentCount('#EXTM3U\n')).toBe(0);
  });

  it('knows its link from its own address only in the form /live/<token>/', () => {
    expect(hasWatchToken('/live/w1.eyJj.Qk3_-a/')).toBe(true);
    for (const p of ['/live/w1.eyJj.Qk3/index.m3u8', '/live/w1.eyJj.Qk3', '/watch.html', '/live/abc/', '/live/w1.a.b/../x/']) expect(hasWatchToken(p), p).toBe(false);
  });

  it('prints the date as the press does', () => {
    expect(shownDate('2021-06-15')).toBe('15/06/2021');
    expect(shownDate('')).toBe('');
  });
});
