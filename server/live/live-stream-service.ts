import path from 'node:path';
import { currentLiveStream } from '../../shared/meeting/selectors-recording.js';
import type { Command } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { LivePush, PushState } from '../../shared/protocol/live-push.js';
import type { Logger } from '../log/logger.js';
import type { RecordingMediaEdge } from '../recording/media-edge.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import { LiveProgram } from './live-program.js';
import { redactedRtmpUrl, type RtmpPusher } from './rtmp-pusher.js';

// The server's live program stream: it follows the log (a live stream run is a command, R-LIVE-1)
// and keeps one LiveProgram per conference while a run goes on; every event appended while it
// runs may change the program (floor, layout, agenda step), so the program is shown again after
// each. A publisher that keeps dying stops the run with a `system` command (R-LIVE-2); the meeting
// itself is never touched. After a restart the log still says the run goes on: it starts again.

export type LiveStreamOptions = {
  media: RecordingMediaEdge;
  /** where each conference's HLS folder is: <dir>/<conferenceId>/ */
  dir: string;
  rtmpUrl: string | null;
  segmentSeconds: number;
  logger: Logger;
  ffmpegPath?: string;
};

const FAILURES_ALLOWED = 3;
const FAILURE_WINDOW_MS = 60_000;

export class LiveStreamService {
  readonly #opts: LiveStreamOptions;
  readonly #rooms = new Map<string, MeetingRoom>();
  readonly #programs = new Map<string, { streamId: string; program: LiveProgram }>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #failures = new Map<string, number[]>();
  readonly #givenUp = new Set<string>();
  readonly #onFeeds = (conferenceId: string) => void this.#programs.get(conferenceId)?.program.feedsChanged();
  #system: (conferenceId: string, command: Command) => Promise<Ack> = async () => ({ ok: false, code: 'INTERNAL_ERROR', message: 'not attached' });
  #closed = false;
  /** RTMP attempts that failed on this node since start, every run together (metrics) */
  #pushFailures = 0;

  constructor(opts: LiveStreamOptions) {
    this.#opts = opts;
    opts.media.on('feeds', this.#onFeeds);
  }

  attach(rooms: MeetingRooms, system: (conferenceId: string, command: Command) => Promise<Ack>): void {
    this.#system = system;
    rooms.list().forEach((r) => this.follow(r));
    rooms.on('room', (r) => this.follow(r));
  }

  follow(room: MeetingRoom): void {
    this.#rooms.set(room.conferenceId, room);
    room.on('appended', () => this.#enqueue(room.conferenceId));
    // Cluster mode: only the node that writes the conference mixes and pushes its program (one
    // RTMP push, one HLS); a node that takes the lease over starts it, one that loses it stops.
    room.on('promoted', () => this.#enqueue(room.conferenceId));
    room.on('demoted', () => this.#enqueue(room.conferenceId));
    if (currentLiveStream(room.state)) this.#enqueue(room.conferenceId);
  }

  /** The HLS folder of a conference (served while a run goes on). */
  hlsDir(conferenceId: string): string {
    return path.join(this.#opts.dir, conferenceId);
  }

  /** The live program of a conference now (tests, diagnostics). */
  program(conferenceId: string): LiveProgram | undefined {
    return this.#programs.get(conferenceId)?.program;
  }

  /** The configured RTMP address without its stream key (null: HLS only). */
  get pushTarget(): string | null {
    return this.#opts.rtmpUrl ? redactedRtmpUrl(this.#opts.rtmpUrl) : null;
  }

  /** RTMP attempts that failed on this node since it started. */
  get pushFailures(): number {
    return this.#pushFailures;
  }

  /** The RTMP push of a conference's live program as the consoles and /metrics show it. */
  push(conferenceId: string, now = Date.now()): LivePush {
    const pusher = this.#programs.get(conferenceId)?.program.pusher;
    return { conferenceId, target: this.pushTarget, push: pusher ? pushView(pusher, now) : null, failures: pusher?.failedAttempts ?? 0 };
  }

  /** Conferences whose live program runs on this node now. */
  liveConferences(): string[] {
    return [...this.#programs.keys()];
  }

  /** Resolves when the live program matches the log as it is now. */
  async settled(conferenceId: string): Promise<void> {
    await this.#queues.get(conferenceId);
  }

  #enqueue(conferenceId: string): void {
    const previous = this.#queues.get(conferenceId) ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(conferenceId)).catch((err: Error) => this.#reconcileFailed(conferenceId, err));
    this.#queues.set(conferenceId, next);
  }

  async #reconcile(conferenceId: string): Promise<void> {
    const room = this.#rooms.get(conferenceId);
    if (!room) return;
    const current = this.#closed || !room.writable ? null : currentLiveStream(room.state);
    const run = current && !this.#givenUp.has(current.id) ? current : null;
    const live = this.#programs.get(conferenceId);
    if (live && live.streamId !== run?.id) {
      this.#programs.delete(conferenceId);
      await live.program.stop();
      this.#opts.logger.info({ conferenceId, streamId: live.streamId }, 'live program stopped');
    }
    if (!run) return;
    const running = this.#programs.get(conferenceId);
    if (running) return void (await running.program.show(room.state));
    const { media, rtmpUrl, segmentSeconds, logger, ffmpegPath } = this.#opts;
    const program = new LiveProgram({ conferenceId, streamId: run.id, dir: this.hlsDir(conferenceId), media, rtmpUrl, segmentSeconds, logger, ...(ffmpegPath ? { ffmpegPath } : {}) });
    const entry = { streamId: run.id, program };
    program.onExit = (exit) => {
      if (exit.requested || this.#programs.get(conferenceId) !== entry) return;
      logger.warn({ conferenceId, code: exit.code, signal: exit.signal, stderr: exit.stderr.slice(-600) }, 'live program mixer stopped on its own');
      this.#programs.delete(conferenceId);
      void program.stop();
      this.#failed(conferenceId, run.id);
    };
    // The RTMP push's state, in the logs (also in /metrics and on the chair's and the organiser's
    // consoles through push(); the HLS and /readyz do not depend on it).
    program.onPushState = (state) => {
      if (state.state === 'pushing') logger.info({ conferenceId, streamId: run.id, attempt: state.attempt }, 'live RTMP push: pushing');
      if (state.state !== 'retrying') return;
      this.#pushFailures += 1;
      logger.warn({ conferenceId, streamId: run.id, attempt: state.attempt, error: state.error, retryInMs: state.retryAt - Date.now() }, 'live RTMP push failed: retrying');
    };
    this.#programs.set(conferenceId, entry);
    try {
      await program.start(room.state);
    } catch (error) {
      // A program that did not start is taken down whole; the run is tried again like a mixer
      // that died (and given up, recorded in the log, after a few failures), unless we are closing.
      if (this.#programs.get(conferenceId) === entry) this.#programs.delete(conferenceId);
      await program.stop();
      if (!this.#closed) this.#failed(conferenceId, run.id);
      throw error;
    }
    logger.info({ conferenceId, streamId: run.id, pid: program.pid, rtmp: rtmpUrl !== null }, 'live program started');
  }

  /**
   * A stop of the server sends SIGTERM to its whole process group, so an ffmpeg the program is
   * starting may die of it just before the server's own handler closes this service: that is the
   * server stopping, not a failure of the live stream.
   */
  #reconcileFailed(conferenceId: string, err: Error & { signal?: unknown }): void {
    const stopping = this.#closed || err.signal === 'SIGTERM' || err.signal === 'SIGINT';
    if (stopping) this.#opts.logger.info({ err: err.message, conferenceId }, 'live stream work interrupted: the server is stopping');
    else this.#opts.logger.error({ err: err.message, conferenceId }, 'live stream reconcile failed');
  }

  /** The mixer died; it is started again, and after a few deaths in a minute the run is stopped as publisherFailed. */
  #failed(conferenceId: string, streamId: string): void {
    const now = Date.now();
    const recent = (this.#failures.get(streamId) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    recent.push(now);
    this.#failures.set(streamId, recent);
    if (recent.length < FAILURES_ALLOWED) return this.#enqueue(conferenceId);
    this.#givenUp.add(streamId);
    void this.#system(conferenceId, { type: 'stopLiveStream', reason: 'publisherFailed' }).then((ack) => {
      if (!ack.ok && ack.code !== 'NO_CHANGE') this.#opts.logger.error({ conferenceId, code: ack.code }, 'could not record that the live stream stopped');
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#opts.media.off('feeds', this.#onFeeds);
    await Promise.all([...this.#queues.values()]);
    await Promise.all([...this.#programs.values()].map((p) => p.program.stop()));
    this.#programs.clear();
  }
}

/** The pusher's state for an operator: how long it has pushed, when it tries again, the last error. */
function pushView(pusher: RtmpPusher, now: number): PushState | null {
  const s = pusher.state;
  const lastError = pusher.lastError;
  switch (s.state) {
    case 'starting':
      return { state: 'starting', attempt: s.attempt, lastError };
    case 'pushing':
      return { state: 'pushing', attempt: s.attempt, forMs: Math.max(0, now - s.since), lastError };
    case 'retrying':
      return { state: 'retrying', attempt: s.attempt, error: s.error, retryInMs: Math.max(0, s.retryAt - now) };
    case 'stopped':
      return null;
  }
}
