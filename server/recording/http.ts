import { Router } from 'express';
import type { Authenticator } from '../auth/authenticate.js';
import { requireIdentity } from '../http/apiAuth.js';
import { roomOf } from '../http/conferencesApi.js';
import { HttpError } from '../http/httpErrors.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { RecordingService } from './recording-service.js';

// GET /api/conferences/:conferenceId/recording — how much the recordings take, for the chair's
// and the organiser's consoles: this conference's bytes, every recording's bytes, the quota and
// the disk's free space. Chair and admin only (R-REC-1: they are the ones who start and stop).

export function recordingApi(options: { rooms: MeetingRooms; authenticator: Authenticator; recording: RecordingService | undefined }): Router {
  const router = Router();
  const allowed = requireIdentity(options.authenticator, { roles: ['admin', 'chair'] });
  router.get('/conferences/:conferenceId/recording', allowed, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    if (!options.recording) throw new HttpError(503, 'RECORDING_UNAVAILABLE', 'Máy chủ chạy không có phần ghi hình. / This server runs without media, so without recording.');
    const u = await options.recording.usage(room.conferenceId);
    res.json({
      conferenceId: room.conferenceId,
      conferenceBytes: u.conferenceBytes ?? 0,
      usedBytes: u.usedBytes,
      limitBytes: u.limitBytes,
      freeBytes: u.freeBytes,
      full: u.full,
      points: options.recording.recorders(room.conferenceId).map((r) => r.pointId),
    });
  });
  return router;
}
