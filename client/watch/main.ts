import '../watch.css';
import type { WatchInfo } from '../../shared/protocol/watch.js';
import { startPlayback, type Engine, type Playback } from './player.js';
import { hasWatchToken, PLAYING_CHECK_MS, segmentCount, shownDate, stepOf, type Answer, type Step, type WatchState } from './status.js';
import { oneLine, WATCH_TEXT, type Bilingual } from './texts.js';

/**
 * The watch page (client/watch.html) a watch link opens in a browser: /live/<token>/. It asks
 * watch.json whether the link stands and the conference is live, waits (asking again) while it is
 * not, starts the player once the playlist has segments, and while playing checks every few
 * seconds that the link was not revoked and the stream not stopped. Every request is relative to
 * the page, so the token never leaves the path it came in. `window.__hoinghiWatch` exposes the
 * page's state, engine and restarts to automated checks (test/browser/live-watch.test.ts);
 * `?player=hls.js` makes a browser with native HLS use hls.js (to test that path).
 */

type Debug = { state: WatchState; engine: Engine | null; starts: number; errors: string[]; latency: () => number | null };
declare global {
  interface Window {
    __hoinghiWatch?: Debug;
  }
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const video = byId<HTMLVideoElement>('video');
const notice = byId<HTMLElement>('notice');
const badge = byId<HTMLElement>('live-badge');
const soundOn = byId<HTMLButtonElement>('sound-on');
const prefer = new URLSearchParams(location.search).get('player') === 'hls.js' ? 'hls.js' : undefined;

const MIN_SEGMENTS = 3;
let playback: Playback | null = null;
let hasPlayed = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const debug: Debug = { state: 'loading', engine: null, starts: 0, errors: [], latency: () => playback?.latency() ?? null };
window.__hoinghiWatch = debug;

function bilingual(el: HTMLElement, text: Bilingual): void {
  const en = document.createElement('span');
  en.lang = 'en';
  en.className = 'en';
  en.textContent = text.en;
  el.replaceChildren(document.createTextNode(text.vi), en);
}

function show(step: Pick<Step, 'state' | 'text'>): void {
  debug.state = step.state;
  document.body.dataset.state = step.state;
  const playing = step.state === 'playing';
  badge.hidden = !playing;
  notice.hidden = playing;
  if (!playing) bilingual(notice, step.text);
  // The picture stays while a running playback waits for its first frames (no black flash).
  video.hidden = playback === null;
  soundOn.hidden = !playing || !video.muted;
}

function showConference(info: WatchInfo): void {
  const { title, organiser, date, venue } = info.conference;
  byId('organiser').textContent = organiser;
  byId('title').textContent = title || oneLine(WATCH_TEXT.pageTitle);
  byId('details').textContent = [shownDate(date), venue].filter(Boolean).join(' · ');
  document.title = `${title ? `${title} — ` : ''}${oneLine(WATCH_TEXT.pageTitle)}`;
}

async function ask(file: string): Promise<{ answer: Answer; res: Response | null }> {
  try {
    const res = await fetch(file, { cache: 'no-store' });
    if (res.ok) return { answer: { status: res.status }, res };
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    return { answer: { status: res.status, code: body.code, retryAfterS: Number(res.headers.get('retry-after')) || undefined }, res: null };
  } catch {
    return { answer: { status: 0 }, res: null };
  }
}

function stopPlayback(): void {
  playback?.stop();
  playback = null;
  debug.engine = null;
}

function schedule(ms: number | null): void {
  clearTimeout(timer);
  if (ms !== null) timer = setTimeout(() => void check(), ms);
}

/** One look at the link and the stream: what to show, and when to look again. */
async function check(): Promise<void> {
  const { answer, res } = await ask('watch.json');
  const info = res ? ((await res.json()) as WatchInfo) : null;
  if (info) showConference(info);
  let step = stepOf(answer, info, hasPlayed);
  if (step.state !== 'starting') {
    stopPlayback();
    show(step);
    return schedule(step.retryInMs);
  }
  if (playback) return schedule(PLAYING_CHECK_MS);
  // Live: the player starts once the playlist holds three target durations (RFC 8216 6.2.2: a
  // live playlist shorter than that can stall a player; Chromium's own HLS failed to parse the
  // start of a two-segment one). With 1 s segments, ~3 s after ffmpeg's first segment.
  const playlist = await ask('index.m3u8');
  const ready = playlist.res ? segmentCount(await playlist.res.text()) >= MIN_SEGMENTS : false;
  if (!ready) {
    step = playlist.res ? step : stepOf(playlist.answer, null, hasPlayed);
    show(step);
    return schedule(step.retryInMs);
  }
  show(step);
  debug.starts++;
  const started = await startPlayback(video, 'index.m3u8', { onFatal }, prefer);
  if (!started) {
    show({ state: 'unsupported', text: WATCH_TEXT.unsupported });
    return schedule(null);
  }
  playback = started;
  debug.engine = started.engine;
  show(step);
  schedule(PLAYING_CHECK_MS);
}

function onFatal(detail: string): void {
  debug.errors.push(detail);
  stopPlayback();
  // Stopped, revoked, or the server gone a moment: the next look says which, and starts again if live.
  show({ state: 'starting', text: WATCH_TEXT.starting });
  schedule(1_000);
}

video.addEventListener('playing', () => {
  if (!playback) return;
  hasPlayed = true;
  show({ state: 'playing', text: WATCH_TEXT.live });
});
video.addEventListener('volumechange', () => {
  soundOn.hidden = debug.state !== 'playing' || !video.muted;
});
soundOn.addEventListener('click', () => {
  video.muted = false;
  void video.play().catch(() => undefined);
});

video.setAttribute('aria-label', oneLine(WATCH_TEXT.videoLabel));
bilingual(badge, WATCH_TEXT.live);
bilingual(soundOn, WATCH_TEXT.soundOn);
bilingual(byId('delay'), WATCH_TEXT.delay);
if (hasWatchToken(location.pathname)) void check();
else show({ state: 'noLink', text: WATCH_TEXT.noLink });
