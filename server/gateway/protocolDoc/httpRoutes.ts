import { ALLOWED_ROLES, RECORDING_KEEPERS, REPORT_EXPORTERS } from '../../../shared/meeting/permissions.js';

// The HTTP API as PROTOCOL.md lists it. protocolDoc.test.ts compares this table with the routes the
// express routers really register, so a route cannot be added, moved or dropped without the doc.

export interface HttpRouteDoc {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  readonly path: string;
  readonly who: string;
  readonly body: string;
  readonly answer: string;
}

export const HTTP_ROUTES: readonly HttpRouteDoc[] = [
  { method: 'GET', path: '/healthz', who: 'anyone', body: '—', answer: '200 `{ status: "ok" }` while the process answers' },
  { method: 'GET', path: '/readyz', who: 'anyone', body: '—', answer: '200 `{ status: "ready", checks: { store: true, media: true, … }, down: {} }`; 503 `{ status: "not-ready", checks, down: { <check>: reason } }` when a check fails or does not answer within 2 s: the event log does not answer a read, a media worker is dead (until replaced) or does not answer, or a check registered in cluster mode (Redis, PostgreSQL) fails' },
  { method: 'GET', path: '/metrics', who: 'anyone: per-node totals; with `Authorization: Bearer` HOINGHI_METRICS_TOKEN or a server-admin token: per-conference series too', body: '—', answer: 'Prometheus text (prom-client): default `process_*`/`nodejs_*` metrics, `hoinghi_*` room and media metrics, `hoinghi_conference_*`/`hoinghi_point_*` only when authenticated (docs/MONITORING.md); 401/403 `{ code, message }` for any other token' },
  { method: 'GET', path: '/api/cluster/placement', who: 'anyone (a join token optional)', body: '`Authorization: Bearer <join token>` (optional: placed by the region of its point\'s record, R-SETUP-10, its link as tie-break); query `region` (optional, 1-64 letters, digits, `.`, `_`, `-`: the join link\'s `?region=`, used only where the point\'s record has none)', answer: '200 `{ nodes: [{ url, region }] }`: the live nodes, most preferred first (room, region, load: server/cluster/placement.ts), as the socket\'s `nodes` notice; `{ nodes: [] }` on a single node (stay here); 400 `BAD_REQUEST`; a refused token as on every route (401, 403, 429)' },
  { method: 'GET', path: '/api/whoami', who: 'any valid token', body: '—', answer: '200 `{ serverAdmin, conferenceId (null for a server-admin token), role, pointId?, expiresAt }`' },
  { method: 'GET', path: '/api/conferences', who: 'server admin', body: 'query `q` (title words, diacritics and case ignored), `from`, `to` (YYYY-MM-DD), `phase` = upcoming \\| inProgress \\| ended', answer: '200 `{ conferences: [{ conferenceId, title, kind, date, startTime, timeZone, venue, status, phase, points, seq }] }`, newest date first' },
  { method: 'POST', path: '/api/conferences/:conferenceId/copy', who: 'server admin', body: '`{ title, date, startTime?, id?, invitationList? (default true) }`', answer: '201 `{ ok, conferenceId, seq, copied: { points, organisations, panel, agenda, attendees } }`; made of core commands (R-ORG-9)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/line-test', who: 'admin', body: '—', answer: '200 `{ conferenceId, seq, rows }` (`lineTestBoard`, R-ORG-7)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/events.jsonl', who: 'admin', body: '—', answer: '200 the whole log, one `{ seq, event }` a line (`application/x-ndjson`, attachment)' },
  { method: 'POST', path: '/api/conferences/:conferenceId/close', who: 'admin', body: '—', answer: '200 `{ ok, seq, revokedLinks }`: closed for good (from adjourned), every non-admin link revoked' },
  { method: 'POST', path: '/api/conferences', who: 'server admin', body: 'the `createConference` fields without `type` (`id` optional: generated)', answer: '201 `{ ok: true, conferenceId, seq }`' },
  { method: 'PATCH', path: '/api/conferences/:conferenceId', who: 'admin', body: 'the `updateConference` fields without `type`', answer: '200 ack' },
  { method: 'POST', path: '/api/conferences/:conferenceId/commands', who: 'any role but observer (the core decides)', body: '`{ command }`, exactly as on the socket', answer: '200 ack; a refusal as `{ code, message }` with its status' },
  { method: 'GET', path: '/api/conferences/:conferenceId/state', who: 'any role of the conference', body: '—', answer: '200 `{ conferenceId, seq, state }` (the state at that seq, as the caller\'s role may read it: SPEC.md R-READ)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/events', who: 'any role of the conference', body: 'query `after` (seq, default 0), `limit` (1..5000, default 1000)', answer: '200 `{ conferenceId, headSeq, reset, events: [{ seq, event }], withheld?: [seq] }` (projected for the caller\'s role like the socket\'s catch-up, R-READ-4)' },
  { method: 'POST', path: '/api/conferences/:conferenceId/invitations', who: ALLOWED_ROLES.importInvitationList.join(', '), body: 'the file itself (CSV or XLSX, ≤ 5 MB); query `mode` = replace \\| append, `fileName`', answer: '200 `{ ok, seq, imported, format, warnings }`; 400 `IMPORT_INVALID` with `details` (every bad line)' },
  { method: 'POST', path: '/api/conferences/:conferenceId/points/import', who: ALLOWED_ROLES.addPoints.join(', '), body: 'the file itself (CSV or XLSX, ≤ 5 MB; a “Tên điểm cầu” column, optional “Loại”, “Liên hệ”, “Điện thoại”); query `kind` (for rows that give none; default commune), `fileName`', answer: '200 `{ ok, seq, imported, format, warnings }` (one `addPoints`); 400 `IMPORT_INVALID` with `details` (every bad line)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/reports/:file', who: `${REPORT_EXPORTERS.join(', ')}; an observer while allowed (R-REPORT-2)`, body: '`:file` = `attendance.csv` \\| `attendance.xlsx` \\| `attendance.pdf` \\| `minutes.pdf` \\| `minutes.docx` \\| `minutes.md`; query `view` (attendees \\| totals \\| presence), `delimiter` (comma \\| semicolon), `seq` (the log up to it)', answer: '200 the file (`Content-Disposition` with its Vietnamese name, `X-Report-Seq`); 400 `REPORT_SEQ_OUT_OF_RANGE`, 503 `REPORT_TIMEOUT`' },
  { method: 'GET', path: '/api/conferences/:conferenceId/reports/observer-access', who: ALLOWED_ROLES.setObserverExport.join(', '), body: '—', answer: '200 `{ conferenceId, allowed }`' },
  { method: 'PUT', path: '/api/conferences/:conferenceId/reports/observer-access', who: ALLOWED_ROLES.setObserverExport.join(', '), body: '`{ allowed: boolean }` (the `setObserverExport` command, R-REPORT-1)', answer: '200 `{ conferenceId, allowed }`' },
  { method: 'GET', path: '/api/conferences/:conferenceId/links', who: 'admin', body: '—', answer: '200 `{ links: [JoinLink & { url, live, opens, firstOpenedAt, lastOpenedAt }] }`' },
  { method: 'GET', path: '/api/conferences/:conferenceId/documents/connection-sheets.pdf', who: 'admin', body: 'query `points` (comma-separated ids; default every point but the central one)', answer: '200 PDF, one A4 page per point with its link and QR code; 409 `POINTS_WITHOUT_LINK` (`details`: the point ids)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/documents/invitation.docx', who: 'admin', body: 'query `number` (số văn bản), `signDate` (YYYY-MM-DD)', answer: '200 DOCX: the giấy mời draft in the administrative form' },
  { method: 'POST', path: '/api/conferences/:conferenceId/links/points', who: 'admin', body: '`{ ttlHours? }`', answer: '201 `{ issued: [link] }`: a point link for every point without a live one' },
  { method: 'POST', path: '/api/conferences/:conferenceId/links', who: 'admin', body: '`{ role, pointId? (role point only), label?, ttlHours? (default 720), secondDevice?: "takeover" \\| "standby" }`', answer: '201 `{ link: JoinLink & { url } }`' },
  { method: 'POST', path: '/api/conferences/:conferenceId/links/:linkId/revoke', who: 'admin (not its own link)', body: '`{ reissue?: boolean, ttlHours? }`', answer: '200 `{ revoked, reissued? }`; live sockets of the link get `sessionEnded` at once' },
  { method: 'GET', path: '/api/conferences/:conferenceId/recording', who: RECORDING_KEEPERS.join(', '), body: '—', answer: '200 `{ conferenceId, conferenceBytes, usedBytes, limitBytes, freeBytes, full, points }` (recordings on disk; `points` recording now); 503 `RECORDING_UNAVAILABLE` without media' },
  { method: 'POST', path: '/api/conferences/:conferenceId/recordings/:recordingId/program', who: RECORDING_KEEPERS.join(', '), body: '—', answer: '202 `{ conferenceId, recordingId, state: "rendering", shots, durationMs }` (the edit list is decided from the log and written; the render runs on); 404 `UNKNOWN_RECORDING`; 409 `RECORDING_RUNNING` until the run stops' },
  { method: 'GET', path: '/api/conferences/:conferenceId/recordings/:recordingId/program', who: RECORDING_KEEPERS.join(', '), body: '—', answer: '200 `{ conferenceId, recordingId, state: "none" \\| "rendering" \\| "done" \\| "failed", … }` (done: `renderMs, durationMs, bytes, shots`; failed: `error`)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/recordings/:recordingId/program.mp4', who: RECORDING_KEEPERS.join(', '), body: '—', answer: '200 the program cut, MP4 (H.264 + AAC, 1280×720), byte ranges served; 404 `PROGRAM_NOT_RENDERED`' },
  { method: 'GET', path: '/api/conferences/:conferenceId/recordings/:recordingId/program.edit-list.json', who: RECORDING_KEEPERS.join(', '), body: '—', answer: '200 the edit decision list the cut was rendered from (docs/RECORDING.md); 404 `PROGRAM_NOT_RENDERED`' },
  { method: 'GET', path: '/api/conferences/:conferenceId/live-push', who: ALLOWED_ROLES.startLiveStream.join(', '), body: '—', answer: '200 `{ conferenceId, target, push, failures }`: the live program\'s RTMP push on this node (docs/LIVE.md); `target` the configured address without its stream key (null: HLS only); `push` null while no run goes on, else `{ state: "starting" \\| "pushing" \\| "retrying", attempt, forMs?, retryInMs?, error? (retrying: ffmpeg\'s last line, no stream key), lastError? }`; `failures` attempts failed in this run' },
  { method: 'POST', path: '/api/conferences/:conferenceId/stills', who: ALLOWED_ROLES.recordStill.filter((r) => r !== 'system').join(', '), body: '`{ source: "point", pointId }` \\| `{ source: "program" }` (the picture the presiding layout shows large)', answer: '201 `{ ok, stillId, pointId, seq }`: one frame grabbed from the SFU as a JPEG, recorded by `recordStill` (R-STILL-1); 404 `UNKNOWN_POINT`; 409 `NO_VIDEO` (no camera from that point); 503 `STILL_FAILED` (no frame in time), `STILLS_UNAVAILABLE` (no media); nothing is recorded or kept when refused' },
  { method: 'GET', path: '/api/conferences/:conferenceId/stills', who: 'any role of the conference (a role that may not read the notes gets an empty list, R-READ-7)', body: '—', answer: '200 `{ conferenceId, stills: [{ stillId, at, source, trigger, pointId, pointName, speechId, speakerName, stepId, width, height, inMinutes, caption, figureCaption }] }` in the order taken; `figureCaption` is the minutes\' "Ảnh: …" (R-STILL-5)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/stills/:file', who: 'as the list', body: '—', answer: '200 `<stillId>.jpg` (`image/jpeg`); 404 `UNKNOWN_STILL` for a still the caller may not read' },
  { method: 'PUT', path: '/api/conferences/:conferenceId/stills/:stillId', who: ALLOWED_ROLES.selectStillForMinutes.join(', '), body: '`{ inMinutes, caption? }` (caption 1-300 characters; absent keeps the one given)', answer: '200 `{ conferenceId, stillId, inMinutes }` (`selectStillForMinutes`, R-STILL-4; the same choice again is success); 404 `UNKNOWN_STILL`' },
  { method: 'GET', path: '/api/conferences/:conferenceId/live/:file', who: 'every role that reads the meeting (R-READ: observers and the press included)', body: '`:file` = `index.m3u8` \\| `seg-NNNNN.ts`', answer: '200 the live program\'s HLS playlist (`application/vnd.apple.mpegurl`) or one MPEG-TS segment (H.264 + AAC) while a run goes on (docs/LIVE.md); 404 `LIVE_STREAM_OFF`, `LIVE_NOT_READY` (a segment not there yet or any more), `NOT_FOUND` (any other file)' },
  { method: 'GET', path: '/api/conferences/:conferenceId/watch-links', who: 'admin, chair', body: '—', answer: '200 `{ links: [WatchLink & { url, page, live }] }` (`url`: `<public address>/live/<token>/index.m3u8` for a player, `page`: `<public address>/live/<token>/` for a browser)' },
  { method: 'POST', path: '/api/conferences/:conferenceId/watch-links', who: 'admin, chair', body: '`{ label?, ttlHours? (1-720, default 24) }`', answer: '201 `{ link: WatchLink & { url, page, live } }`: a read-only address of this conference\'s live stream for a player that cannot send headers' },
  { method: 'POST', path: '/api/conferences/:conferenceId/watch-links/:linkId/revoke', who: 'admin, chair', body: '—', answer: '200 `{ revoked }`: refused from the next request of any player holding it; 404 `UNKNOWN_LINK`' },
  { method: 'GET', path: '/live/:token', who: 'anyone (the page itself carries nothing; it checks its link with watch.json)', body: '—', answer: '200 the watch page (`text/html`, the same for every token) at `/live/<token>/`, which plays the stream in a browser (docs/LIVE.md); without the trailing slash 301 to it' },
  { method: 'GET', path: '/live/:token/watch.json', who: 'anyone holding a live watch link', body: '—', answer: '200 `{ conference: { title, organiser, date, venue }, live, startedAt }` (shared/protocol/watch.ts), `Cache-Control: no-store`; refusals as `/live/:token/:file` (401 `TOKEN_*`, 429 `RATE_LIMITED`)' },
  { method: 'GET', path: '/live/:token/:file', who: 'anyone holding a live watch link (the token is the credential)', body: '`:file` = `index.m3u8` \\| `seg-NNNNN.ts` (relative to the playlist)', answer: 'as `/api/conferences/:conferenceId/live/:file` for the link\'s conference, with `Access-Control-Allow-Origin: *`; 401 `TOKEN_MALFORMED` \\| `TOKEN_SIGNATURE` \\| `TOKEN_EXPIRED` \\| `TOKEN_UNKNOWN` \\| `TOKEN_REVOKED` (attempts limited like refused joins: 429 `RATE_LIMITED` with `Retry-After`); 404 `LIVE_STREAM_OFF`, `LIVE_NOT_READY`, `NOT_FOUND`' },
];

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** "METHOD path" for every route an express Router registers (prefix: where it is mounted). */
export function routesOf(router: { stack: unknown[] }, prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of router.stack as Layer[]) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    }
  }
  return out;
}
