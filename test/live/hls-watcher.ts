import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { insetRect, type Rect } from '../../shared/recording/edit-list.js';

// A viewer of the live HLS stream, as a press office's player would be: it polls the playlist,
// fetches each new segment once, and notes when it had it; each segment's main picture and first
// inset are sampled five times a second for their colour (each synthetic point sends its own).
// Used by the live stream's test and its benchmark (bench/live.ts).

export function colourName([r, g, b]: [number, number, number]): string {
  if (r > g + 80 && r > b + 80) return 'red';
  if (b > r + 80 && b > g + 40) return 'blue';
  if (g > r + 60 && g > b + 60) return 'green';
  return `other(${r},${g},${b})`;
}

/** The middle of a picture's upper left quarter (clear of the insets and the lower third). */
const quarterOf = (rect: Rect) => ({ x: rect.x + Math.floor(rect.w / 8), y: rect.y + Math.floor(rect.h / 8), w: Math.floor(rect.w / 4), h: Math.floor(rect.h / 4) });
export const MAIN = quarterOf({ x: 0, y: 0, w: 1280, h: 720 });
export const INSET = quarterOf(insetRect(0));

export type Segment = { uri: string; seq: number; at: number; durationS: number; seenAt: number };
/** A fetched segment with the colour of the main picture and of the first inset, five times a second. */
export type Seen = Segment & { file: string; main: string[]; inset: string[] };

const SAMPLES_PER_S = 5;

/**
 * The colours of a rectangle, five frames a second. Asynchronous on purpose: the server may run
 * in the same process, and a synchronous ffmpeg would stop its event loop (and the live relays).
 */
export async function coloursOf(file: string, rect: Rect): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', file, '-vf', `fps=${SAMPLES_PER_S},crop=${rect.w}:${rect.h}:${rect.x}:${rect.y},scale=1:1:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 20 });
  const raw = stdout as unknown as Buffer;
  const out: string[] = [];
  for (let i = 0; i + 2 < raw.length; i += 3) out.push(colourName([raw[i]!, raw[i + 1]!, raw[i + 2]!]));
  return out;
}

/** The playlist's segments with their wall-clock start (EXT-X-PROGRAM-DATE-TIME). */
export function parsePlaylist(text: string, seenAt: number): { mediaSequence: number; discontinuity: boolean; segments: Segment[] } {
  const lines = text.split('\n').map((l) => l.trim());
  const mediaSequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? -1);
  const segments: Segment[] = [];
  let at = 0;
  let durationS = 0;
  for (const l of lines) {
    if (l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) at = Date.parse(l.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
    else if (l.startsWith('#EXTINF:')) durationS = Number.parseFloat(l.slice(8));
    else if (l && !l.startsWith('#')) segments.push({ uri: l, seq: mediaSequence + segments.length, at, durationS, seenAt });
  }
  return { mediaSequence, discontinuity: text.includes('#EXT-X-DISCONTINUITY'), segments };
}

export class HlsWatcher {
  readonly segments = new Map<number, Seen>();
  readonly mediaSequences: number[] = [];
  discontinuity = false;
  readonly #get: (file: string) => Promise<Response>;
  readonly #dir: string;
  #timer: NodeJS.Timeout | undefined;
  #busy = false;

  /** `get` fetches a file of the stream (the playlist or a segment) with a viewer's token; segments are kept in `dir`. */
  constructor(get: (file: string) => Promise<Response>, dir: string) {
    this.#get = get;
    this.#dir = dir;
  }

  start(everyMs = 250): void {
    this.#timer = setInterval(() => void this.poll(), everyMs);
  }

  async poll(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      const res = await this.#get('index.m3u8');
      if (res.status !== 200) return;
      const list = parsePlaylist(await res.text(), Date.now());
      this.mediaSequences.push(list.mediaSequence);
      this.discontinuity ||= list.discontinuity;
      for (const s of list.segments) {
        if (this.segments.has(s.seq)) continue;
        const body = await this.#get(s.uri);
        if (body.status !== 200) continue;
        const file = path.join(this.#dir, `seg-${s.seq}.ts`);
        writeFileSync(file, Buffer.from(await body.arrayBuffer()));
        const seenAt = Date.now();
        this.segments.set(s.seq, { ...s, seenAt, file, main: await coloursOf(file, MAIN), inset: await coloursOf(file, INSET) });
      }
    } finally {
      this.#busy = false;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The first segment fetched after `from` (wall clock) showing `colour` in the main picture or the inset. */
  firstShowing(from: number, where: 'main' | 'inset', colour: string): Seen | null {
    for (const s of [...this.segments.values()].sort((a, b) => a.seq - b.seq)) {
      if (s.seenAt >= from && s[where].includes(colour)) return s;
    }
    return null;
  }
}

/**
 * The share of a file's sound energy at each frequency (Goertzel over the whole file, decoded to
 * mono 16 kHz): each synthetic point sends its own tone, so this says whose microphones are mixed.
 */
export async function toneShares(file: string, freqs: number[]): Promise<number[]> {
  const rate = 16_000;
  const { stdout } = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', String(rate), '-f', 's16le', '-'], { encoding: 'buffer', maxBuffer: 1 << 24 });
  const pcm = stdout as unknown as Buffer;
  const n = Math.floor(pcm.length / 2);
  let energy = 0;
  for (let i = 0; i < n; i++) energy += (pcm.readInt16LE(2 * i) / 32768) ** 2;
  return freqs.map((f) => {
    const k = 2 * Math.cos((2 * Math.PI * f) / rate);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const s0 = pcm.readInt16LE(2 * i) / 32768 + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    // |X(f)|² of a sine of energy E over n samples is E·n/2: the share is 2|X|²/(n·E).
    const power = s1 * s1 + s2 * s2 - k * s1 * s2;
    return energy > 0 ? (2 * power) / (n * energy) : 0;
  });
}
