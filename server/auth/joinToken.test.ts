import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signJoinToken, verifyJoinToken, type JoinClaims } from './joinToken.js';

const secret = randomBytes(32);
const now = Date.UTC(2021, 0, 4, 8, 0);
const claims: JoinClaims = { c: 'camau-2021', r: 'point', p: 'thoi-binh', l: 'l0123', x: Math.floor(now / 1000) + 3600 };

describe('join tokens', () => {
  it('verifies a token it signed and gives back its claims', () => {
    const token = signJoinToken(secret, claims);
    expect(verifyJoinToken(secret, token, now)).toEqual({ ok: true, claims });
  });

  it('signs deterministically, so a link can be shown again', () => {
    expect(signJoinToken(secret, claims)).toBe(signJoinToken(secret, claims));
  });

  it('refuses a token signed with another secret', () => {
    const token = signJoinToken(randomBytes(32), claims);
    expect(verifyJoinToken(secret, token, now)).toEqual({ ok: false, code: 'TOKEN_SIGNATURE' });
  });

  it('refuses a payload changed under a valid signature (another point)', () => {
    const [v, , sig] = signJoinToken(secret, claims).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, p: 'u-minh' })).toString('base64url');
    expect(verifyJoinToken(secret, `${v}.${forged}.${sig}`, now)).toEqual({ ok: false, code: 'TOKEN_SIGNATURE' });
  });

  it('refuses an expired token, exactly at its expiry', () => {
    const token = signJoinToken(secret, claims);
    expect(verifyJoinToken(secret, token, claims.x * 1000 - 1).ok).toBe(true);
    expect(verifyJoinToken(secret, token, claims.x * 1000)).toEqual({ ok: false, code: 'TOKEN_EXPIRED' });
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['two parts', 'v1.abc'],
    ['another version', 'v2.abc.def'],
    ['not base64url', 'v1.a+b.c/d'],
    ['far too long', `v1.${'a'.repeat(700)}.b`],
    ['a short signature', 'v1.abc.def'],
  ])('refuses a malformed token (%s)', (_name, token) => {
    const result = verifyJoinToken(secret, token, now);
    expect(result.ok).toBe(false);
    expect(['TOKEN_MALFORMED', 'TOKEN_SIGNATURE']).toContain(result.ok ? '' : result.code);
  });

  it('refuses to sign claims that make no sense (a point token without a point)', () => {
    expect(() => signJoinToken(secret, { c: 'x', r: 'point', l: 'l1', x: 1 })).toThrow();
    expect(() => signJoinToken(secret, { c: '*', r: 'chair', l: 'l1', x: 1 })).toThrow();
  });
});
