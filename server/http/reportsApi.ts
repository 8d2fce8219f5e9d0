import express, { Router } from 'express';
import { z } from 'zod';
import { ALLOWED_ROLES } from '../../shared/meeting/permissions.js';
import type { MeetingState } from '../../shared/meeting/state.js';
import type { MeetingEvent, Principal } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import { servedHere, type AtTheWriter } from '../cluster/atTheWriter.js';
import type { CommandService } from '../commands/commandService.js';
import { contentDisposition } from '../reports/filename.js';
import { ReportRequestSchema } from '../reports/formats.js';
import { ReportRenderer, type RenderFailureCode } from '../reports/render-pool.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { readsWholeRecord } from '../rooms/readView.js';
import type { EventStore } from '../store/EventStore.js';
import type { StillFiles } from '../stills/still-files.js';
import { stillsForMinutes } from '../../shared/meeting/selectors-stills.js';
import { callerOf, identityOf, requireIdentity } from './apiAuth.js';
import { roomOf, sendResult } from './conferencesApi.js';
import { HttpError, zodIssues } from './httpErrors.js';

// Export endpoints of the attendance report and the minutes:
//   GET /api/conferences/:conferenceId/reports/attendance.{csv,xlsx,pdf}[?view=&delimiter=&seq=]
//   GET /api/conferences/:conferenceId/reports/minutes.{pdf,docx,md}[?seq=]
//   GET|PUT /api/conferences/:conferenceId/reports/observer-access   (admin: may observers export?)
// Authorised like every API call (Bearer join token). Who may export is the core's rule
// (mayExportReports, R-REPORT-2); whether observers may is the conference's state, set by the
// setObserverExport command (R-REPORT-1) and so kept in the log. server/reports only renders.

export interface ReportsApiOptions {
  readonly rooms: MeetingRooms;
  readonly store: EventStore<MeetingEvent>;
  readonly authenticator: Authenticator;
  readonly commands: CommandService;
  /** Where the stills' JPEGs are: the minutes' figures (R-STILL-4) */
  readonly stillFiles?: StillFiles | undefined;
  /** Renders off the event loop, in a worker thread; one per app by default. */
  readonly renderer?: ReportRenderer;
  /** cluster mode: minutes with figures are rendered by the node that writes the conference (the stills lie on its disk) */
  readonly atTheWriter?: AtTheWriter | undefined;
}

const RENDER_STATUS: Record<RenderFailureCode, number> = {
  REPORT_NO_CONFERENCE: 404,
  REPORT_SEQ_OUT_OF_RANGE: 400,
  REPORT_FAILED: 500,
  REPORT_TIMEOUT: 503,
};

const FileParam = z.string().regex(/^(attendance|minutes)\.(csv|xlsx|pdf|docx|md)$/);
const ObserverAccessBody = z.strictObject({ allowed: z.boolean() });

export function reportsApi(options: ReportsApiOptions): Router {
  const { rooms, store, authenticator, commands } = options;
  const renderer = options.renderer ?? new ReportRenderer();
  const router = Router();
  const member = requireIdentity(authenticator);
  // Who may read the setting is who may change it.
  const settingKeepers = requireIdentity(authenticator, { roles: ALLOWED_ROLES.setObserverExport });

  router.get('/conferences/:conferenceId/reports/observer-access', settingKeepers, (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    res.json({ conferenceId: room.conferenceId, allowed: room.state.conference?.observersMayExport ?? false });
  });

  router.put('/conferences/:conferenceId/reports/observer-access', settingKeepers, express.json({ limit: '1kb' }), async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = ObserverAccessBody.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'INVALID_COMMAND', 'Body: { "allowed": true | false }.', zodIssues(body.error.issues));
    const result = await commands.submit(room.conferenceId, { type: 'setObserverExport', allowed: body.data.allowed }, callerOf(res));
    // A PUT states the wanted value: already so is success, as it always was.
    if (result.ok || result.code === 'NO_CHANGE') res.json({ conferenceId: room.conferenceId, allowed: body.data.allowed });
    else sendResult(res, result);
  });

  router.get('/conferences/:conferenceId/reports/:file', member, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    mayExport(room.state, identityOf(res).principal);
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
      throw new HttpError(400, 'REPORT_SEQ_OUT_OF_RANGE', `seq ${parsed.data.seq} > head ${seq}`);
    }
    const upTo = parsed.data.seq ?? seq;
    // The figures' pictures: of the stills chosen now (a render up to an earlier seq leaves out one chosen then and not now).
    const figures = parsed.data.report === 'minutes' && parsed.data.format !== 'md' && options.stillFiles ? stillsForMinutes(state).map((s) => s.id) : [];
    if (figures.length > 0 && (await (options.atTheWriter ?? servedHere)(req, res, room))) return;
    const stored = upTo > 0 ? await store.read(room.conferenceId, 0, upTo) : [];
    const events = stored.map((s) => s.event);
    const pictures = figures.length > 0 ? await options.stillFiles!.read(room.conferenceId, figures) : {};
    const rendered = await renderer.render(events, parsed.data, { headSeq: seq, pictures, ...(upTo === seq ? { folded: state } : {}) });
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

function mayExport(state: MeetingState, principal: Principal): void {
  if (readsWholeRecord(state, principal)) return;
  const { role } = principal;
  // The facts only: an observer is refused until the admin allows it (R-REPORT-1), others always.
  throw new HttpError(403, 'FORBIDDEN', role === 'observer' ? 'observer export not allowed' : `role ${role}`);
}
