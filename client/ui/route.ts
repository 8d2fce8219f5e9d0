import type { Principal } from '../../shared/protocol/index.js';

// Where a join link lands. The token travels in the URL fragment (#t=…), which browsers never
// send to a server or put in a Referer header; the client hands it to socket.io's `auth`.

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const t = params.get('t');
  return t && t.length <= 600 ? t : null;
}

/** Only for a server-admin link, which needs to say which conference: #t=…&c=<conferenceId>. */
export function conferenceFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('c') ?? undefined;
}

export type ConsoleKind = 'chair' | 'clerk' | 'point' | 'program' | 'organiser';

/**
 * The console for a principal. `/program` shows the program view whatever the link (the hall's
 * big screen); observers always get it; an admin lands in the organiser's console.
 */
export function consoleFor(principal: Principal, pathname: string): ConsoleKind {
  if (/\/program\/?$/.test(pathname)) return 'program';
  switch (principal.role) {
    case 'chair':
      return 'chair';
    case 'clerk':
      return 'clerk';
    case 'point':
      return principal.pointId ? 'point' : 'program';
    case 'admin':
      return 'organiser';
    default:
      return 'program';
  }
}

/** Consoles that send a camera and a microphone, and so go through the pre-flight first. */
export function sendsMedia(kind: ConsoleKind): boolean {
  return kind === 'point';
}

/**
 * The server-admin link (valid for every conference) opened without a conference: the server's
 * conference list. With `&c=<id>` it opens that conference's organiser console.
 */
export function opensConferenceList(hint: { conference: string | null } | null, conferenceId: string | undefined): boolean {
  return hint !== null && hint.conference === '*' && conferenceId === undefined;
}

/** The link that opens one conference's organiser console with the server-admin token. */
export function conferenceLink(token: string, conferenceId: string, base = '/join'): string {
  return `${base}#t=${token}&c=${encodeURIComponent(conferenceId)}`;
}
