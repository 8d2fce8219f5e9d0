import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

// What a recording really holds, read back by Debian's ffprobe and ffmpeg: its streams, its
// duration, its packets per stream, and the colour of a frame (each synthetic point has its own).

/** `duration` is how long the file plays: from its first packet (`start`) to its end. */
export type Probe = { streams: { codec: string; kind: string; packets: number }[]; duration: number; start: number };

export function probe(file: string): Probe {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_name,codec_type,nb_read_packets:format=duration,start_time', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out) as { streams: { codec_name: string; codec_type: string; nb_read_packets?: string }[]; format: { duration?: string; start_time?: string } };
  return {
    streams: json.streams.map((s) => ({ codec: s.codec_name, kind: s.codec_type, packets: Number(s.nb_read_packets ?? 0) })),
    // A recorder's first segment keeps its packets' times on the run's timeline (they begin a
    // few seconds in), and Matroska gives its duration from zero: what plays is the difference.
    duration: Number(json.format.duration ?? 0) - Math.max(0, Number(json.format.start_time ?? 0)),
    start: Math.max(0, Number(json.format.start_time ?? 0)),
  };
}

/** The mean colour [r, g, b] of the first decodable frame of a file. */
export function frameColour(file: string): [number, number, number] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', 'scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 20 });
  return [raw[0] ?? 0, raw[1] ?? 0, raw[2] ?? 0];
}

/** The segments in a point's folder, in order. */
export function segments(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.webm'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Decodes a whole file; ffmpeg's complaints (a broken frame, a truncated file) come back as text. */
export function decodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${r.status === 0 ? '' : `exit ${r.status} `}${r.stderr.trim()}`;
}

/** The mean colour [r, g, b] of a rectangle of the frame shown at `atS` seconds. */
export function colourAt(file: string, atS: number, rect: { x: number; y: number; w: number; h: number }): [number, number, number] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', atS.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `crop=${rect.w}:${rect.h}:${rect.x}:${rect.y},scale=1:1:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 20 });
  return [raw[0] ?? 0, raw[1] ?? 0, raw[2] ?? 0];
}

/** Times (s) a rectangle of the picture turns bright (a flash), from its brightness frame by frame at `fps`. */
export function flashOnsets(file: string, rect: { x: number; y: number; w: number; h: number }, fps: number): number[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `crop=${rect.w}:${rect.h}:${rect.x}:${rect.y},scale=1:1:flags=area,format=gray`, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 26 });
  const out: number[] = [];
  for (let i = 1; i < raw.length; i++) if (raw[i]! > 200 && raw[i - 1]! <= 200) out.push(i / fps);
  return out;
}

/**
 * Times (s) a tone above `highpassHz` starts after at least half a second of quiet, from 5 ms
 * windows of the decoded sound (other points' lower tones are filtered out).
 */
export function beepOnsets(file: string, highpassHz: number): number[] {
  const rate = 16_000;
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vn', '-af', `highpass=f=${highpassHz},highpass=f=${highpassHz},highpass=f=${highpassHz}`, '-ac', '1', '-ar', String(rate), '-f', 's16le', '-'], { maxBuffer: 1 << 28 });
  const samples = new Int16Array(raw.buffer, raw.byteOffset, Math.floor(raw.length / 2));
  const win = rate / 200;
  const peaks: number[] = [];
  for (let i = 0; i + win <= samples.length; i += win) {
    let m = 0;
    for (let j = i; j < i + win; j++) m = Math.max(m, Math.abs(samples[j]!));
    peaks.push(m);
  }
  const loud = Math.max(...peaks) * 0.3;
  const out: number[] = [];
  let quiet = 0;
  for (const [i, p] of peaks.entries()) {
    if (p > loud && quiet >= 100) out.push(i / 200);
    quiet = p > loud ? 0 : quiet + 1;
  }
  return out;
}
