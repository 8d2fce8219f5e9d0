import type { WatchInfo } from '../../shared/protocol/watch.js';
import { WATCH_TEXT, type Bilingual } from './texts.js';

// What the watch page says and does next for an answer of the server (watch.json or the playlist):
// the refusals of a watch link are final (a revoked link does not come back), a stream that is off
// or not ready yet is asked again by itself, so a press office can open the page before the
// conference goes live and leave it open. Pure: the page (main.ts) does the fetching and drawing.

export type WatchState = 'loading' | 'noLink' | 'refused' | 'gone' | 'off' | 'ended' | 'starting' | 'playing' | 'unreachable' | 'unsupported';

export type Answer = { status: number; code?: string | undefined; retryAfterS?: number | undefined };

export type Step = {
  state: WatchState;
  text: Bilingual;
  /** ask again after this long; null: final, never again */
  retryInMs: number | null;
};

/** How often a page waiting for the stream asks whether it is live. */
export const OFF_POLL_MS = 3_000;
/** How often a page waiting for the first segments asks for the playlist. */
export const STARTING_POLL_MS = 1_000;
/** How often a playing page checks that its link still stands and the stream still runs. */
export const PLAYING_CHECK_MS = 5_000;
export const UNREACHABLE_RETRY_MS = 5_000;

const REFUSED: Record<string, Bilingual> = {
  TOKEN_REVOKED: WATCH_TEXT.revoked,
  TOKEN_EXPIRED: WATCH_TEXT.expired,
  TOKEN_MALFORMED: WATCH_TEXT.invalid,
  TOKEN_SIGNATURE: WATCH_TEXT.invalid,
  TOKEN_UNKNOWN: WATCH_TEXT.invalid,
};

/** The step for an answer; `info` is watch.json's body when it was one, `hasPlayed` whether this page showed the stream before. */
export function stepOf(answer: Answer, info: WatchInfo | null, hasPlayed: boolean): Step {
  const off = (): Step => (hasPlayed ? { state: 'ended', text: WATCH_TEXT.ended, retryInMs: OFF_POLL_MS } : { state: 'off', text: WATCH_TEXT.off, retryInMs: OFF_POLL_MS });
  if (answer.status === 200) {
    if (!info) return { state: 'starting', text: WATCH_TEXT.starting, retryInMs: STARTING_POLL_MS };
    return info.live ? { state: 'starting', text: WATCH_TEXT.starting, retryInMs: STARTING_POLL_MS } : off();
  }
  if (answer.status === 401) return { state: 'refused', text: REFUSED[answer.code ?? ''] ?? WATCH_TEXT.invalid, retryInMs: null };
  if (answer.status === 429) {
    const seconds = Math.max(1, Math.ceil(answer.retryAfterS ?? 10));
    return { state: 'refused', text: WATCH_TEXT.rateLimited(seconds), retryInMs: seconds * 1000 };
  }
  if (answer.status === 404 && answer.code === 'LIVE_STREAM_OFF') return off();
  if (answer.status === 404 && answer.code === 'LIVE_NOT_READY') return { state: 'starting', text: WATCH_TEXT.starting, retryInMs: STARTING_POLL_MS };
  if (answer.status === 404 && answer.code === 'UNKNOWN_CONFERENCE') return { state: 'gone', text: WATCH_TEXT.gone, retryInMs: null };
  // No answer (network), 5xx, a proxy's page: the server may come back.
  return { state: 'unreachable', text: WATCH_TEXT.unreachable, retryInMs: UNREACHABLE_RETRY_MS };
}

/** Media segments a playlist lists (its URI lines). */
export function segmentCount(playlist: string): number {
  return playlist.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
}

/** The page's own address says which link it is: /live/<token>/ (the playlist and watch.json beside it). */
export function hasWatchToken(pathname: string): boolean {
  return /^\/live\/w1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\/$/.test(pathname);
}

/** "2021-06-15" as the press prints it: 15/06/2021. */
export function shownDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}
