import { Router } from 'express';
import { ALLOWED_ROLES } from '../../shared/meeting/permissions.js';
import type { LivePush } from '../../shared/protocol/live-push.js';
import type { Authenticator } from '../auth/authenticate.js';
import { servedHere, type AtTheWriter } from '../cluster/atTheWriter.js';
import { requireIdentity } from '../http/apiAuth.js';
import { roomOf } from '../http/conferencesApi.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { LiveStreamService } from './live-stream-service.js';

// The live program's RTMP push for the ones who start and stop the live stream (chair, admin:
// R-LIVE-1), read by their consoles every few seconds while a run goes on:
//   GET /api/conferences/:conferenceId/live-push   { conferenceId, target, push, failures }
// `push` is null while no run goes on here or with no RTMP address; the target never shows the
// stream key, nor does ffmpeg's error line (rtmp-pusher.ts). In cluster mode the push runs on the
// node that writes the conference: another node relays the question there (atTheWriter.ts).

const LIVE_KEEPERS = ALLOWED_ROLES.startLiveStream;

export function livePushApi(options: { rooms: MeetingRooms; authenticator: Authenticator; live: LiveStreamService | undefined; atTheWriter?: AtTheWriter | undefined }): Router {
  const router = Router();
  const elsewhere = options.atTheWriter ?? servedHere;
  router.get('/conferences/:conferenceId/live-push', requireIdentity(options.authenticator, { roles: LIVE_KEEPERS }), async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    if (await elsewhere(req, res, room)) return;
    const body: LivePush = options.live?.push(room.conferenceId) ?? { conferenceId: room.conferenceId, target: null, push: null, failures: 0 };
    res.json(body);
  });
  return router;
}
