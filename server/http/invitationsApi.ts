import express, { Router } from 'express';
import { z } from 'zod';
import { LIMITS, parseInvitationList } from '../../shared/import/index.js';
import { ALLOWED_ROLES } from '../../shared/meeting/permissions.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { CommandService } from '../commands/commandService.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { callerOf, requireIdentity } from './apiAuth.js';
import { roomOf, sendResult } from './conferencesApi.js';
import { HttpError, zodIssues } from './httpErrors.js';

// Import an invitation list (danh sách triệu tập): the file's bytes as the body (CSV or XLSX,
// sniffed from the content), parsed by shared/import, then one importInvitationList command.
// A file with row errors imports nothing and answers with every error and its line.

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
    const body: unknown = req.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(400, 'IMPORT_INVALID', 'The request body must be the file (CSV or XLSX).');
    const parsed = parseInvitationList(new Uint8Array(body.buffer, body.byteOffset, body.length), query.data.fileName);
    if (!parsed.ok) throw new HttpError(400, 'IMPORT_INVALID', 'The invitation list has errors; nothing was imported.', parsed.errors);
    const rows = parsed.rows.map((r) => ({ line: r.line, name: r.name, position: r.position, organisation: r.organisation, point: r.point }));
    const result = await options.commands.submit(room.conferenceId, { type: 'importInvitationList', mode: query.data.mode, rows }, callerOf(res));
    if (result.ok) res.json({ ...result, imported: rows.length, format: parsed.format, warnings: parsed.warnings });
    else sendResult(res, result);
  });

  return router;
}
