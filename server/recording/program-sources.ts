import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

// What one recording run holds on disk, read back for the program cut: per point, each recorder
// run (a "piece": the point left and came back, or re-sent its camera, so it has several) with
// the wall-clock instant its media began and its finished segments as ffmpeg listed them, with
// their start and end on that piece's timeline. A segment ffmpeg never listed (the one being
// written when the server died) is left out: it may not play.

export type Segment = { file: string; startS: number; endS: number };
export type Piece = {
  pointId: string;
  prefix: string;
  mediaStartedAt: number;
  /** what the recorder's SDP named: a point may send a camera without a microphone, or the reverse */
  video: boolean;
  audio: boolean;
  segments: Segment[];
  /**
   * How far into its first segment the piece's first packet is (s). The recorder keeps the times
   * of its clock relay (-copyts), so the first segment, listed from zero, begins when the first
   * packet came; later segments are each timed from their own start, as listed.
   */
  leadS: number;
};

const SidecarSchema = z.object({ pointId: z.string().min(1).max(140), startedAt: z.number().int().positive(), mediaStartedAt: z.number().int().positive() });
const CsvLine = z.tuple([z.string().regex(/^[0-9]+-[0-9]{5}\.webm$/), z.coerce.number().nonnegative(), z.coerce.number().nonnegative()]);

/** The segments ffmpeg finished, from its `<prefix>-segments.csv` (file,start,end per line). */
export function parseSegmentList(text: string, dir: string): Segment[] {
  const out: Segment[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const row = CsvLine.safeParse(line.trim().split(','));
    if (!row.success || row.data[2] <= row.data[1]) continue;
    out.push({ file: path.join(dir, row.data[0]), startS: row.data[1], endS: row.data[2] });
  }
  return out;
}

export async function readPieces(runDir: string): Promise<Piece[]> {
  const pieces: Piece[] = [];
  const points = await readdir(runDir, { withFileTypes: true }).catch(() => []);
  for (const entry of points.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(runDir, entry.name);
    const files = (await readdir(dir)).sort();
    for (const name of files.filter((f) => /^[0-9]+\.json$/.test(f))) {
      const prefix = name.slice(0, -'.json'.length);
      const sidecar = SidecarSchema.safeParse(jsonOrNull(await readFile(path.join(dir, name), 'utf8').catch(() => '')));
      if (!sidecar.success) continue;
      const csv = await readFile(path.join(dir, `${prefix}-segments.csv`), 'utf8').catch(() => '');
      const segments = parseSegmentList(csv, dir);
      const sdp = await readFile(path.join(dir, `${prefix}.sdp`), 'utf8').catch(() => '');
      const video = /^m=video /m.test(sdp);
      const audio = /^m=audio /m.test(sdp);
      if (segments.length > 0) pieces.push({ pointId: sidecar.data.pointId, prefix, mediaStartedAt: sidecar.data.mediaStartedAt, video, audio, segments, leadS: await startTime(segments[0]!.file) });
    }
  }
  return pieces;
}

/** One piece as the recording's listing shows it (GET …/recordings/:recordingId). */
export type PieceSummary = {
  pointId: string;
  prefix: string;
  mediaStartedAt: number;
  /** wall-clock ms of its first packet: where it begins on the run's (the log's) clock */
  firstAt: number;
  segments: number;
  durationS: number;
  bytes: number;
};

/**
 * The pieces of a run by point, each point's in the order they were recorded (their media's start
 * on the wall clock): after a change of writer, the part the old writer recorded and handed over
 * (docs/CLUSTER.md) comes before the new writer's.
 */
export async function listPieces(runDir: string): Promise<PieceSummary[]> {
  const pieces = await readPieces(runDir);
  const out: PieceSummary[] = [];
  for (const p of pieces) {
    let bytes = 0;
    for (const s of p.segments) bytes += await stat(s.file).then((st) => st.size, () => 0);
    // On the piece's timeline (as the program cut places it): from its first packet to its last segment's end.
    const fromS = p.segments[0]!.startS + p.leadS;
    const durationS = Math.max(0, p.segments.at(-1)!.endS - fromS);
    out.push({ pointId: p.pointId, prefix: p.prefix, mediaStartedAt: p.mediaStartedAt, firstAt: p.mediaStartedAt + Math.round(fromS * 1000), segments: p.segments.length, durationS: Math.round(durationS * 1000) / 1000, bytes });
  }
  return out.sort((a, b) => a.pointId.localeCompare(b.pointId) || a.mediaStartedAt - b.mediaStartedAt);
}

/** A media file's first packet time (s), as ffprobe reads it; 0 when it cannot tell. */
export function startTime(file: string, ffprobe = 'ffprobe'): Promise<number> {
  return new Promise((resolve) => {
    execFile(ffprobe, ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', file], { timeout: 30_000 }, (err, out) => {
      const t = Number(String(out).trim());
      resolve(!err && Number.isFinite(t) && t > 0 ? t : 0);
    });
  });
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
