import express, { Router } from 'express';
import { z } from 'zod';
import { IdSchema, MAX_LINK_DAYS, NameSchema } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import { JoinRoleSchema } from '../auth/joinToken.js';
import { SecondDeviceSchema, type JoinLink, type LinkOpens, type LinkRegistry } from '../auth/linkRegistry.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { identityOf, requireIdentity } from './apiAuth.js';
import { parseBody, roomOf } from './conferencesApi.js';
import { HttpError } from './httpErrors.js';

// Join links of a conference (admin only): list, issue, revoke (and reissue in one call).
// The response carries the link's URL with the token in its fragment: the admin hands it out.

export interface LinksApiOptions {
  readonly rooms: MeetingRooms;
  readonly links: LinkRegistry;
  readonly authenticator: Authenticator;
  readonly joinUrl: (token: string) => string;
}

export const DEFAULT_LINK_TTL_HOURS = 24 * 30;

const IssueBody = z
  .strictObject({
    role: JoinRoleSchema,
    pointId: IdSchema.optional(),
    label: NameSchema.optional(),
    ttlHours: z.number().int().min(1).max(24 * MAX_LINK_DAYS).default(DEFAULT_LINK_TTL_HOURS),
    secondDevice: SecondDeviceSchema.default('takeover'),
  })
  .refine((b) => (b.role === 'point') === (b.pointId !== undefined), { message: 'pointId is required for role point, and only for it', path: ['pointId'] });

const TtlHours = z.number().int().min(1).max(24 * 400);
const RevokeBody = z.strictObject({ reissue: z.boolean().default(false), ttlHours: TtlHours.optional() });
const PointLinksBody = z.strictObject({ ttlHours: TtlHours.default(DEFAULT_LINK_TTL_HOURS) });

/** A link the organiser can still hand out: not revoked, not expired. */
export function isLive(link: JoinLink, now: number): boolean {
  return link.revokedAt === null && link.expiresAt > now;
}

export function linksApi(options: LinksApiOptions): Router {
  const { rooms, links, authenticator } = options;
  const router = Router();
  const json = express.json({ limit: '8kb', strict: true });
  const admin = requireIdentity(authenticator, { roles: ['admin'] });
  const view = (link: JoinLink, opens?: LinkOpens) => ({
    ...link,
    url: options.joinUrl(links.tokenFor(link)),
    live: isLive(link, Date.now()),
    opens: opens?.opens ?? 0,
    firstOpenedAt: opens?.firstOpenedAt ?? null,
    lastOpenedAt: opens?.lastOpenedAt ?? null,
  });

  router.get('/conferences/:conferenceId/links', admin, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const opens = await links.opensOf(room.conferenceId);
    res.json({ links: (await links.list(room.conferenceId)).map((l) => view(l, opens[l.id])) });
  });

  // One link for every point that has no live one: a hundred communes in one click.
  router.post('/conferences/:conferenceId/links/points', admin, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(PointLinksBody, req.body);
    const now = Date.now();
    const covered = new Set((await links.list(room.conferenceId)).filter((l) => l.role === 'point' && isLive(l, now)).map((l) => l.pointId));
    const issued: ReturnType<typeof view>[] = [];
    for (const pointId of room.state.pointOrder) {
      const point = room.state.points[pointId];
      if (!point || covered.has(pointId)) continue;
      const link = await links.issue({ conferenceId: room.conferenceId, role: 'point', pointId, label: point.name, ttlMs: body.ttlHours * 3600 * 1000 });
      issued.push(view(link));
    }
    res.status(201).json({ issued });
  });

  router.post('/conferences/:conferenceId/links', admin, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(IssueBody, req.body);
    if (body.pointId !== undefined && room.state.points[body.pointId] === undefined) {
      throw new HttpError(404, 'UNKNOWN_POINT', `The conference has no point ${body.pointId}.`);
    }
    const link = await links.issue({
      conferenceId: room.conferenceId,
      role: body.role,
      pointId: body.pointId,
      label: body.label,
      ttlMs: body.ttlHours * 3600 * 1000,
      secondDevice: body.secondDevice,
    });
    res.status(201).json({ link: view(link) });
  });

  router.post('/conferences/:conferenceId/links/:linkId/revoke', admin, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(RevokeBody, req.body);
    const linkId = req.params['linkId'] as string;
    if (identityOf(res).link.id === linkId) throw new HttpError(409, 'OWN_LINK', 'An admin cannot revoke the link it is using.');
    const revoked = await links.revoke(room.conferenceId, linkId);
    if (!revoked) throw new HttpError(404, 'UNKNOWN_LINK', 'No such link in this conference.');
    let reissued: ReturnType<typeof view> | undefined;
    if (body.reissue) {
      const link = await links.issue({
        conferenceId: room.conferenceId,
        role: revoked.role,
        pointId: revoked.pointId,
        label: revoked.label,
        ttlMs: body.ttlHours !== undefined ? body.ttlHours * 3600 * 1000 : Math.max(3600_000, revoked.expiresAt - revoked.createdAt),
        secondDevice: revoked.secondDevice,
      });
      reissued = view(link);
    }
    res.json({ revoked: view(revoked), ...(reissued ? { reissued } : {}) });
  });

  return router;
}
