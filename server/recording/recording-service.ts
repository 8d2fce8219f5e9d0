import { mkdir } from 'node:fs/promises';
import { currentRecording } from '../../shared/meeting/selectors-recording.js';
import type { Command } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import type { MediaTap, PointFeed, RecordingMediaEdge } from './media-edge.js';
import { PointRecorder, tapPorts } from './point-recorder.js';
import { ProgramCuts } from './program-cut.js';
import type { RecordingStorage, StorageUsage } from './storage.js';

// The server's recorder: it follows the log (a recording run is a command, R-REC-1) and the SFU
// (which points send what), and keeps one PointRecorder per sending point while a run goes on.
// After a restart the log still says a run goes on, so recording picks up as the points come
// back. Whatever fails here — a full disk, an ffmpeg that keeps dying — stops the recording with
// a `system` command (R-REC-2) and never touches the meeting itself.

export type RecordingServiceOptions = {
  media: RecordingMediaEdge;
  storage: RecordingStorage;
  logger: Logger;
  segmentSeconds: number;
  /** how often the storage is measured while recording */
  checkEveryMs?: number;
  ffmpegPath?: string;
};

type Running = { recorder: PointRecorder; feedKey: string; recordingId: string };

/** Unexpected recorder exits of one point within this window before the run is given up. */
const FAILURES_ALLOWED = 3;
const FAILURE_WINDOW_MS = 60_000;
/** Camera and microphone arrive one after the other: wait for both before starting ffmpeg. */
const FEEDS_SETTLE_MS = 400;

const feedKey = (f: PointFeed) => `${f.camera ?? '-'}|${f.microphone ?? '-'}`;

export class RecordingService {
  readonly #opts: RecordingServiceOptions;
  /** the program cuts rendered from this server's recordings */
  readonly programs: ProgramCuts;
  readonly #rooms = new Map<string, MeetingRoom>();
  readonly #running = new Map<string, Map<string, Running>>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #failures = new Map<string, number[]>();
  /** runs the server has stopped (the command may still be on its way): never restarted */
  readonly #givenUp = new Set<string>();
  readonly #onFeeds = (conferenceId: string) => this.#schedule(conferenceId, FEEDS_SETTLE_MS);
  #timer: NodeJS.Timeout | undefined;
  /** how the server's own commands enter the meeting (the command service's `system`) */
  #system: (conferenceId: string, command: Command) => Promise<Ack> = async () => ({ ok: false, code: 'INTERNAL_ERROR', message: 'not attached' });
  #checking = false;
  #closed = false;

  constructor(opts: RecordingServiceOptions) {
    this.#opts = opts;
    this.programs = new ProgramCuts({ storage: opts.storage, logger: opts.logger, ...(opts.ffmpegPath ? { ffmpegPath: opts.ffmpegPath } : {}) });
    opts.media.on('feeds', this.#onFeeds);
  }

  /** Follows every room now and to come; the server's stops go in through `system`. */
  attach(rooms: MeetingRooms, system: (conferenceId: string, command: Command) => Promise<Ack>): void {
    this.#system = system;
    rooms.list().forEach((r) => this.follow(r));
    rooms.on('room', (r) => this.follow(r));
  }

  follow(room: MeetingRoom): void {
    this.#rooms.set(room.conferenceId, room);
    let last = currentRecording(room.state)?.id ?? null;
    room.on('appended', () => {
      const now = currentRecording(room.state)?.id ?? null;
      if (now !== last) {
        last = now;
        this.#schedule(room.conferenceId, 0);
      }
    });
    // Cluster mode: only the node that writes the conference records it (its taps bring the
    // points of other nodes in); a node that takes the lease over picks the run up, and one that
    // loses it stops its recorders at once. One node: the room always writes.
    room.on('promoted', () => this.#schedule(room.conferenceId, 0));
    room.on('demoted', () => this.#schedule(room.conferenceId, 0));
    if (last) this.#schedule(room.conferenceId, 0);
  }

  /** Where the recordings lie (gathering across nodes reads and writes the runs' folders). */
  get storage(): RecordingStorage {
    return this.#opts.storage;
  }

  /** Recorders running now, by conference and point (tests, diagnostics). */
  recorders(conferenceId: string): PointRecorder[] {
    return [...(this.#running.get(conferenceId)?.values() ?? [])].map((r) => r.recorder);
  }

  async usage(conferenceId?: string): Promise<StorageUsage & { conferenceBytes: number | null }> {
    const { storage } = this.#opts;
    const u = await storage.usage();
    return { ...u, conferenceBytes: conferenceId ? await storage.bytes(storage.conferenceDir(conferenceId)) : null };
  }

  /** Resolves when the recorders match the log and the SFU as they are now. */
  async settled(conferenceId: string): Promise<void> {
    const pending = this.#pending.get(conferenceId);
    if (pending) {
      clearTimeout(pending);
      this.#pending.delete(conferenceId);
      this.#enqueue(conferenceId);
    }
    await this.#queues.get(conferenceId);
  }

  #schedule(conferenceId: string, delayMs: number): void {
    if (this.#closed || !this.#rooms.has(conferenceId)) return;
    if (this.#pending.has(conferenceId)) return;
    this.#pending.set(
      conferenceId,
      setTimeout(() => {
        this.#pending.delete(conferenceId);
        this.#enqueue(conferenceId);
      }, delayMs),
    );
  }

  #enqueue(conferenceId: string): void {
    const previous = this.#queues.get(conferenceId) ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(conferenceId)).catch((err: Error) => this.#opts.logger.error({ err: err.message, conferenceId }, 'recording reconcile failed'));
    this.#queues.set(conferenceId, next);
  }

  /** Makes the recorders of one conference match the current run and the points' feeds. */
  async #reconcile(conferenceId: string): Promise<void> {
    const room = this.#rooms.get(conferenceId);
    if (!room) return;
    const current = this.#closed || !room.writable ? null : currentRecording(room.state);
    const run = current && !this.#givenUp.has(current.id) ? current : null;
    const running = this.#running.get(conferenceId) ?? new Map<string, Running>();
    this.#running.set(conferenceId, running);
    const feeds = run ? this.#opts.media.pointFeeds(conferenceId) : [];
    const wanted = new Map(feeds.filter((f) => f.camera || f.microphone).map((f) => [f.pointId, f]));
    for (const [pointId, r] of running) {
      const feed = wanted.get(pointId);
      if (!feed || !run || r.recordingId !== run.id || r.feedKey !== feedKey(feed)) {
        running.delete(pointId);
        await r.recorder.stop();
      }
    }
    if (!run) return;
    this.#ensureChecking();
    for (const feed of wanted.values()) {
      if (running.has(feed.pointId)) continue;
      await this.#startPoint(conferenceId, run.id, feed, running).catch((err: Error) => {
        this.#opts.logger.warn({ conferenceId, point: feed.pointId, err: err.message }, 'could not start a point recorder');
        this.#failed(conferenceId, feed.pointId);
      });
    }
  }

  async #startPoint(conferenceId: string, recordingId: string, feed: PointFeed, running: Map<string, Running>): Promise<void> {
    const { media, storage, logger, segmentSeconds, ffmpegPath } = this.#opts;
    const producers = [feed.camera, feed.microphone].filter((p): p is string => p !== null);
    const ports = await tapPorts(producers.length);
    const taps: MediaTap[] = [];
    try {
      for (const [i, producerId] of producers.entries()) taps.push(await media.openTap(conferenceId, producerId, { ip: '127.0.0.1', port: ports[i]! }));
    } catch (err) {
      for (const t of taps) t.close();
      throw err;
    }
    const recorder = new PointRecorder({
      dir: storage.pointDir(conferenceId, recordingId, feed.pointId),
      pointId: feed.pointId,
      taps,
      segmentSeconds,
      logger,
      ...(ffmpegPath ? { ffmpegPath } : {}),
    });
    const entry: Running = { recorder, feedKey: feedKey(feed), recordingId };
    recorder.once('exit', (exit) => {
      if (running.get(feed.pointId) !== entry) return;
      running.delete(feed.pointId);
      if (!exit.requested) {
        // A tap closed (the point left or re-sent its camera) or ffmpeg died: look again.
        if (exit.failure !== undefined || (exit.code !== 0 && exit.code !== 255)) this.#failed(conferenceId, feed.pointId);
        this.#schedule(conferenceId, 1_000);
      }
    });
    running.set(feed.pointId, entry);
    await recorder.start();
    logger.info({ conferenceId, recordingId, point: feed.pointId, pid: recorder.pid, dir: recorder.dir }, 'point recorder started');
  }

  /** A point's recorder failed; after a few in a minute the run is stopped as recorderFailed. */
  #failed(conferenceId: string, pointId: string): void {
    const key = `${conferenceId}/${pointId}`;
    const now = Date.now();
    const recent = (this.#failures.get(key) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    recent.push(now);
    this.#failures.set(key, recent);
    if (recent.length >= FAILURES_ALLOWED) {
      this.#failures.delete(key);
      void this.#stopRun(conferenceId, 'recorderFailed');
    }
  }

  async #stopRun(conferenceId: string, reason: 'storageFull' | 'recorderFailed'): Promise<void> {
    const room = this.#rooms.get(conferenceId);
    const run = room && currentRecording(room.state);
    if (!room || !run) return;
    this.#givenUp.add(run.id);
    for (const r of this.#running.get(conferenceId)?.values() ?? []) void r.recorder.stop();
    const result = await this.#system(conferenceId, { type: 'stopRecording', reason });
    if (!result.ok && result.code !== 'NO_CHANGE') this.#opts.logger.error({ conferenceId, code: result.code }, 'could not record that recording stopped');
    else this.#opts.logger.warn({ conferenceId, reason }, 'recording stopped by the server');
  }

  #ensureChecking(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#checkStorage(), this.#opts.checkEveryMs ?? 1_000);
    this.#timer.unref();
  }

  async #checkStorage(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      const recording = [...this.#running].filter(([, m]) => m.size > 0).map(([id]) => id);
      if (recording.length === 0) return;
      const usage = await this.#opts.storage.usage();
      if (!usage.full) return;
      this.#opts.logger.warn({ usedBytes: usage.usedBytes, limitBytes: usage.limitBytes, freeBytes: usage.freeBytes }, 'recording storage full');
      // Stop writing at once; the command then tells every console why (R-REC-2).
      for (const conferenceId of recording) await this.#stopRun(conferenceId, 'storageFull');
    } catch (err) {
      this.#opts.logger.warn({ err: (err as Error).message }, 'recording storage check failed');
    } finally {
      this.#checking = false;
    }
  }

  static async prepare(storage: RecordingStorage): Promise<void> {
    await mkdir(storage.limits.root, { recursive: true });
  }

  /** Stops every recorder (each closes its segment) and follows nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const t of this.#pending.values()) clearTimeout(t);
    this.#pending.clear();
    this.#opts.media.off('feeds', this.#onFeeds);
    await Promise.all([...this.#queues.values()]);
    await Promise.all([...this.#running.values()].flatMap((m) => [...m.values()].map((r) => r.recorder.stop())));
    this.#running.clear();
    await this.programs.close();
  }
}
