import { openSocketEarly } from '../net/earlySocket.js';
import type { SocketLike } from '../net/meetingSocket.js';
import { hintsPreflight, joinHintFromToken } from './joinHint.js';
import type { LiveMedia } from './mediaAdapter.js';
import { loadMedia } from './mediaLoader.js';
import { THUMBNAIL_PAGE } from './point/thumbnails.js';
import { openDevicesEarly } from './preflight/earlyDevices.js';
import { conferenceFromHash, tokenFromHash } from './route.js';

// The page's first script (its own small entry in the build, loaded ahead of the app: see
// vite.config.ts; main.tsx imports it too, so it runs once). For a point's link it starts, before
// the app's chunks (Preact, the consoles, zod and the protocol's schemas) are fetched and
// evaluated, the three things that take longest: opening the camera and microphone, connecting
// the socket (handshake, token check, welcome), and setting up the receive side of the media (the
// mediasoup-client chunk, the device, the receive transport and the program's consumers, its
// sound held). The app takes each over when it gets there: the pre-flight the devices
// (takeEarlyDevices), MeetingConnection the socket (takeEarlySocket), the console's media the
// media (takeEarlyMedia). So the program plays in the pre-flight as soon as the page can draw it,
// and the pre-flight itself is unchanged: "join" still waits for the camera and the welcome.
// Nothing here uses zod: it would bring the 93 kB schemas chunk onto this path.

type EarlyMedia = { socket: SocketLike; pageSize: number; started: Promise<LiveMedia> };
let media: EarlyMedia | null = null;

/** The media started early, once, if it was for this socket and view; otherwise it is closed. */
export function takeEarlyMedia(socket: SocketLike, want: { hold: boolean; pageSize: number }): Promise<LiveMedia> | null {
  const m = media;
  media = null;
  if (!m) return null;
  if (m.socket === socket && want.hold && m.pageSize === want.pageSize) return m.started;
  void m.started.then((live) => live.close(), () => {});
  return null;
}

/** What the page's first script starts for this link; returns whether it is a point's (and so started). */
export function startEarly(env: { hash: string; pathname: string; search: string; isSecureContext: boolean; mediaDevices: MediaDevices | undefined }): boolean {
  const token = tokenFromHash(env.hash);
  // A server-admin link names its conference (&c=); it has no pre-flight either.
  if (!token || conferenceFromHash(env.hash) !== undefined || !hintsPreflight(joinHintFromToken(token), env.pathname)) return false;
  openDevicesEarly(env);
  // In a cluster, placed by the point's recorded region (or the link's ?region=), as JoinedApp would.
  const socket = openSocketEarly(token, { region: new URLSearchParams(env.search).get('region') });
  const started = loadMedia().then((m) => m.startMedia(socket, { local: null, pageSize: THUMBNAIL_PAGE, hold: true }));
  // A failed chunk fetch is the console's to retry (takeEarlyMedia's promise rejects, useLiveMedia tries again).
  started.catch(() => {});
  media = { socket, pageSize: THUMBNAIL_PAGE, started };
  return true;
}

if (typeof window !== 'undefined' && typeof location !== 'undefined') {
  startEarly({ hash: location.hash, pathname: location.pathname, search: location.search, isSecureContext: window.isSecureContext, mediaDevices: navigator.mediaDevices });
}
