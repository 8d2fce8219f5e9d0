import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

// What a recording really holds, read back by Debian's ffprobe and ffmpeg: its streams, its
// duration, its packets per stream, and the colour of a frame (each synthetic point has its own).

export type Probe = { streams: { codec: string; kind: string; packets: number }[]; duration: number };

export function probe(file: string): Probe {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_name,codec_type,nb_read_packets:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out) as { streams: { codec_name: string; codec_type: string; nb_read_packets?: string }[]; format: { duration?: string } };
  return {
    streams: json.streams.map((s) => ({ codec: s.codec_name, kind: s.codec_type, packets: Number(s.nb_read_packets ?? 0) })),
    duration: Number(json.format.duration ?? 0),
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
