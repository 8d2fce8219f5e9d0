import { Router, type Request, type Response } from 'express';
import { RECORDING_KEEPERS } from '../../shared/meeting/permissions.js';
import { IdSchema } from '../../shared/protocol/common.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import { servedHere, type AtTheWriter } from '../cluster/atTheWriter.js';
import { requireIdentity } from '../http/apiAuth.js';
import { roomOf } from '../http/conferencesApi.js';
import { HttpError } from '../http/httpErrors.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import type { EventStore } from '../store/EventStore.js';
import { PROGRAM_FILES } from './program-cut.js';
import { listPieces } from './program-sources.js';
import type { RecordingService } from './recording-service.js';

// Recording over HTTP, for the chair's and the organiser's consoles (chair and admin only: they
// are the ones who start and stop recording, R-REC-1). Refusals carry a code of the error
// catalogue (shared/protocol/recording-http.ts) and only facts (the run's id) as message:
//   GET  /api/conferences/:conferenceId/recording                        how much the recordings take
//   GET  /api/conferences/:conferenceId/recordings/:recordingId           its pieces: per point, in order
//   POST /api/conferences/:conferenceId/recordings/:recordingId/program  render the program cut (202)
//   GET  /api/conferences/:conferenceId/recordings/:recordingId/program  its state: none|rendering|done|failed
//   GET  …/program.mp4, …/program.edit-list.json                         the video and its edit list
// In cluster mode the recordings lie on the disk of the node that writes the conference: another
// node checks the caller and relays the request there (server/cluster/atTheWriter.ts).

export function recordingApi(options: { rooms: MeetingRooms; store: EventStore<MeetingEvent>; authenticator: Authenticator; recording: RecordingService | undefined; atTheWriter?: AtTheWriter | undefined }): Router {
  const router = Router();
  const elsewhere = options.atTheWriter ?? servedHere;
  const allowed = requireIdentity(options.authenticator, { roles: RECORDING_KEEPERS });
  const service = () => {
    if (!options.recording) throw new HttpError(503, 'RECORDING_UNAVAILABLE', '');
    return options.recording;
  };

  router.get('/conferences/:conferenceId/recording', allowed, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    if (await elsewhere(req, res, room)) return;
    const recording = service();
    const u = await recording.usage(room.conferenceId);
    res.json({
      conferenceId: room.conferenceId,
      conferenceBytes: u.conferenceBytes ?? 0,
      usedBytes: u.usedBytes,
      limitBytes: u.limitBytes,
      freeBytes: u.freeBytes,
      full: u.full,
      points: recording.recorders(room.conferenceId).map((r) => r.pointId),
    });
  });

  /** The run named in the path, as the log knows it: 404 when it never ran, 409 while it runs. */
  const runOf = (room: MeetingRoom, raw: unknown) => {
    const id = IdSchema.safeParse(raw);
    const run = id.success ? room.state.recordings.find((r) => r.id === id.data) : undefined;
    if (!run) throw new HttpError(404, 'UNKNOWN_RECORDING', typeof raw === 'string' ? raw.slice(0, 140) : '');
    return run;
  };

  // What the run holds on this (the writer's) disk: each point's pieces with their segments'
  // duration and bytes. After a change of writer it shows whether the old writer's part arrived.
  router.get('/conferences/:conferenceId/recordings/:recordingId', allowed, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    const run = runOf(room, req.params['recordingId']);
    if (await elsewhere(req, res, room)) return;
    const pieces = await listPieces(service().programs.runDir(room.conferenceId, run.id));
    res.json({ conferenceId: room.conferenceId, recordingId: run.id, startedAt: run.startedAt, stoppedAt: run.stoppedAt, pieces });
  });

  const programPath = '/conferences/:conferenceId/recordings/:recordingId/program';
  router.post(programPath, allowed, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    const run = runOf(room, req.params['recordingId']);
    if (run.stoppedAt === null) throw new HttpError(409, 'RECORDING_RUNNING', run.id);
    if (await elsewhere(req, res, room)) return;
    const stored = await room.serially(() => options.store.read(room.conferenceId, 0, room.seq));
    const started = service().programs.render(room.conferenceId, run.id, stored.map((s) => s.event));
    if (!started) throw new HttpError(409, 'RECORDING_RUNNING', run.id);
    res.status(202).json({ conferenceId: room.conferenceId, recordingId: run.id, state: 'rendering', shots: started.edl.shots.length, durationMs: started.edl.durationMs });
  });

  router.get(programPath, allowed, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    const run = runOf(room, req.params['recordingId']);
    if (await elsewhere(req, res, room)) return;
    res.json({ conferenceId: room.conferenceId, recordingId: run.id, ...(await service().programs.status(room.conferenceId, run.id)) });
  });

  const sendProgramFile = async (req: Request, res: Response, which: 'video' | 'editList') => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    const run = runOf(room, req.params['recordingId']);
    if (await elsewhere(req, res, room)) return;
    const programs = service().programs;
    if ((await programs.status(room.conferenceId, run.id)).state !== 'done') throw new HttpError(404, 'PROGRAM_NOT_RENDERED', run.id);
    res.setHeader('Content-Disposition', `attachment; filename="${room.conferenceId}-${run.id}-${PROGRAM_FILES[which]}"`);
    res.sendFile(programs.file(room.conferenceId, run.id, which));
  };
  router.get(`${programPath}.mp4`, allowed, (req, res) => sendProgramFile(req, res, 'video'));
  router.get(`${programPath}.edit-list.json`, allowed, (req, res) => sendProgramFile(req, res, 'editList'));
  return router;
}
