import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { bearer } from '../http/apiAuth.js';
import { HttpError } from '../http/httpErrors.js';

// Who sees what on /metrics. Without credentials: the node's aggregates only (no conference id,
// title, point or token can appear there: no series of that registry has such a label). With
// `Authorization: Bearer <token>`: the per-conference series too, when the token is
// HOINGHI_METRICS_TOKEN (what Prometheus is given: it may read numbers, nothing else) or a
// server-admin join token (who may see every conference anyway). Any other token is refused as
// the API refuses it, and counts as a failed attempt of its address; a conference's own token is
// refused too (403), since the detail covers every conference of the node.

export function metricsAccess(options: { authenticator: Authenticator; metricsToken: string | undefined }): RequestHandler {
  const expected = options.metricsToken === undefined ? undefined : digest(options.metricsToken);
  return async (req, res, next) => {
    const token = bearer(req);
    res.locals['metricsDetail'] = false;
    if (token === undefined) return next();
    if (expected !== undefined && timingSafeEqual(digest(token), expected)) {
      res.locals['metricsDetail'] = true;
      return next();
    }
    const outcome = await options.authenticator.authenticate({ token, ip: req.ip ?? req.socket.remoteAddress ?? 'unknown', serverLevel: true });
    if (!outcome.ok) {
      if (outcome.retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
      throw new HttpError(outcome.status, outcome.code, outcome.message);
    }
    res.locals['metricsDetail'] = true;
    next();
  };
}

/** Whether metricsAccess let this request see the per-conference series. */
export function seesDetail(res: Response): boolean {
  return res.locals['metricsDetail'] === true;
}

/** Fixed-length digests, so the comparison takes the same time whatever the token's length. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
