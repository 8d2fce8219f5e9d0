import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { IdSchema } from '../../shared/protocol/common.js';
import type { Logger } from '../log/logger.js';
import type { RecordingService } from '../recording/recording-service.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { checkSignature, SeenSignatures, SIGNATURE_HEADER } from './nodeSigning.js';

// The writer's end of gathering the record (docs/CLUSTER.md, "The record across a change of
// writer"): a node that recorded part of a run while it wrote the conference sends each file of
// that part here, one file per request, once another node writes the conference. The body is the
// file's bytes; what it is (conference, run, point, file name, size, SHA-256) goes in a header,
// and that header is what the node signs: the signature covers the bytes through their hash, so
// a large body need not be held in memory to be checked.
// What makes it lose nothing and store nothing twice:
//   - the bytes go to a temp file under <recordings>/.incoming, fsync'd, and are checked against
//     the signed size and hash before they come near the run's folder: an upload cut off half way
//     is refused and removed, never put in place;
//   - a checked file is put in place with link(2), which never replaces a file: a file already
//     there with the same hash is the same part sent twice (answered "already"), one with another
//     hash is a conflict (409, the sender keeps its copy);
//   - the folder is fsync'd before the answer, so the sender deletes its copy only once the file
//     is on this node's disk for good.

export const RECORD_PARTS_PATH = '/internal/cluster/record-parts';
/** what the file is, as base64url of its JSON; signed as it is sent */
export const PART_HEADER = 'x-hoinghi-record-part';
/** A segment is a few seconds of one point's camera and microphone (a few MB at most); far above it is not one. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
/** where uploads are written until checked; emptied when the node starts (nothing is in flight then) */
export const INCOMING_DIR = '.incoming';

/** The files of one recorder's run in a point's folder (point-recorder.ts), and nothing else: no path, no dot file. */
export const PART_FILE = /^[0-9]{1,16}(?:-[0-9]{5,9}\.webm|\.sdp|-segments\.csv|\.json)$/;

export const RecordPartSchema = z.strictObject({
  conferenceId: IdSchema,
  recordingId: IdSchema,
  pointId: IdSchema,
  file: z.string().max(64).regex(PART_FILE),
  bytes: z.number().int().nonnegative().max(MAX_PART_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** random per request: a file sent again is a new request, never a replayed one */
  nonce: z.string().regex(/^[0-9a-f]{16,64}$/),
  /** the sending node's URL, for the logs */
  from: z.string().max(300),
});
export type RecordPart = z.infer<typeof RecordPartSchema>;

export type PartRefusal = 'FORBIDDEN' | 'REPLAYED' | 'MALFORMED' | 'INCOMPLETE' | 'NOT_WRITER' | 'UNKNOWN_RECORDING' | 'CONFLICT' | 'STORAGE_FULL' | 'RECORDING_UNAVAILABLE';
const STATUS: Record<PartRefusal, number> = {
  FORBIDDEN: 403,
  REPLAYED: 409,
  MALFORMED: 400,
  INCOMPLETE: 400,
  NOT_WRITER: 409,
  UNKNOWN_RECORDING: 404,
  CONFLICT: 409,
  STORAGE_FULL: 507,
  RECORDING_UNAVAILABLE: 503,
};

class Refused extends Error {
  constructor(
    readonly code: PartRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface RecordPartsRouteOptions {
  readonly key: Buffer;
  readonly rooms: MeetingRooms;
  /** this node's recorder (its storage and program cuts); undefined until the cluster attaches it, or without media */
  readonly recording: () => RecordingService | undefined;
  readonly logger: Logger;
  readonly now?: () => number;
}

export function recordPartsRoute(options: RecordPartsRouteOptions): Router {
  const router = express.Router();
  const seen = new SeenSignatures();
  router.post(RECORD_PARTS_PATH, (req, res) => {
    receive(req, options, seen).then(
      (stored) => res.json({ ok: true, stored }),
      (err: unknown) => {
        const e = err instanceof Refused ? err : new Refused('RECORDING_UNAVAILABLE', (err as Error).message.slice(0, 200));
        options.logger.warn({ code: e.code, reason: e.message, from: req.socket.remoteAddress }, 'a part of a recording from another node refused');
        // The rest of a refused body is not read: the connection is closed rather than drained.
        res.setHeader('connection', 'close');
        res.status(STATUS[e.code]).json({ ok: false, code: e.code, message: e.message });
      },
    );
  });
  return router;
}

async function receive(req: Request, options: RecordPartsRouteOptions, seen: SeenSignatures): Promise<'new' | 'already'> {
  const header = req.get(PART_HEADER) ?? '';
  const signature = req.get(SIGNATURE_HEADER);
  const at = (options.now ?? Date.now)();
  if (header.length > 4096) throw new Refused('MALFORMED', 'part header too long');
  const bad = checkSignature(options.key, signature, header, at);
  if (bad) throw new Refused('FORBIDDEN', bad);
  if (!seen.firstTime(signature!, at)) throw new Refused('REPLAYED', 'this signed part was received already');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    throw new Refused('MALFORMED', 'part header is not JSON');
  }
  const parsed = RecordPartSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Refused('MALFORMED', `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 300));
  }
  const part = parsed.data;
  // A chunked body (no length) or one that says another size is refused before a byte is read.
  if (req.get('content-length') !== String(part.bytes)) throw new Refused('MALFORMED', 'content-length must be the part’s size');
  const recording = options.recording();
  if (!recording) throw new Refused('RECORDING_UNAVAILABLE', 'this node does not record');
  const room = options.rooms.get(part.conferenceId);
  // Only the writer gathers: a node that lost the lease meanwhile says so, and the sender tries the new one.
  if (!room?.writable) throw new Refused('NOT_WRITER', 'this node does not write the conference');
  if (!room.state.recordings.some((r) => r.id === part.recordingId)) throw new Refused('UNKNOWN_RECORDING', part.recordingId);
  const storage = recording.storage;
  const dir = storage.pointDir(part.conferenceId, part.recordingId, part.pointId);
  const target = path.join(dir, part.file);
  // The ids and the name are checked above; this keeps the file inside the recordings whatever they were.
  if (path.dirname(target) !== dir || !path.resolve(dir).startsWith(path.resolve(storage.limits.root) + path.sep)) throw new Refused('MALFORMED', 'path outside the recordings');
  if ((await storage.usage()).full) throw new Refused('STORAGE_FULL', 'the recordings storage of the writer is full');

  const incoming = path.join(storage.limits.root, INCOMING_DIR);
  await mkdir(incoming, { recursive: true });
  const temp = path.join(incoming, `${randomBytes(12).toString('hex')}.part`);
  try {
    const hash = createHash('sha256');
    let received = 0;
    const file = await open(temp, 'wx', 0o600);
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        received += chunk.length;
        if (received > part.bytes) throw new Refused('INCOMPLETE', 'more bytes than the part’s size');
        hash.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    if (received !== part.bytes || hash.digest('hex') !== part.sha256) throw new Refused('INCOMPLETE', `received ${received} of ${part.bytes} bytes, or bytes that are not the part's`);
    await mkdir(dir, { recursive: true });
    try {
      await link(temp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if ((await sha256Of(target)) === part.sha256) {
        // Sent again after this node put it in place but maybe before the folder was synced (it died then).
        await syncDir(dir);
        return 'already';
      }
      throw new Refused('CONFLICT', `${part.file} is here already with other bytes`);
    }
    await syncDir(dir);
    options.logger.info({ conferenceId: part.conferenceId, recordingId: part.recordingId, point: part.pointId, file: part.file, bytes: part.bytes, from: part.from }, 'recording part gathered from another node');
    // A piece is listed by its sidecar (sent last): from now on a cut rendered before misses it.
    if (part.file.endsWith('.json')) await recording.programs.outdated(part.conferenceId, part.recordingId);
    return 'new';
  } finally {
    await rm(temp, { force: true });
  }
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** The new name in a folder is durable once the folder itself is synced (a power cut after the answer keeps it). */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Uploads a previous run of this node left half written (it died mid-upload): never put in place, so removed. */
export async function clearIncoming(root: string): Promise<void> {
  await rm(path.join(root, INCOMING_DIR), { recursive: true, force: true });
}
