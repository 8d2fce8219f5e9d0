import express, { Router, type Express, type Response } from 'express';
import { z } from 'zod';
import type { MeetingEvent, Role } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import { identityOf, requireIdentity } from '../http/apiAuth.js';
import { roomOf } from '../http/conferencesApi.js';
import { HttpError, zodIssues } from '../http/httpErrors.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { EventStore } from '../store/EventStore.js';
import { contentDisposition } from './filename.js';
import { ReportRequestSchema } from './formats.js';
import { ReportRenderer, type RenderFailureCode } from './render-pool.js';

// Export endpoints of the attendance report and the minutes:
//   GET /api/conferences/:conferenceId/reports/attendance.{csv,xlsx,pdf}[?view=&delimiter=&seq=]
//   GET /api/conferences/:conferenceId/reports/minutes.{pdf,docx,md}[?seq=]
//   GET|PUT /api/conferences/:conferenceId/reports/observer-access   (admin: may observers export?)
// Authorised like every API call (Bearer join token). Chair, clerk and admin may export; an
// observer only when the admin has allowed it for that conference; a point never.

export interface ReportsApiOptions {
  readonly rooms: MeetingRooms;
  readonly store: EventStore<MeetingEvent>;
  readonly authenticator: Authenticator;
  /** Renders off the event loop, in a worker thread; one per app by default. */
  readonly renderer?: ReportRenderer;
}

const EXPORTERS: readonly Role[] = ['admin', 'chair', 'clerk'];

/** Kept beside the log in the store's settings, so the admin's choice survives a restart. */
export const observerAccessKey = (conferenceId: string): string => `reports.observerExport.${conferenceId}`;

const RENDER_STATUS: Record<RenderFailureCode, number> = {
  REPORT_NO_CONFERENCE: 404,
  REPORT_SEQ_OUT_OF_RANGE: 400,
  REPORT_FAILED: 500,
  REPORT_TIMEOUT: 503,
};

const FileParam = z.string().regex(/^(attendance|minutes)\.(csv|xlsx|pdf|docx|md)$/);
const ObserverAccessBody = z.strictObject({ allowed: z.boolean() });

export function reportsApi(options: ReportsApiOptions): Router {
  const { rooms, store, authenticator } = options;
  const renderer = options.renderer ?? new ReportRenderer();
  const router = Router();
  const member = requireIdentity(authenticator);
  const admin = requireIdentity(authenticator, { roles: ['admin'] });

  const observersMayExport = async (conferenceId: string): Promise<boolean> =>
    (await store.meta.get(observerAccessKey(conferenceId))) === 'allowed';

  router.get('/conferences/:conferenceId/reports/observer-access', admin, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    res.json({ conferenceId: room.conferenceId, allowed: await observersMayExport(room.conferenceId) });
  });

  router.put('/conferences/:conferenceId/reports/observer-access', admin, express.json({ limit: '1kb' }), async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = ObserverAccessBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'INVALID_COMMAND', 'Body: { "allowed": true | false }.', zodIssues(body.error.issues));
    await store.meta.set(observerAccessKey(room.conferenceId), body.data.allowed ? 'allowed' : 'denied');
    res.json({ conferenceId: room.conferenceId, allowed: body.data.allowed });
  });

  router.get('/conferences/:conferenceId/reports/:file', member, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    await mayExport(res, room.conferenceId, observersMayExport);
    const file = FileParam.safeParse(req.params['file']);
    if (!file.success) throw new HttpError(404, 'NOT_FOUND', 'Reports: attendance.{csv,xlsx,pdf}, minutes.{pdf,docx,md}.');
    const [report, format] = file.data.split('.') as [string, string];
    const parsed = ReportRequestSchema.safeParse({ ...req.query, report, format });
    if (!parsed.success) {
      throw new HttpError(400, 'MALFORMED', 'Query: view (attendees|totals|presence), delimiter (comma|semicolon), seq (>= 1).', zodIssues(parsed.error.issues));
    }
    // The live state and its seq are read together, inside the room's queue.
    const { seq, state } = await room.serially(() => ({ seq: room.seq, state: room.state }));
    if (parsed.data.seq !== undefined && parsed.data.seq > seq) {
      throw new HttpError(400, 'REPORT_SEQ_OUT_OF_RANGE', `Số thứ tự sự kiện vượt quá nhật ký. / seq ${parsed.data.seq} is past the head of the log (${seq}).`);
    }
    const upTo = parsed.data.seq ?? seq;
    const stored = upTo > 0 ? await store.read(room.conferenceId, 0, upTo) : [];
    const events = stored.map((s) => s.event);
    const rendered = await renderer.render(events, parsed.data, { headSeq: seq, ...(upTo === seq ? { folded: state } : {}) });
    if (!rendered.ok) throw new HttpError(RENDER_STATUS[rendered.code], rendered.code, rendered.message);
    const { body, contentType, fileName } = rendered.report;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', contentDisposition(fileName));
    res.setHeader('Content-Length', String(body.length));
    res.setHeader('X-Report-Seq', String(upTo));
    res.end(body);
  });

  return router;
}

async function mayExport(res: Response, conferenceId: string, observersMayExport: (id: string) => Promise<boolean>): Promise<void> {
  const { role } = identityOf(res).principal;
  if (EXPORTERS.includes(role)) return;
  if (role === 'observer' && (await observersMayExport(conferenceId))) return;
  throw new HttpError(
    403,
    'FORBIDDEN',
    role === 'observer'
      ? 'Quan sát viên chỉ xuất báo cáo khi quản trị cho phép. / Observers may export only when the admin allows it.'
      : 'Chỉ chủ trì, thư ký và quản trị được xuất báo cáo. / Only the chair, clerks and the admin may export reports.',
  );
}

/** Mounts the report routes under /api on an app (before the API's 404 handler). */
export function mountReports(app: Express, options: ReportsApiOptions): void {
  app.use('/api', reportsApi(options));
}
