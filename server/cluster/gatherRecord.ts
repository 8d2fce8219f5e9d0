import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { IdSchema } from '../../shared/protocol/common.js';
import type { Logger } from '../log/logger.js';
import type { RecordingService } from '../recording/recording-service.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import { sign, SIGNATURE_HEADER } from './nodeSigning.js';
import { MAX_PART_BYTES, PART_FILE, PART_HEADER, RECORD_PARTS_PATH, type RecordPart } from './recordParts.js';

// The sending end of gathering the record (docs/CLUSTER.md, "The record across a change of
// writer"). A node that wrote a conference for a while recorded part of its runs into its own
// data dir; once another node writes it, those parts belong with the writer, whose program cut and
// listing read one folder per run. So this node pushes them there, file by file, and deletes each
// of its copies only once the writer answered that the file is on its disk for good
// (recordParts.ts). It looks when it starts (it may come back after a crash or a stop), when it
// loses a lease (`demoted`), every GATHER_EVERY_MS (a writer that did not answer, a lease that
// moved while a part was on its way, a part recorded while this node was cut off), and at a
// graceful stop once its leases are given back (`handOverAtStop`), so that a node stopped for good
// leaves no part of the record behind. Why a push by
// the holder and not a pull by the writer: only the holder knows what it holds, and it is the one
// that may delete it; the writer needs no list of other nodes' disks, and a holder that comes
// back after a day still hands its part over.

/** How often a node looks for parts of conferences written elsewhere. */
export const GATHER_EVERY_MS = 5_000;
/** One file's request: the answer comes after its bytes are on the writer's disk. */
const SEND_TIMEOUT_MS = 60_000;
/**
 * A graceful stop's time for handing over, after the leases are given back: the new writer takes
 * a lease in about 0.6 s (CI), and the whole stop must end before a supervisor's SIGKILL (Docker's
 * comes 10 s after its SIGTERM; main.ts itself exits at 10 s).
 */
export const HAND_OVER_AT_STOP_MS = 5_000;
/** At a stop: how often to ask again who writes a conference whose lease this node just gave back. */
const WRITER_POLL_MS = 100;

export interface RecordGathererOptions {
  readonly key: Buffer;
  readonly rooms: MeetingRooms;
  readonly recording: RecordingService;
  /** the internal URL of the node that writes a conference now; null while none does */
  readonly writerUrl: (conferenceId: string) => Promise<string | null>;
  readonly selfUrl: () => string;
  readonly logger: Logger;
  readonly everyMs?: number;
}

/** What one look sent (logs, tests). */
export interface GatherReport {
  files: number;
  bytes: number;
}

type Answer = { ok?: boolean; stored?: 'new' | 'already'; code?: string; message?: string };

/** Segments first, then what describes them; the sidecar (.json) last: the writer lists a piece by it, so a piece appears there whole. */
const rank = (file: string) => (file.endsWith('.webm') ? 0 : file.endsWith('.sdp') ? 1 : file.endsWith('.csv') ? 2 : 3);
const prefixOf = (file: string) => /^[0-9]+/.exec(file)?.[0] ?? '';

export class RecordGatherer {
  readonly #opts: RecordGathererOptions;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #again = false;
  #closed = false;
  /** set by `handOverAtStop`: looks go on after close() until then, and no request outlives it */
  #stopDeadline: number | undefined;
  /** files already reported as refused, so a refusal repeated every look is logged once */
  readonly #warned = new Set<string>();

  constructor(opts: RecordGathererOptions) {
    this.#opts = opts;
  }

  start(): void {
    const watch = (room: MeetingRoom) => room.on('demoted', () => this.#soon(0));
    this.#opts.rooms.list().forEach(watch);
    this.#opts.rooms.on('room', watch);
    this.#soon(0);
  }

  #soon(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), ms);
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    if (this.#sweeping) {
      this.#again = true;
      return;
    }
    this.#sweeping = this.sweep()
      .then((r) => {
        if (r.files > 0) this.#opts.logger.info(r, 'recording parts handed to the writers');
      })
      .catch((err: Error) => this.#opts.logger.warn({ err: err.message }, 'recording parts not gathered; next look'));
    await this.#sweeping;
    this.#sweeping = undefined;
    this.#soon(this.#again ? 0 : (this.#opts.everyMs ?? GATHER_EVERY_MS));
    this.#again = false;
  }

  /** One look at every conference this node holds parts of and does not write. */
  async sweep(): Promise<GatherReport> {
    const report: GatherReport = { files: 0, bytes: 0 };
    for (const room of this.#opts.rooms.list()) {
      if (this.#halted()) break;
      if (!room.writable && room.state.recordings.length > 0) await this.#conference(room, report);
    }
    return report;
  }

  /** Closed, and not handing over at a stop (or its time is up). */
  #halted(): boolean {
    return this.#closed && (this.#stopDeadline === undefined || Date.now() >= this.#stopDeadline);
  }

  /**
   * A graceful stop, after this node gave its leases back: waits for each conference's new writer
   * and hands it this node's parts, within `withinMs` (the stop must end before a supervisor's
   * SIGKILL: Docker's comes 10 s after its SIGTERM). A file cut short by the time limit is
   * refused by the writer and kept here, like any part not handed over: it goes at the next start.
   * `othersLive` says whether any other node is still in the registry: when the whole cluster
   * stops, nobody will take the leases, and the stop does not wait for a writer.
   */
  async handOverAtStop(withinMs: number, othersLive: () => Promise<boolean>): Promise<GatherReport & { left: number }> {
    await this.close();
    const total: GatherReport = { files: 0, bytes: 0 };
    this.#stopDeadline = Date.now() + withinMs;
    try {
      for (;;) {
        const look = await this.sweep();
        total.files += look.files;
        total.bytes += look.bytes;
        if ((await this.#heldFolders()) === 0 || this.#halted() || !(await othersLive().catch(() => false))) break;
        await new Promise((resolve) => setTimeout(resolve, WRITER_POLL_MS));
      }
    } finally {
      this.#stopDeadline = Date.now();
    }
    return { ...total, left: await this.#heldFolders() };
  }

  /** Points' folders of runs of conferences this node does not write that still hold files of the record. */
  async #heldFolders(): Promise<number> {
    let n = 0;
    for (const room of this.#opts.rooms.list()) {
      if (room.writable) continue;
      for (const { dir } of await this.#held(room)) if ((await readdir(dir).catch(() => [] as string[])).some((f) => PART_FILE.test(f))) n += 1;
    }
    return n;
  }

  /** This node's folders of a conference's runs, one per point (an emptied one too: it is removed once looked at). */
  async #held(room: MeetingRoom): Promise<{ recordingId: string; pointId: string; dir: string }[]> {
    const held: { recordingId: string; pointId: string; dir: string }[] = [];
    for (const run of room.state.recordings) {
      const runDir = this.#opts.recording.programs.runDir(room.conferenceId, run.id);
      for (const entry of await readdir(runDir, { withFileTypes: true }).catch(() => [])) {
        const pointId = entry.isDirectory() ? this.#pointId(room, run.id, entry.name) : null;
        if (pointId) held.push({ recordingId: run.id, pointId, dir: path.join(runDir, entry.name) });
      }
    }
    return held;
  }

  async #conference(room: MeetingRoom, report: GatherReport): Promise<void> {
    const { recording } = this.#opts;
    const conferenceId = room.conferenceId;
    const held = await this.#held(room);
    if (held.length === 0) return;
    // A node that just lost the lease stops its recorders first: each closes its segment.
    await recording.settled(conferenceId);
    const writer = await this.#opts.writerUrl(conferenceId).catch(() => null);
    if (writer === null || writer === this.#opts.selfUrl()) return;
    for (const h of held) {
      if (!(await this.#point(room, writer, h, report))) break;
      await rmdir(h.dir).catch(() => undefined);
      await rmdir(path.dirname(h.dir)).catch(() => undefined);
    }
    await rmdir(recording.storage.conferenceDir(conferenceId)).catch(() => undefined);
  }

  /** The id a point's folder stands for (folders are ids made safe for a path: storage.ts). */
  #pointId(room: MeetingRoom, recordingId: string, name: string): string | null {
    const storage = this.#opts.recording.storage;
    const known = Object.keys(room.state.points).find((id) => path.basename(storage.pointDir(room.conferenceId, recordingId, id)) === name);
    if (known) return known;
    return IdSchema.safeParse(name).success ? name : null;
  }

  /** Sends one point's files of one run in order; false when one was not taken (the rest waits for the next look, in order). */
  async #point(room: MeetingRoom, writer: string, held: { recordingId: string; pointId: string; dir: string }, report: GatherReport): Promise<boolean> {
    const files = (await readdir(held.dir).catch(() => [] as string[])).filter((f) => PART_FILE.test(f)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const file of files) {
      // Checked before each file: the lease may have come back, and a recorder started here writes files of its own.
      if (this.#halted() || room.writable) return false;
      if (this.#opts.recording.recorders(room.conferenceId).some((r) => r.filePrefix === prefixOf(file))) return false;
      const full = path.join(held.dir, file);
      const size = await stat(full).then((s) => s.size, () => -1);
      if (size < 0) continue;
      if (size > MAX_PART_BYTES) {
        this.#warnOnce(full, { file: full, bytes: size }, 'a recording part too large to hand over is kept here');
        return false;
      }
      const bytes = await readFile(full);
      const part: RecordPart = {
        conferenceId: room.conferenceId,
        recordingId: held.recordingId,
        pointId: held.pointId,
        file,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        nonce: randomBytes(12).toString('hex'),
        from: this.#opts.selfUrl(),
      };
      const answer = await this.#send(writer, part, bytes);
      if (answer.ok !== true) {
        this.#warnOnce(full, { writer, file: full, code: answer.code, message: answer.message }, 'a recording part was not taken by the writer; kept here, next look');
        return false;
      }
      // The writer has it on its disk for good (fsync'd, answered after): this copy may go.
      await unlink(full);
      this.#warned.delete(full);
      report.files += 1;
      report.bytes += bytes.length;
    }
    return true;
  }

  async #send(writer: string, part: RecordPart, bytes: Buffer): Promise<Answer> {
    const header = Buffer.from(JSON.stringify(part)).toString('base64url');
    try {
      const res = await fetch(`${writer}${RECORD_PARTS_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', [PART_HEADER]: header, [SIGNATURE_HEADER]: sign(this.#opts.key, Date.now(), header) },
        // A copy typed as the fetch body wants (a Buffer may sit on a shared pool).
        body: new Uint8Array(bytes),
        signal: AbortSignal.timeout(this.#stopDeadline === undefined ? SEND_TIMEOUT_MS : Math.max(1, this.#stopDeadline - Date.now())),
      });
      const json = (await res.json().catch(() => ({}))) as Answer;
      return res.ok ? json : { ...json, ok: false, code: json.code ?? String(res.status) };
    } catch (err) {
      return { ok: false, code: 'OWNER_UNREACHABLE', message: (err as Error).message };
    }
  }

  #warnOnce(key: string, fields: object, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#opts.logger.warn(fields, message);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#sweeping;
  }
}
