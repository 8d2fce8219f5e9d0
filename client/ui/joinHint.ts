import { z } from 'zod';

// What a join link says about its holder, read before the server has answered. A join token is
// `v1.<payload>.<signature>` with a plain base64url JSON payload ("the token says nothing
// secret; it only cannot be forged"), so the page can read who the link is for at once and open
// the camera while the socket connects, instead of after the welcome. It is only a hint: the
// server's welcome decides the console, and a hint the welcome contradicts is dropped.

const HintSchema = z.object({ r: z.string().max(32), p: z.string().max(128).optional(), c: z.string().max(128).optional() });

export interface JoinHint {
  role: string;
  pointId: string | null;
  /** the conference the link is for; '*' for the server-admin link */
  conference: string | null;
}

export function joinHintFromToken(token: string): JoinHint | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '')) return null;
  try {
    const b64 = (parts[1] as string).replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const parsed = HintSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? { role: parsed.data.r, pointId: parsed.data.p ?? null, conference: parsed.data.c ?? null } : null;
  } catch {
    return null;
  }
}

/** The link opens a point's console (not the hall's program screen): it will go through the pre-flight. */
export function hintsPreflight(hint: JoinHint | null, pathname: string): hint is JoinHint & { pointId: string } {
  return hint !== null && hint.role === 'point' && hint.pointId !== null && !/\/program\/?$/.test(pathname);
}
