import express, { Router } from 'express';
import { z } from 'zod';
import { copyConferenceCommands } from '../../shared/meeting/copy-conference.js';
import { lineTestBoard, phaseOfStatus } from '../../shared/meeting/selectors-organiser.js';
import { fold } from '../../shared/import/text.js';
import { DateSchema, IdSchema, TimeOfDaySchema, TitleSchema, type Command, type MeetingEvent } from '../../shared/protocol/index.js';
import { ANY_CONFERENCE } from '../auth/joinToken.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { CommandService } from '../commands/commandService.js';
import { newConferenceId } from '../rooms/createConference.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { EventStore } from '../store/EventStore.js';
import { statusForCode } from './ackStatus.js';
import { projectStored, readerOf } from '../rooms/readView.js';
import { callerOf, identityOf, requireIdentity } from './apiAuth.js';
import { JSON_BODY_LIMIT, parseBody, roomOf } from './conferencesApi.js';
import { HttpError, zodIssues } from './httpErrors.js';
import { contentDisposition } from '../reports/filename.js';

// The organiser's routes (docs/ORGANISER-API.md): who a token is, the server's conference list
// with search, a conference copied from an earlier one, the line-test board, the whole log as
// JSON lines, and closing a conference for good. Every change goes through the command service.

export interface OrganiserApiOptions {
  readonly rooms: MeetingRooms;
  readonly store: EventStore<MeetingEvent>;
  readonly authenticator: Authenticator;
  readonly commands: CommandService;
  readonly links: LinkRegistry;
}

const ListQuery = z.strictObject({
  q: z.string().max(200).optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  phase: z.enum(['upcoming', 'inProgress', 'ended']).optional(),
});

const CopyBody = z.strictObject({
  id: IdSchema.optional(),
  title: TitleSchema,
  date: DateSchema,
  startTime: TimeOfDaySchema.optional(),
  invitationList: z.boolean().default(true),
});

const LOG_PAGE = 2000;

export function organiserApi(options: OrganiserApiOptions): Router {
  const { rooms, store, authenticator, commands, links } = options;
  const router = Router();
  const json = express.json({ limit: JSON_BODY_LIMIT, strict: true });
  const anyToken = requireIdentity(authenticator, { eitherLevel: true });
  const serverAdmin = requireIdentity(authenticator, { serverLevel: true });
  const admin = requireIdentity(authenticator, { roles: ['admin'] });

  router.get('/whoami', anyToken, (_req, res) => {
    const { conferenceId, principal, serverAdmin: isServerAdmin, link } = identityOf(res);
    res.json({
      serverAdmin: isServerAdmin,
      conferenceId: conferenceId === ANY_CONFERENCE ? null : conferenceId,
      role: principal.role,
      ...(principal.pointId !== undefined ? { pointId: principal.pointId } : {}),
      expiresAt: link.expiresAt,
    });
  });

  // Registered before conferencesApi's plain list, so the list answers with search and phases.
  router.get('/conferences', serverAdmin, (req, res) => {
    const query = ListQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'MALFORMED', 'Query: q (text), from, to (YYYY-MM-DD), phase (upcoming|inProgress|ended).', zodIssues(query.error.issues));
    const { q, from, to, phase } = query.data;
    const words = q ? fold(q).split(' ').filter(Boolean) : [];
    const list = rooms.list().flatMap((room) => {
      const c = room.state.conference;
      if (!c) return [];
      const summary = {
        conferenceId: room.conferenceId,
        title: c.title,
        kind: c.kind,
        date: c.date,
        startTime: c.startTime,
        timeZone: c.timeZone,
        venue: c.venue,
        status: c.status,
        phase: phaseOfStatus(c.status),
        points: room.state.pointOrder.length,
        seq: room.seq,
      };
      const title = fold(c.title);
      if (words.some((w) => !title.includes(w))) return [];
      if ((from && c.date < from) || (to && c.date > to) || (phase && summary.phase !== phase)) return [];
      return [summary];
    });
    list.sort((a, b) => (a.date === b.date ? (b.startTime ?? '').localeCompare(a.startTime ?? '') : b.date.localeCompare(a.date)));
    res.json({ conferences: list });
  });

  router.post('/conferences/:conferenceId/copy', serverAdmin, json, async (req, res) => {
    const source = roomOf(rooms, req.params['conferenceId'] as string);
    const body = parseBody(CopyBody, req.body);
    const state = await source.serially(() => source.state);
    const targetId = body.id ?? newConferenceId();
    const [create, ...rest] = copyConferenceCommands(state, { id: targetId, title: body.title, date: body.date, startTime: body.startTime }, { invitationList: body.invitationList });
    if (!create || create.type !== 'createConference') throw new HttpError(409, 'NO_CONFERENCE', 'The source conference has no record to copy.');
    const caller = callerOf(res);
    const { type: _t, ...input } = create;
    const created = await commands.createConference(input, caller);
    if (!created.ok) return void res.status(statusForCode(created.code)).json({ code: created.code, message: created.message });
    let seq = created.seq;
    for (const command of rest as Command[]) {
      const ack = await commands.submit(targetId, command, caller);
      // A fresh log takes every setup command of a valid record; a refusal here is a bug, said as it is.
      if (!ack.ok) throw new HttpError(500, 'COPY_FAILED', `Copying stopped at ${command.type}: ${ack.code} ${ack.message}`);
      seq = ack.seq;
    }
    const copy = rooms.get(targetId)?.state;
    res.status(201).json({
      ok: true,
      conferenceId: targetId,
      seq,
      copied: {
        points: copy?.pointOrder.length ?? 0,
        organisations: copy?.organisationOrder.length ?? 0,
        panel: copy?.panelOrder.length ?? 0,
        agenda: copy?.agenda.order.length ?? 0,
        attendees: copy?.attendeeOrder.length ?? 0,
      },
    });
  });

  router.get('/conferences/:conferenceId/line-test', admin, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const { seq, rows } = await room.serially(() => ({ seq: room.seq, rows: lineTestBoard(room.state, Date.now()) }));
    res.json({ conferenceId: room.conferenceId, seq, rows });
  });

  router.get('/conferences/:conferenceId/events.jsonl', admin, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const { principal } = identityOf(res);
    const head = room.seq;
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(`nhat-ky-${room.conferenceId}.jsonl`));
    // Page by page up to the head seen at the start: a long log never sits in memory whole.
    for (let after = 0; after < head; ) {
      const page = await store.read(room.conferenceId, after, Math.min(LOG_PAGE, head - after));
      if (page.length === 0) break;
      // Admin-only today; still the one projection, so the route can never give more than its reader may read.
      const { events, withheld } = projectStored(room.state, readerOf(room.state, principal).scope, page);
      const lines = [...events.map((e) => ({ seq: e.seq, event: e.event })), ...withheld.map((seq) => ({ seq, withheld: true }))].sort((a, b) => a.seq - b.seq);
      res.write(lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
      after = page[page.length - 1]!.seq;
    }
    res.end();
  });

  router.post('/conferences/:conferenceId/close', admin, json, async (req, res) => {
    const room = roomOf(rooms, req.params['conferenceId'] as string);
    const ack = await commands.submit(room.conferenceId, { type: 'setConferenceStatus', status: 'closed' }, callerOf(res));
    if (!ack.ok) return void res.status(statusForCode(ack.code)).json({ code: ack.code, message: ack.message });
    // Closed for good: every link but the office's own admin links stops working (the archive stays readable).
    const revoked: string[] = [];
    for (const link of await links.list(room.conferenceId)) {
      if (link.role === 'admin' || link.revokedAt !== null) continue;
      if (await links.revoke(room.conferenceId, link.id)) revoked.push(link.id);
    }
    res.json({ ok: true, seq: ack.seq, revokedLinks: revoked.length });
  });

  return router;
}
