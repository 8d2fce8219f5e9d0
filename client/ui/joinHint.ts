// What a join link says about its holder, read before the server has answered. A join token is
// `v1.<payload>.<signature>` with a plain base64url JSON payload ("the token says nothing
// secret; it only cannot be forged"), so the page can read who the link is for at once and open
// the camera while the socket connects, instead of after the welcome. It is only a hint: the
// server's welcome decides the console, and a hint the welcome contradicts is dropped.
//
// Checked by hand, not with zod: this runs in the page's first script (client/ui/earlyJoin.ts),
// which opens the camera and the socket before the app's chunks are evaluated, and zod with the
// protocol's schemas is a 93 kB chunk that would hold it back. The check is as strict as the
// schema it replaces (three fields, their types and lengths; anything else is no hint).

const optionalText = (v: unknown, max: number): v is string | undefined => v === undefined || (typeof v === 'string' && v.length <= max);

function hintFields(v: unknown): { r: string; p?: string | undefined; c?: string | undefined } | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const { r, p, c } = v as Record<string, unknown>;
  if (typeof r !== 'string' || r.length > 32 || !optionalText(p, 128) || !optionalText(c, 128)) return null;
  return { r, p, c };
}

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
    const fields = hintFields(JSON.parse(new TextDecoder().decode(bytes)));
    return fields ? { role: fields.r, pointId: fields.p ?? null, conference: fields.c ?? null } : null;
  } catch {
    return null;
  }
}

/** The link opens a point's console (not the hall's program screen): it will go through the pre-flight. */
export function hintsPreflight(hint: JoinHint | null, pathname: string): hint is JoinHint & { pointId: string } {
  return hint !== null && hint.role === 'point' && hint.pointId !== null && !/\/program\/?$/.test(pathname);
}
