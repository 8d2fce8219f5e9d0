import type { Principal } from '../../shared/protocol/index.js';
import type { GatewayErrorCode } from '../../shared/protocol/socket.js';
import type { FailedJoinLimiter } from './failedJoinLimiter.js';
import { ANY_CONFERENCE, verifyJoinToken, type VerifyResult } from './joinToken.js';
import type { JoinLink, LinkRegistry } from './linkRegistry.js';

// One gate for sockets and HTTP alike: signature, expiry, revocation, conference, and a limit on
// failures. A valid token is always admitted, even from an address that is being throttled (an
// office NAT: issue 14, finding 3). Every refusal spends one attempt of the IP and, for a token
// we signed (expired, revoked, wrong conference), one of its link id, so a leaked token replayed
// from rotating addresses is throttled too. Past its burst a failure is answered RATE_LIMITED
// before any store look-up. The token itself is never logged or echoed.

export interface Identity {
  /** the conference this session acts in; ANY_CONFERENCE for a server-admin token on a server-level route */
  readonly conferenceId: string;
  readonly principal: Principal;
  readonly link: JoinLink;
  /** a server-admin token: may create conferences and act as admin in any of them */
  readonly serverAdmin: boolean;
}

export type AuthOutcome =
  | { ok: true; identity: Identity }
  | { ok: false; code: GatewayErrorCode; message: string; status: 401 | 403 | 404 | 429; retryAfterMs?: number };

export interface AuthenticatorOptions {
  readonly secret: Buffer;
  readonly links: LinkRegistry;
  readonly limiter: FailedJoinLimiter;
  /** may load the conference first (cluster mode: another node created it a moment ago) */
  readonly conferenceExists: (conferenceId: string) => boolean | Promise<boolean>;
  readonly now?: () => number;
  /** counted in /metrics */
  readonly onRefused?: (code: GatewayErrorCode) => void;
}

export interface AuthRequest {
  readonly token: unknown;
  readonly ip: string;
  /** the conference asked for (URL or handshake); a conference token must match it */
  readonly conferenceId?: string | undefined;
  /** server-level routes accept only a server-admin token and need no conference */
  readonly serverLevel?: boolean;
  /** either level (who-am-I): a server-admin token without a conference, or a conference token */
  readonly eitherLevel?: boolean;
}

export class Authenticator {
  readonly #options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
  }

  /** The failed-attempt limiter, shared with the live stream's watch links (server/live/watch-http.ts). */
  get limiter(): FailedJoinLimiter {
    return this.#options.limiter;
  }

  async authenticate(request: AuthRequest): Promise<AuthOutcome> {
    const { limiter, secret } = this.#options;
    const now = (this.#options.now ?? Date.now)();
    const verified = verifyJoinToken(secret, request.token, now);
    const keys = [`ip:${request.ip}`];
    // The link id is believed only under a good signature (an expired token's still is).
    const linkId = verified.ok ? verified.claims.l : signedLinkId(secret, request.token);
    if (linkId !== undefined) keys.push(`link:${linkId}`);
    const throttled = (): AuthOutcome | undefined => {
      const waitMs = Math.max(...keys.map((k) => limiter.retryAfterMs(k, now)));
      if (waitMs <= 0) return undefined;
      for (const k of keys) limiter.recordFailure(k, now);
      this.#options.onRefused?.('RATE_LIMITED');
      return refusal('RATE_LIMITED', 429, waitMs);
    };
    // A token that cannot be ours is refused cheaply while its sender is throttled.
    if (!verified.ok && linkId === undefined) {
      const limited = throttled();
      if (limited) return limited;
    }
    const outcome = await this.#check(request, verified);
    if (outcome.ok) return outcome;
    const limited = throttled();
    if (limited) return limited;
    for (const k of keys) limiter.recordFailure(k, now);
    this.#options.onRefused?.(outcome.code);
    return outcome;
  }

  async #check(request: AuthRequest, verified: VerifyResult): Promise<AuthOutcome> {
    const links = this.#options.links;
    if (request.token === undefined || request.token === null || request.token === '') return refusal('TOKEN_MISSING', 401);
    if (!verified.ok) return refusal(verified.code, 401);
    const claims = verified.claims;
    const known = await links.check(claims);
    if (!known.ok) return refusal(known.code, 401);
    const link = known.link;
    const principal: Principal = {
      role: claims.r,
      ...(claims.p !== undefined ? { pointId: claims.p } : {}),
      ...(link.label !== undefined ? { name: link.label } : {}),
    };

    if (claims.c === ANY_CONFERENCE) {
      if (request.serverLevel || (request.eitherLevel && request.conferenceId === undefined)) {
        return { ok: true, identity: { conferenceId: ANY_CONFERENCE, principal, link, serverAdmin: true } };
      }
      if (request.conferenceId === undefined) return refusal('UNKNOWN_CONFERENCE', 404);
      if (!(await this.#options.conferenceExists(request.conferenceId))) return refusal('UNKNOWN_CONFERENCE', 404);
      return { ok: true, identity: { conferenceId: request.conferenceId, principal, link, serverAdmin: true } };
    }
    if (request.serverLevel) return refusal('FORBIDDEN', 403);
    if (request.conferenceId !== undefined && request.conferenceId !== claims.c) return refusal('TOKEN_WRONG_CONFERENCE', 403);
    if (!(await this.#options.conferenceExists(claims.c))) return refusal('UNKNOWN_CONFERENCE', 404);
    return { ok: true, identity: { conferenceId: claims.c, principal, link, serverAdmin: false } };
  }
}

function refusal(code: GatewayErrorCode, status: 401 | 403 | 404 | 429, retryAfterMs?: number): AuthOutcome {
  return { ok: false, code, message: '', status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** The link id of an expired token we did sign (verifyJoinToken stops at the expiry). */
function signedLinkId(secret: Buffer, token: unknown): string | undefined {
  const verified = verifyJoinToken(secret, token, 0);
  return verified.ok ? verified.claims.l : undefined;
}
