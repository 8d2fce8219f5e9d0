import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { MAX_WATCH_LINK_HOURS, NameSchema } from '../../shared/protocol/common.js';
import { WATCH_PAGE_FILES, type WatchInfo } from '../../shared/protocol/watch.js';
import { currentLiveStream } from '../../shared/meeting/selectors-recording.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { AtTheWriter } from '../cluster/atTheWriter.js';
import { identityOf, requireIdentity } from '../http/apiAuth.js';
import { parseBody, roomOf } from '../http/conferencesApi.js';
import { HttpError } from '../http/httpErrors.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { sendLiveFile } from './http.js';
import type { LiveStreamService } from './live-stream-service.js';
import type { WatchLink, WatchLinks } from './watch-links.js';

// Watch links over HTTP (docs/LIVE.md, docs/SECURITY.md):
//   GET  /api/conferences/:conferenceId/watch-links                  admin, chair: the list
//   POST /api/conferences/:conferenceId/watch-links                  admin, chair: issue one
//   POST /api/conferences/:conferenceId/watch-links/:linkId/revoke   admin, chair: revoke one
//   GET  /live/:token/index.m3u8 and /live/:token/seg-NNNNN.ts       anyone holding the link
//   GET  /live/:token/                                                the watch page (a browser)
//   GET  /live/:token/watch.json                                      what the page shows first
// The public route reaches exactly what the bearer route of http.ts serves to an observer — the
// conference's playlist and segments while a run goes on — and nothing else. Refusals spend
// attempts of the failed-join limiter like a refused join token (per address and per link), so
// guessing here costs what guessing a join link costs.

const ISSUERS = ['admin', 'chair'] as const;
export const DEFAULT_WATCH_HOURS = 24;

const IssueBody = z.strictObject({
  label: NameSchema.optional(),
  ttlHours: z.number().int().min(1).max(MAX_WATCH_LINK_HOURS).default(DEFAULT_WATCH_HOURS),
});
const LinkIdParam = z.string().regex(/^w[0-9a-f]{16}$/);
const FileParam = z.string().max(32);

export interface WatchLinksOptions {
  readonly rooms: MeetingRooms;
  readonly authenticator: Authenticator;
  readonly watchLinks: WatchLinks;
  readonly live: LiveStreamService | undefined;
  /** the link's address: <public base>/live/<token>/index.m3u8 */
  readonly watchUrl: (token: string) => string;
  /** cluster mode: the stream is relayed from the node that mixes it (the writer) */
  readonly atTheWriter?: AtTheWriter | undefined;
}

/** The page a browser opens is the playlist's folder: <public base>/live/<token>/ */
const pageOf = (playlistUrl: string) => playlistUrl.slice(0, playlistUrl.length - WATCH_PAGE_FILES.playlist.length);

export function watchLinksApi(options: WatchLinksOptions): Router {
  const { rooms, watchLinks } = options;
  const router = Router();
  const json = express.json({ limit: '4kb', strict: true });
  const issuer = requireIdentity(options.authenticator, { roles: ISSUERS });
  const view = (link: WatchLink) => {
    const url = options.watchUrl(watchLinks.tokenFor(link));
    return { ...link, url, page: pageOf(url), live: link.revokedAt === null && link.expiresAt > Date.now() };
  };

  router.get('/conferences/:conferenceId/watch-links', issuer, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    res.json({ links: (await watchLinks.list(room.conferenceId)).map(view) });
  });

  router.post('/conferences/:conferenceId/watch-links', issuer, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(IssueBody, req.body);
    const issuedBy = identityOf(res).principal.role === 'chair' ? 'chair' : 'admin';
    const link = await watchLinks.issue({ conferenceId: room.conferenceId, issuedBy, label: body.label, ttlMs: body.ttlHours * 3600_000 });
    res.status(201).json({ link: view(link) });
  });

  router.post('/conferences/:conferenceId/watch-links/:linkId/revoke', issuer, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const linkId = LinkIdParam.safeParse(req.params['linkId']);
    const revoked = linkId.success ? await watchLinks.revoke(room.conferenceId, linkId.data) : undefined;
    if (!revoked) throw new HttpError(404, 'UNKNOWN_LINK', 'No such watch link in this conference.');
    res.json({ revoked: view(revoked) });
  });
  return router;
}

/**
 * GET /live/:token/ — the watch page; GET /live/:token/watch.json — what it shows first;
 * GET /live/:token/:file — the stream for players that cannot send headers.
 */
export function watchRoute(options: WatchLinksOptions & { clientDir?: string }): Router {
  const router = Router();
  const limiter = options.authenticator.limiter;
  const checked = async (req: Request, res: Response): Promise<WatchLink> => {
    const now = Date.now();
    const check = await options.watchLinks.check(req.params['token']);
    if (check.ok) return check.link;
    const keys = [`ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`, ...(check.linkId ? [`link:${check.linkId}`] : [])];
    const waitMs = Math.max(...keys.map((k) => limiter.retryAfterMs(k, now)));
    for (const k of keys) limiter.recordFailure(k, now);
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new HttpError(429, 'RATE_LIMITED', '');
    }
    throw new HttpError(401, check.code, '');
  };

  // The page is the same file for every token and says nothing by itself: it is served without a
  // check (no attempt spent), and learns whether its link stands from watch.json. Its address is
  // the playlist's folder, so the page, the playlist and the segments resolve relative to it.
  router.get('/live/:token', (req, res) => {
    if (!req.path.endsWith('/')) {
      res.redirect(301, `${encodeURIComponent(req.params['token'] as string)}/`);
      return;
    }
    const page = options.clientDir ? path.join(options.clientDir, 'watch.html') : undefined;
    if (!page || !existsSync(page)) {
      res.status(503).type('text/plain; charset=utf-8').send('Giao diện chưa được build / the client is not built: run `npm run build:client`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  });

  router.get(`/live/:token/${WATCH_PAGE_FILES.info}`, async (req, res) => {
    const link = await checked(req, res);
    const room = roomOf(options.rooms, link.conferenceId);
    const conference = room.state.conference;
    const run = options.live ? currentLiveStream(room.state) : null;
    const info: WatchInfo = {
      conference: { title: conference?.title ?? '', organiser: conference?.organiser ?? '', date: conference?.date ?? '', venue: conference?.venue ?? '' },
      live: run !== null,
      startedAt: run?.startedAt ?? null,
    };
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.json(info);
  });

  router.get('/live/:token/:file', async (req, res) => {
    const link = await checked(req, res);
    const file = FileParam.safeParse(req.params['file']);
    if (!file.success) throw new HttpError(404, 'NOT_FOUND', 'only index.m3u8 and seg-NNNNN.ts');
    // A page of another origin (the provincial portal's player) may read it: the link is the whole credential.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    await sendLiveFile(req, res, options.live, roomOf(options.rooms, link.conferenceId), file.data, options.atTheWriter);
  });
  return router;
}
