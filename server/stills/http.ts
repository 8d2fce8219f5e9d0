import express, { Router } from 'express';
import { ALLOWED_ROLES } from '../../shared/meeting/permissions.js';
import { stillFigureCaption, stillsInOrder } from '../../shared/meeting/selectors-stills.js';
import { IdSchema } from '../../shared/protocol/common.js';
import { SelectStillRequestSchema, TakeStillRequestSchema, type StillHttpErrorCode, type StillListItem } from '../../shared/protocol/stills-http.js';
import type { Authenticator } from '../auth/authenticate.js';
import { servedHere, type AtTheWriter } from '../cluster/atTheWriter.js';
import type { CommandService } from '../commands/commandService.js';
import { statusForCode } from '../http/ackStatus.js';
import { callerOf, identityOf, requireIdentity } from '../http/apiAuth.js';
import { parseBody, roomOf, sendResult } from '../http/conferencesApi.js';
import { HttpError } from '../http/httpErrors.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import { stateFor } from '../rooms/readView.js';
import type { StillFiles } from './still-files.js';
import type { StillService } from './still-service.js';

// Stills over HTTP, for the chair's and the clerk's consoles (R-STILL-1, R-STILL-4):
//   POST /api/conferences/:conferenceId/stills                    take one: { source: 'point', pointId } | { source: 'program' }
//   GET  /api/conferences/:conferenceId/stills                    the stills in the order taken, with the minutes' captions
//   GET  /api/conferences/:conferenceId/stills/:stillId.jpg       the picture
//   PUT  /api/conferences/:conferenceId/stills/:stillId           { inMinutes, caption? }: chosen for the minutes or not
// Who may take and choose is the core's table (ALLOWED_ROLES); who may see them is the core's read
// policy (stills are read like the notes, R-READ-7), applied through the one projection.
// In cluster mode stills are grabbed and kept by the node that writes the conference: another node
// checks the caller and relays the taking and the pictures there (server/cluster/atTheWriter.ts).

const STATUS: Record<StillHttpErrorCode, number> = { STILLS_UNAVAILABLE: 503, NO_VIDEO: 409, STILL_FAILED: 503 };

export function stillsApi(options: { rooms: MeetingRooms; authenticator: Authenticator; commands: CommandService; stills: StillService | undefined; files: StillFiles | undefined; atTheWriter?: AtTheWriter | undefined }): Router {
  const { rooms, authenticator, commands } = options;
  const elsewhere = options.atTheWriter ?? servedHere;
  const router = Router();
  const json = express.json({ limit: '4kb', strict: true });
  const member = requireIdentity(authenticator);
  const takers = requireIdentity(authenticator, { roles: ALLOWED_ROLES.recordStill });
  const choosers = requireIdentity(authenticator, { roles: ALLOWED_ROLES.selectStillForMinutes });

  router.post('/conferences/:conferenceId/stills', takers, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const request = parseBody(TakeStillRequestSchema, req.body);
    if (!options.stills) throw new HttpError(503, 'STILLS_UNAVAILABLE', '');
    if (await elsewhere(req, res, room)) return;
    const outcome = await options.stills.take(room, request, callerOf(res));
    if (outcome.ok) {
      res.status(201).json(outcome);
      return;
    }
    const code = outcome.code;
    const status = code in STATUS ? STATUS[code as StillHttpErrorCode] : statusForCode(code);
    res.status(status).json({ code, message: 'message' in outcome ? outcome.message : (outcome.pointId ?? '') });
  });

  router.get('/conferences/:conferenceId/stills', member, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const state = await room.serially(() => stateFor(room.state, identityOf(res).principal));
    const stills: StillListItem[] = stillsInOrder(state).map((s) => ({
      stillId: s.id,
      at: s.at,
      source: s.source,
      trigger: s.trigger,
      pointId: s.pointId,
      pointName: state.points[s.pointId]?.name ?? '',
      speechId: s.speechId,
      speakerName: s.speakerName,
      stepId: s.stepId,
      width: s.width,
      height: s.height,
      inMinutes: s.inMinutes,
      caption: s.caption,
      figureCaption: stillFigureCaption(state, s),
    }));
    res.json({ conferenceId: room.conferenceId, stills });
  });

  router.get('/conferences/:conferenceId/stills/:file', member, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const stillId = visibleStill(room, req.params['file'] as string, identityOf(res).principal, /\.jpg$/);
    if (await elsewhere(req, res, room)) return;
    if (!options.files || !(await options.files.exists(room.conferenceId, stillId))) throw new HttpError(404, 'UNKNOWN_STILL', stillId);
    res.setHeader('Content-Type', 'image/jpeg');
    res.sendFile(options.files.file(room.conferenceId, stillId));
  });

  router.put('/conferences/:conferenceId/stills/:stillId', choosers, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(SelectStillRequestSchema, req.body);
    const stillId = IdSchema.safeParse(req.params['stillId']);
    if (!stillId.success) throw new HttpError(404, 'UNKNOWN_STILL', '');
    const result = await commands.submit(room.conferenceId, { type: 'selectStillForMinutes', stillId: stillId.data, ...body }, callerOf(res));
    // A PUT states the wanted choice: already so is success.
    if (result.ok || result.code === 'NO_CHANGE') res.json({ conferenceId: room.conferenceId, stillId: stillId.data, inMinutes: body.inMinutes });
    else sendResult(res, result);
  });

  return router;
}

/** The still named by `raw` (its id and `suffix`) if the caller may read it; 404 otherwise, as for one never taken. */
function visibleStill(room: MeetingRoom, raw: string, principal: Parameters<typeof stateFor>[1], suffix: RegExp): string {
  const id = IdSchema.safeParse(raw.replace(suffix, ''));
  if (!suffix.test(raw) || !id.success) throw new HttpError(404, 'UNKNOWN_STILL', raw.slice(0, 140));
  if (!stateFor(room.state, principal).stills[id.data]) throw new HttpError(404, 'UNKNOWN_STILL', id.data);
  return id.data;
}
