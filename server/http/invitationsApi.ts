import express, { Router } from 'express';
import { z } from 'zod';
import { LIMITS, parseInvitationList, parsePointList } from '../../shared/import/index.js';
import { PointKindSchema } from '../../shared/protocol/values.js';
import { ALLOWED_ROLES } from '../../shared/meeting/permissions.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { CommandService } from '../commands/commandService.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { callerOf, requireIdentity } from './apiAuth.js';
import { roomOf, sendResult } from './conferencesApi.js';
import { HttpError, zodIssues } from './httpErrors.js';

// Import a list from a spreadsheet: the file's bytes as the body (CSV or XLSX, sniffed from the
// content), read by shared/import's one list reader, then one core command: the invitation list
// (danh sách triệu tập) → importInvitationList; the connection points → addPoints. A file with
// row errors imports nothing and answers with every error and its line.

export interface InvitationsApiOptions {
  readonly rooms: MeetingRooms;
  readonly authenticator: Authenticator;
  readonly commands: CommandService;
}

const ImportQuery = z.strictObject({
  mode: z.enum(['replace', 'append']).default('replace'),
  fileName: z.string().max(255).optional(),
});

export function invitationsApi(options: InvitationsApiOptions): Router {
  const router = Router();
  // Any content type: the format is read from the bytes, not from what the browser guessed.
  const raw = express.raw({ type: () => true, limit: LIMITS.fileBytes });
  const importers = requireIdentity(options.authenticator, { roles: ALLOWED_ROLES.importInvitationList });

  router.post('/conferences/:conferenceId/invitations', importers, raw, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    const query = ImportQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'MALFORMED', 'Query: mode (replace|append), fileName.', zodIssues(query.error.issues));
    const parsed = parseInvitationList(fileBytes(req.body), query.data.fileName);
    if (!parsed.ok) throw new HttpError(400, 'IMPORT_INVALID', 'The invitation list has errors; nothing was imported.', parsed.errors);
    const rows = parsed.rows.map((r) => ({ line: r.line, name: r.name, position: r.position, organisation: r.organisation, point: r.point }));
    const result = await options.commands.submit(room.conferenceId, { type: 'importInvitationList', mode: query.data.mode, rows }, callerOf(res));
    if (result.ok) res.json({ ...result, imported: rows.length, format: parsed.format, warnings: parsed.warnings });
    else sendResult(res, result);
  });

  const PointsQuery = z.strictObject({
    /** the kind of a point whose row says none */
    kind: PointKindSchema.default('commune'),
    fileName: z.string().max(255).optional(),
  });
  const admins = requireIdentity(options.authenticator, { roles: ALLOWED_ROLES.addPoints });
  router.post('/conferences/:conferenceId/points/import', admins, raw, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    const query = PointsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'MALFORMED', 'Query: kind (a point kind), fileName.', zodIssues(query.error.issues));
    const parsed = parsePointList(fileBytes(req.body), query.data.fileName);
    if (!parsed.ok) throw new HttpError(400, 'IMPORT_INVALID', 'The list of points has errors; nothing was imported.', parsed.errors);
    const points = parsed.rows.map((r) => ({ name: r.name, kind: r.kind ?? query.data.kind, ...(r.contact !== undefined ? { contact: r.contact } : {}) }));
    const result = await options.commands.submit(room.conferenceId, { type: 'addPoints', points }, callerOf(res));
    if (result.ok) res.json({ ...result, imported: points.length, format: parsed.format, warnings: parsed.warnings });
    else sendResult(res, result);
  });

  return router;
}

function fileBytes(body: unknown): Uint8Array {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'IMPORT_INVALID', 'The request body must be the file (CSV or XLSX).');
  return new Uint8Array(body.buffer, body.byteOffset, body.length);
}
