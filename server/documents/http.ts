import { Router } from 'express';
import { z } from 'zod';
import { DateSchema, IdSchema } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import { requireIdentity } from '../http/apiAuth.js';
import { roomOf } from '../http/conferencesApi.js';
import { HttpError, zodIssues } from '../http/httpErrors.js';
import { isLive } from '../http/linksApi.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { contentDisposition } from '../reports/filename.js';
import { connectionSheetsPdf } from './connection-sheets-pdf.js';
import { invitationDocx } from './invitation-docx.js';

// The organiser's printed documents (admin only):
//   GET /api/conferences/:conferenceId/documents/connection-sheets.pdf[?points=id,id]
//   GET /api/conferences/:conferenceId/documents/invitation.docx[?number=&signDate=]

export interface DocumentsApiOptions {
  readonly rooms: MeetingRooms;
  readonly links: LinkRegistry;
  readonly authenticator: Authenticator;
  readonly joinUrl: (token: string) => string;
}

const SheetsQuery = z.strictObject({ points: z.string().max(20_000).optional() });
const InvitationQuery = z.strictObject({ number: z.string().trim().min(1).max(50).optional(), signDate: DateSchema.optional() });

export function documentsApi(options: DocumentsApiOptions): Router {
  const { rooms, links } = options;
  const router = Router();
  const admin = requireIdentity(options.authenticator, { roles: ['admin'] });

  router.get('/conferences/:conferenceId/documents/connection-sheets.pdf', admin, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const query = SheetsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'MALFORMED', 'Query: points (comma-separated point ids).', zodIssues(query.error.issues));
    const { state } = await room.serially(() => ({ state: room.state }));
    const conf = state.conference;
    if (!conf) throw new HttpError(404, 'UNKNOWN_CONFERENCE', 'No such conference on this server.');
    let ids = state.pointOrder.filter((id) => state.points[id]?.kind !== 'central');
    if (query.data.points !== undefined) {
      const wanted = query.data.points.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = wanted.filter((id) => !IdSchema.safeParse(id).success || !state.points[id]);
      if (bad.length > 0) throw new HttpError(404, 'UNKNOWN_POINT', `No such point: ${bad.slice(0, 10).join(', ')}.`, bad);
      ids = wanted;
    }
    const now = Date.now();
    // The newest live link of each point: the one the organiser would hand out now.
    const byPoint = new Map<string, string>();
    for (const link of (await links.list(room.conferenceId)).filter((l) => l.role === 'point' && isLive(l, now)).sort((a, b) => a.createdAt - b.createdAt)) {
      if (link.pointId) byPoint.set(link.pointId, options.joinUrl(links.tokenFor(link)));
    }
    const missing = ids.filter((id) => !byPoint.has(id));
    if (missing.length > 0) {
      throw new HttpError(409, 'POINTS_WITHOUT_LINK', `no live link: ${missing.join(', ')}`, missing);
    }
    const pdf = await connectionSheetsPdf(
      { title: conf.title, organiser: conf.organiser, date: conf.date, startTime: conf.startTime, venue: conf.venue, technicalContact: conf.technicalContact, asOf: state.lastEventAt ?? conf.createdAt },
      ids.map((id) => ({ name: state.points[id]?.name ?? id, url: byPoint.get(id) as string })),
    );
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', contentDisposition(`phieu-ket-noi-${conf.date}.pdf`));
    res.end(pdf);
  });

  router.get('/conferences/:conferenceId/documents/invitation.docx', admin, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const query = InvitationQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'MALFORMED', 'Query: number (≤ 50 characters), signDate (YYYY-MM-DD).', zodIssues(query.error.issues));
    const state = await room.serially(() => room.state);
    const conf = state.conference;
    if (!conf) throw new HttpError(404, 'UNKNOWN_CONFERENCE', 'No such conference on this server.');
    const chair = state.panelOrder[0] ? state.panel[state.panelOrder[0]] : undefined;
    const docx = await invitationDocx({
      title: conf.title,
      organiser: conf.organiser,
      date: conf.date,
      startTime: conf.startTime,
      venue: conf.venue,
      technicalContact: conf.technicalContact,
      chairedBy: chair ? `${chair.name}, ${chair.position}` : null,
      pointNames: state.pointOrder.filter((id) => state.points[id]?.kind !== 'central').map((id) => state.points[id]?.name ?? id),
      number: query.data.number,
      signDate: query.data.signDate,
      asOf: state.lastEventAt ?? conf.createdAt,
    });
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('Content-Disposition', contentDisposition(`giay-moi-${conf.date}.docx`));
    res.end(docx);
  });

  return router;
}
