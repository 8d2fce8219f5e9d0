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

export type ConsoleKind = 'chair' | 'clerk' | 'point' | 'program';

/**
 * The console for a principal. `/program` shows the program view whatever the link (the hall's
 * big screen); observers and admins always get it (admins prepare the conference elsewhere).
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
    default:
      return 'program';
  }
}

/** Consoles that send a camera and a microphone, and so go through the pre-flight first. */
export function sendsMedia(kind: ConsoleKind): boolean {
  return kind === 'point';
}
