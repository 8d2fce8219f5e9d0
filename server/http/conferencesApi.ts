import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { CreateConference, UpdateConference } from '../../shared/protocol/commands-setup.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { CommandService } from '../commands/commandService.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import type { RoomResult } from '../rooms/room.js';
import type { EventStore } from '../store/EventStore.js';
import { statusForCode } from './ackStatus.js';
import { projectStored, readerOf, stateFor } from '../rooms/readView.js';
import { callerOf, identityOf, requireIdentity } from './apiAuth.js';
import { HttpError, zodIssues } from './httpErrors.js';

// Conferences over HTTP, for setup tools and integrations: create and update (admin), any
// command (the same checks as a socket), the current state and the log from a seq.

export interface ConferencesApiOptions {
  readonly rooms: MeetingRooms;
  readonly store: EventStore<MeetingEvent>;
  readonly authenticator: Authenticator;
  readonly commands: CommandService;
}

/** Request bodies of this API: a command is a few KB at most. */
export const JSON_BODY_LIMIT = '64kb';

const CreateBody = CreateConference.omit({ type: true });
const UpdateBody = UpdateConference.omit({ type: true });
const EventsQuery = z.strictObject({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new HttpError(400, 'INVALID_COMMAND', 'The request body does not match the schema.', zodIssues(parsed.error.issues));
  return parsed.data;
}

export function roomOf(rooms: MeetingRooms, conferenceId: string): MeetingRoom {
  const room = rooms.get(conferenceId);
  if (room) return room;
  const failure = rooms.failure(conferenceId);
  if (failure !== undefined) throw new HttpError(503, 'UNAVAILABLE', `The conference cannot be opened: ${failure}`);
  throw new HttpError(404, 'UNKNOWN_CONFERENCE', 'No such conference on this server.');
}

export function sendResult(res: Response, result: RoomResult, okStatus = 200): void {
  if (result.ok) res.status(okStatus).json(result);
  else res.status(statusForCode(result.code)).json({ code: result.code, message: result.message });
}

export function conferencesApi(options: ConferencesApiOptions): Router {
  const { rooms, store, authenticator, commands } = options;
  const router = Router();
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });
  const serverAdmin = requireIdentity(authenticator, { serverLevel: true });
  const admin = requireIdentity(authenticator, { roles: ['admin'] });
  const member = requireIdentity(authenticator);

  // The list of conferences is organiserApi's (search, phases).
  router.post('/conferences', serverAdmin, json, async (req, res) => {
    const body = parseBody(CreateBody, req.body);
    const result = await commands.createConference(body, callerOf(res));
    if (result.ok) res.status(201).json({ ok: true, conferenceId: result.conferenceId, seq: result.seq });
    else res.status(statusForCode(result.code)).json({ code: result.code, message: result.message });
  });

  router.patch('/conferences/:conferenceId', admin, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(UpdateBody, req.body);
    sendResult(res, await commands.submit(room.conferenceId, { ...body, type: 'updateConference' }, callerOf(res)));
  });

  router.post('/conferences/:conferenceId/commands', member, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    sendResult(res, await commands.execute(room.conferenceId, req.body, callerOf(res)));
  });

  router.get('/conferences/:conferenceId/state', member, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const { principal } = identityOf(res);
    // Read inside the queue: the state and its seq belong together. The caller sees what its
    // role may read of it (readView.ts, R-READ-2/3).
    const snapshot = await room.serially(() => ({ seq: room.seq, state: stateFor(room.state, principal) }));
    res.json({ conferenceId: room.conferenceId, ...snapshot });
  });

  router.get('/conferences/:conferenceId/events', member, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const query = EventsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'MALFORMED', 'Query: after (seq >= 0), limit (1..5000).', zodIssues(query.error.issues));
    const { principal } = identityOf(res);
    const headSeq = room.seq;
    const stored = query.data.after < headSeq ? await store.read(room.conferenceId, query.data.after, Math.min(query.data.limit, headSeq - query.data.after)) : [];
    // The same projection as the socket's catch-up: what the caller may not read is a withheld seq.
    const { events, withheld } = await room.serially(() => projectStored(room.state, readerOf(room.state, principal).scope, stored));
    res.json({ conferenceId: room.conferenceId, headSeq, reset: query.data.after > headSeq, events, ...(withheld.length > 0 ? { withheld } : {}) });
  });

  return router;
}
