import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { WireErrorCode } from '../../shared/terms/errors.js';
import type { Logger } from '../log/logger.js';

// Every error of the HTTP API is `{ code, message }` with a status that means it: 400 for what the
// caller sent, 401/403 for who they are, 404 for what is not there, 409 for a meeting rule, 413
// for size, 429 for too many tries, 5xx only for our own failures. The code is one of the error
// catalogue's (shared/terms/errors.ts: the console shows its words); the message carries only the
// facts (a route, a limit, an id), in English, for logs and API callers.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: WireErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function zodIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export const notFoundApi: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'NOT_FOUND', `no API route ${req.method} ${req.path}`));
};

/** express's own errors (body too large, bad JSON) carry `type` and `status`; map them to our codes. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof HttpError) {
      res.status(error.status).json({ code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) });
      return;
    }
    const e = error as { type?: string; status?: number; message?: string; limit?: number };
    const send = (status: number, code: WireErrorCode, message: string) => void res.status(status).json({ code, message });
    if (e.type === 'entity.too.large') return send(413, 'TOO_LARGE', typeof e.limit === 'number' ? `body over ${e.limit} bytes` : 'body too large');
    if (e.type === 'entity.parse.failed') return send(400, 'MALFORMED', 'body: not JSON');
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return send(e.status, 'BAD_REQUEST', e.message ?? '');
    // A live watch link's token is its path (/live/<token>/…): never written to a log.
    logger.error({ err: error, method: req.method, path: req.path.replace(/^\/live\/[^/]+/, '/live/<token>') }, 'HTTP handler failed');
    send(500, 'INTERNAL', '');
  };
}
