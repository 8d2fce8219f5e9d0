import type { Request, RequestHandler, Response } from 'express';
import type { Role } from '../../shared/protocol/index.js';
import type { Authenticator, Identity } from '../auth/authenticate.js';
import type { Caller } from '../commands/commandService.js';
import { HttpError } from './httpErrors.js';

// API calls carry a join token as `Authorization: Bearer <token>`: the same credential and the
// same checks as a socket (signature, expiry, revocation, failed-attempt limit per IP).

export function identityOf(res: Response): Identity {
  const identity = res.locals['identity'] as Identity | undefined;
  if (!identity) throw new HttpError(500, 'INTERNAL', 'route used without authentication');
  return identity;
}

/** The caller of a command sent over HTTP: its unanswered commands are counted per link. */
export function callerOf(res: Response): Caller {
  const identity = identityOf(res);
  return { principal: identity.principal, source: 'http', flowKey: `link:${identity.link.id}` };
}

/** The token of `Authorization: Bearer <token>`; undefined without the header, empty when it is malformed. */
export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([^\s]+)$/.exec(header);
  return match?.[1] ?? '';
}

export interface RequireOptions {
  /** server-level route: only a server-admin token */
  readonly serverLevel?: boolean;
  /** roles allowed on this route (server admins count as admin) */
  readonly roles?: readonly Role[];
  /** any valid token, server-level or of a conference (who-am-I) */
  readonly eitherLevel?: boolean;
}

export function requireIdentity(authenticator: Authenticator, options: RequireOptions = {}): RequestHandler {
  return async (req, res, next) => {
    const conferenceId = typeof req.params['conferenceId'] === 'string' ? req.params['conferenceId'] : undefined;
    const outcome = await authenticator.authenticate({
      token: bearer(req),
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      conferenceId,
      serverLevel: options.serverLevel ?? false,
      eitherLevel: options.eitherLevel ?? false,
    });
    if (!outcome.ok) {
      if (outcome.retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
      throw new HttpError(outcome.status, outcome.code, outcome.message);
    }
    if (options.roles && !options.roles.includes(outcome.identity.principal.role)) {
      throw new HttpError(403, 'FORBIDDEN', `This route is for: ${options.roles.join(', ')}.`);
    }
    res.locals['identity'] = outcome.identity;
    next();
  };
}
