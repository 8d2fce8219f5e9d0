import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { programEditList, type EditList } from '../../shared/recording/edit-list.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { Logger } from '../log/logger.js';
import { PROGRAM_FONTS } from './lower-third.js';
import { programRenderJob } from './program-graph.js';
import { readPieces } from './program-sources.js';
import type { RecordingStorage } from './storage.js';

// The program cut of one recording run, after it stopped: the edit list from the log (written
// beside the video as JSON), then the render by Debian's ffmpeg into one MP4 (H.264 + AAC,
// 1280×720). One render per run at a time; a finished one stays until asked again. Rendering is
// a file job of the server, not a meeting command: it changes nothing in the meeting.

export const PROGRAM_FILES = { video: 'program.mp4', editList: 'program.edit-list.json', report: 'program.render.json' } as const;


export type ProgramState =
  | { state: 'none' }
  | { state: 'rendering'; since: number }
  | { state: 'done'; renderMs: number; durationMs: number; bytes: number; shots: number }
  | { state: 'failed'; code: 'PROGRAM_RENDER_FAILED'; error: string };

export type ProgramCutOptions = { storage: RecordingStorage; logger: Logger; ffmpegPath?: string };

export class ProgramCuts {
  readonly #opts: ProgramCutOptions;
  readonly #rendering = new Map<string, { since: number; done: Promise<ProgramState> }>();
  readonly #failed = new Map<string, string>();

  constructor(opts: ProgramCutOptions) {
    this.#opts = opts;
  }

  runDir(conferenceId: string, recordingId: string): string {
    return path.dirname(this.#opts.storage.pointDir(conferenceId, recordingId, 'x'));
  }

  file(conferenceId: string, recordingId: string, which: keyof typeof PROGRAM_FILES): string {
    return path.join(this.runDir(conferenceId, recordingId), PROGRAM_FILES[which]);
  }

  async status(conferenceId: string, recordingId: string): Promise<ProgramState> {
    const key = `${conferenceId}/${recordingId}`;
    const running = this.#rendering.get(key);
    if (running) return { state: 'rendering', since: running.since };
    const failed = this.#failed.get(key);
    if (failed) return { state: 'failed', code: 'PROGRAM_RENDER_FAILED', error: failed };
    try {
      const report = JSON.parse(await readFile(this.file(conferenceId, recordingId, 'report'), 'utf8')) as Omit<Extract<ProgramState, { state: 'done' }>, 'state'>;
      return { state: 'done', ...report };
    } catch {
      return { state: 'none' };
    }
  }

  /**
   * Starts rendering (or joins the render already going on) and resolves when it ends. The edit
   * list comes from `events`, the conference's log; null when the log has no such stopped run.
   */
  render(conferenceId: string, recordingId: string, events: readonly MeetingEvent[]): { edl: EditList; done: Promise<ProgramState> } | null {
    const edl = programEditList(events, recordingId);
    if (!edl || edl.open) return null;
    const key = `${conferenceId}/${recordingId}`;
    const running = this.#rendering.get(key);
    if (running) return { edl, done: running.done };
    this.#failed.delete(key);
    const since = Date.now();
    const done = this.#render(conferenceId, edl)
      .catch((err: Error): ProgramState => {
        this.#failed.set(key, err.message);
        this.#opts.logger.warn({ conferenceId, recordingId, err: err.message }, 'program cut failed');
        return { state: 'failed', code: 'PROGRAM_RENDER_FAILED', error: err.message };
      })
      .finally(() => this.#rendering.delete(key));
    this.#rendering.set(key, { since, done });
    return { edl, done };
  }

  async #render(conferenceId: string, edl: EditList): Promise<ProgramState> {
    const started = Date.now();
    const dir = this.runDir(conferenceId, edl.recordingId);
    const work = path.join(dir, 'program-work');
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    await writeFile(path.join(dir, PROGRAM_FILES.editList), `${JSON.stringify(edl, null, 2)}\n`);
    const pieces = await readPieces(dir);
    const partial = path.join(dir, 'program.part.mp4');
    const job = programRenderJob(edl, pieces, { output: partial, fontFile: PROGRAM_FONTS.regular, boldFontFile: PROGRAM_FONTS.bold });
    for (const f of job.files) await writeFile(path.join(work, f.name), f.content);
    for (const args of job.steps) await run(this.#opts.ffmpegPath ?? 'ffmpeg', args, work);
    await rename(partial, path.join(dir, PROGRAM_FILES.video));
    await rm(work, { recursive: true, force: true });
    const result = { renderMs: Date.now() - started, durationMs: edl.durationMs, bytes: (await stat(path.join(dir, PROGRAM_FILES.video))).size, shots: edl.shots.length };
    await writeFile(path.join(dir, PROGRAM_FILES.report), `${JSON.stringify(result)}\n`);
    this.#opts.logger.info({ conferenceId, recordingId: edl.recordingId, pieces: pieces.length, ...result }, 'program cut rendered');
    return { state: 'done', ...result };
  }

  /**
   * Parts of the run arrived from another node (docs/CLUSTER.md, gathering) after its cut was
   * rendered: the cut misses them, so its state goes back to none and the office renders it again.
   * A render going on at that moment may still miss them (it read the folder when it began).
   */
  async outdated(conferenceId: string, recordingId: string): Promise<void> {
    this.#failed.delete(`${conferenceId}/${recordingId}`);
    await rm(this.file(conferenceId, recordingId, 'report'), { force: true });
  }

  /** Waits for every render going on (the server's close). */
  async close(): Promise<void> {
    await Promise.all([...this.#rendering.values()].map((r) => r.done));
  }
}

function run(bin: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${signal ?? `exit ${code}`}: ${stderr.trim().slice(-1500)}`))));
  });
}
