import { Router, type Request, type Response } from 'express';
import type { WireErrorCode } from '../../shared/terms/errors.js';
import { readScopeOf } from '../../shared/meeting/read-policy.js';
import { currentLiveStream } from '../../shared/meeting/selectors-recording.js';
import type { Authenticator } from '../auth/authenticate.js';
import { servedHere, type AtTheWriter } from '../cluster/atTheWriter.js';
import { identityOf, requireIdentity } from '../http/apiAuth.js';
import { roomOf } from '../http/conferencesApi.js';
import { HttpError } from '../http/httpErrors.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import type { LiveStreamService } from './live-stream-service.js';
import { HLS_PLAYLIST } from './program-mixer.js';

// The live program as HLS, for observers and the press without WebRTC:
//   GET /api/conferences/:conferenceId/live/index.m3u8     the playlist (segments relative to it)
//   GET /api/conferences/:conferenceId/live/seg-NNNNN.ts   one segment
// Who may watch is the read policy's (R-READ): the program is the public meeting, so every role
// that reads the `meeting` part of this conference — the press and observers included — with its
// join token as a bearer token. Served only while a live stream run goes on (R-LIVE-1).
// A player that cannot send headers uses a watch link instead (watch-http.ts), served by sendLiveFile too.
// In cluster mode the program is mixed by the node that writes the conference and its HLS lies on
// that node's disk: another node checks the caller and relays the request (server/cluster/atTheWriter.ts).

const SEGMENT = /^seg-[0-9]{5}\.ts$/;

/** The playlist or one segment of a conference's live program; nothing else of its folder, and only while a run goes on. */
export async function sendLiveFile(req: Request, res: Response, live: LiveStreamService | undefined, room: MeetingRoom, file: string, elsewhere: AtTheWriter = servedHere): Promise<void> {
  if (file !== HLS_PLAYLIST && !SEGMENT.test(file)) throw new HttpError(404, 'NOT_FOUND', 'only index.m3u8 and seg-NNNNN.ts');
  if (!live || !currentLiveStream(room.state)) throw new HttpError(404, 'LIVE_STREAM_OFF', '');
  if (await elsewhere(req, res, room)) return;
  res.setHeader('Cache-Control', file === HLS_PLAYLIST ? 'no-cache' : 'max-age=60');
  res.type(file === HLS_PLAYLIST ? 'application/vnd.apple.mpegurl' : 'video/mp2t');
  res.sendFile(file, { root: live.hlsDir(room.conferenceId) }, (err) => {
    if (err && !res.headersSent) res.status(404).json({ code: 'LIVE_NOT_READY' satisfies WireErrorCode, message: file });
  });
}

export function liveStreamApi(options: { rooms: MeetingRooms; authenticator: Authenticator; live: LiveStreamService | undefined; atTheWriter?: AtTheWriter | undefined }): Router {
  const router = Router();
  const authenticated = requireIdentity(options.authenticator);

  router.get('/conferences/:conferenceId/live/:file', authenticated, async (req, res) => {
    const room = roomOf(options.rooms, req.params['conferenceId'] as string);
    if (readScopeOf(room.state, identityOf(res).principal).parts.meeting === 'none') throw new HttpError(403, 'FORBIDDEN', `role ${identityOf(res).principal.role}`);
    await sendLiveFile(req, res, options.live, room, req.params['file'] as string, options.atTheWriter);
  });
  return router;
}
