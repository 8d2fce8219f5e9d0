import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { IdSchema, RoleSchema } from '../../shared/protocol/common.js';

// A join token is the whole credential of a join link: who may join which conference as what.
// Format: `v1.<payload>.<signature>`, both parts base64url; the signature is HMAC-SHA256 with the
// server secret over the literal `v1.<payload>`, so the version cannot be swapped under a signature.
// The token says nothing secret; it only cannot be forged. Revocation is checked separately
// (linkRegistry.ts) because a signature alone cannot be taken back.

const VERSION = 'v1';
/** Longer than any token we sign; a cheap first refusal for junk in handshakes. */
export const MAX_TOKEN_LENGTH = 600;
/** The conference id of a server-admin token, which may create conferences and act as admin in any. */
export const ANY_CONFERENCE = '*';

/** The roles a join link may carry: every role but `system`, which is the server's own. */
export const JoinRoleSchema = RoleSchema.exclude(['system']);
export type JoinRole = z.infer<typeof JoinRoleSchema>;

export const JoinClaimsSchema = z
  .strictObject({
    /** conference id, or ANY_CONFERENCE for a server-admin token */
    c: z.union([IdSchema, z.literal(ANY_CONFERENCE)]),
    r: JoinRoleSchema,
    /** point id: required for role `point` */
    p: IdSchema.optional(),
    /** link id, the handle for revocation */
    l: IdSchema,
    /** expiry, epoch seconds */
    x: z.number().int().positive(),
  })
  .refine((c) => (c.r === 'point') === (c.p !== undefined), { message: 'a point token carries a point id, no other does' })
  .refine((c) => c.c !== ANY_CONFERENCE || c.r === 'admin', { message: 'only an admin token may be for any conference' });
export type JoinClaims = z.infer<typeof JoinClaimsSchema>;

export type TokenRefusal = 'TOKEN_MALFORMED' | 'TOKEN_SIGNATURE' | 'TOKEN_EXPIRED';
export type VerifyResult = { ok: true; claims: JoinClaims } | { ok: false; code: TokenRefusal };

function sign(secret: Buffer, payloadPart: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${payloadPart}`).digest();
}

/** Signing is deterministic: the same link always gives the same token, so links can be shown again. */
export function signJoinToken(secret: Buffer, claims: JoinClaims): string {
  const checked = JoinClaimsSchema.parse(claims);
  const payloadPart = Buffer.from(JSON.stringify(checked), 'utf8').toString('base64url');
  return `${VERSION}.${payloadPart}.${sign(secret, payloadPart).toString('base64url')}`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks the signature before anything else is believed (the payload is parsed only once it is
 * known to be ours), then the expiry. `nowMs` comes from the caller so tests can move the clock.
 */
export function verifyJoinToken(secret: Buffer, token: unknown, nowMs: number): VerifyResult {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { ok: false, code: 'TOKEN_MALFORMED' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, code: 'TOKEN_MALFORMED' };
  const [, payloadPart = '', signaturePart = ''] = parts;
  if (!B64URL.test(payloadPart) || !B64URL.test(signaturePart)) return { ok: false, code: 'TOKEN_MALFORMED' };
  const given = Buffer.from(signaturePart, 'base64url');
  const expected = sign(secret, payloadPart);
  // timingSafeEqual throws on a length mismatch; a wrong length is a forgery all the same.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'TOKEN_SIGNATURE' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'TOKEN_MALFORMED' };
  }
  const parsed = JoinClaimsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'TOKEN_MALFORMED' };
  if (parsed.data.x * 1000 <= nowMs) return { ok: false, code: 'TOKEN_EXPIRED' };
  return { ok: true, claims: parsed.data };
}
