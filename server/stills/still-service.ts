import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { programMainPoint } from '../../shared/media/program-still.js';
import { ALLOWED_ROLES, allowedStatuses } from '../../shared/meeting/permissions.js';
import type { Command, MeetingEvent } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { StillHttpErrorCode, TakeStillRequest } from '../../shared/protocol/stills-http.js';
import type { Caller } from '../commands/commandService.js';
import type { Logger } from '../log/logger.js';
import type { RecordingMediaEdge } from '../recording/media-edge.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import { grabFrame, jpegSize } from './frame-grab.js';
import type { StillFiles } from './still-files.js';

// The server's camera for stills (issue 16): on request from a console (the chair, the clerk, the
// organiser) and by itself at each speech's start. The SFU gives the picture, the meeting core
// decides whether it enters the record (recordStill, R-STILL-1..3): the JPEG is grabbed first,
// kept under the still's id only once the log has it, and dropped otherwise.

export type StillServiceOptions = {
  media: Pick<RecordingMediaEdge, 'pointFeeds' | 'openTap'>;
  files: StillFiles;
  logger: Logger;
  /** how a command enters the meeting for someone (the command service's `submit`) */
  submit: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  ffmpegPath?: string;
  grabTimeoutMs?: number;
};

export type TakeOutcome = { ok: true; stillId: string; pointId: string; seq: number } | { ok: false; code: StillHttpErrorCode; pointId?: string } | Ack;

const SYSTEM_CALLER: Caller = { principal: { role: 'system' }, source: 'system', flowKey: 'system' };
const SPEECH_STARTS: ReadonlySet<MeetingEvent['type']> = new Set(['floorGranted', 'directiveSpeechStarted']);

export class StillService {
  readonly #opts: StillServiceOptions;
  readonly #pending = new Set<Promise<unknown>>();
  #closed = false;

  constructor(opts: StillServiceOptions) {
    this.#opts = opts;
  }

  /** Takes a still of every speech's start in every room now and to come (R-STILL-2). */
  attach(rooms: MeetingRooms): void {
    rooms.list().forEach((r) => this.#follow(r));
    rooms.on('room', (r) => this.#follow(r));
  }

  #follow(room: MeetingRoom): void {
    room.on('appended', (stored) => {
      // Cluster mode: every node reads the speech's start from the log; only the writer takes its still.
      if (!room.writable) return;
      for (const { event } of stored) {
        if (!SPEECH_STARTS.has(event.type) || this.#closed) continue;
        const { speechId, pointId } = event as Extract<MeetingEvent, { type: 'floorGranted' | 'directiveSpeechStarted' }>;
        this.#track(
          this.#take(room.conferenceId, pointId, 'point', SYSTEM_CALLER, speechId).then((r) => {
            // A point without a camera simply has no still of its speech.
            if (!r.ok && r.code !== 'NO_VIDEO') this.#opts.logger.warn({ conferenceId: room.conferenceId, speechId, code: r.code }, 'no still of a speech start');
          }),
        );
      }
    });
  }

  /** A still someone asked for: a point's camera, or the program's main picture (R-STILL-1). */
  async take(room: MeetingRoom, request: TakeStillRequest, caller: Caller): Promise<TakeOutcome> {
    const feeds = this.#opts.media.pointFeeds(room.conferenceId).filter((f) => f.camera !== null);
    const pointId = request.source === 'point' ? request.pointId : programMainPoint(room.state, feeds.map((f) => f.pointId));
    // The core's checks first: nothing is grabbed for a command that would be refused anyway.
    const status = room.state.conference?.status;
    if (!ALLOWED_ROLES.recordStill.includes(caller.principal.role)) return { ok: false, code: 'FORBIDDEN', message: '' };
    if (!status || !allowedStatuses('recordStill').includes(status)) return { ok: false, code: status === 'closed' ? 'CONFERENCE_CLOSED' : 'WRONG_STATUS', message: '' };
    if (request.source === 'point' && !room.state.points[request.pointId]) return { ok: false, code: 'UNKNOWN_POINT', message: request.pointId };
    if (pointId === null) return { ok: false, code: 'NO_VIDEO' };
    // Stills are grabbed and kept by the node that writes the conference (the HTTP layer sends the
    // request there); one that does not write has no right picture to keep.
    if (!room.writable) return { ok: false, code: 'STILLS_UNAVAILABLE' };
    return this.#track(this.#take(room.conferenceId, pointId, request.source, caller));
  }

  async #take(conferenceId: string, pointId: string, source: 'point' | 'program', caller: Caller, speechId?: string): Promise<TakeOutcome> {
    const { media, files, logger } = this.#opts;
    const camera = media.pointFeeds(conferenceId).find((f) => f.pointId === pointId)?.camera ?? null;
    if (camera === null) return { ok: false, code: 'NO_VIDEO', pointId };
    const stillId = `still-${randomUUID()}`;
    const file = await files.pending(conferenceId, stillId);
    try {
      await grabFrame({ media, conferenceId, producerId: camera, file, ...(this.#opts.ffmpegPath ? { ffmpegPath: this.#opts.ffmpegPath } : {}), ...(this.#opts.grabTimeoutMs ? { timeoutMs: this.#opts.grabTimeoutMs } : {}) });
      const jpeg = await readFile(file);
      const size = jpegSize(jpeg);
      if (!size) throw new Error('ffmpeg wrote no JPEG');
      const command: Command = { type: 'recordStill', id: stillId, source, pointId, ...(speechId ? { speechId } : {}), ...size, bytes: jpeg.length };
      const ack = await this.#opts.submit(conferenceId, command, caller);
      if (!ack.ok) {
        await files.discard(file);
        return ack;
      }
      await files.keep(file, conferenceId, stillId);
      logger.info({ conferenceId, stillId, pointId, source, speechId, bytes: jpeg.length }, 'still taken');
      return { ok: true, stillId, pointId, seq: ack.seq };
    } catch (err) {
      await files.discard(file);
      logger.warn({ conferenceId, pointId, err: (err as Error).message }, 'still failed');
      return { ok: false, code: 'STILL_FAILED', pointId };
    }
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
    return p;
  }

  /** Resolves once every still being taken now is recorded or dropped (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.settled();
  }
}
